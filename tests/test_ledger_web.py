"""The web import (upload → preview → confirm), the error report download, and the CLI."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from liangxin.audit.models import ChangeLog
from liangxin.ledger.models import ImportJob
from liangxin.organizations.models import Organization
from tests.ledger_files import credit_code, ledger_row, write_xlsx


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, path, kind="ledger"):
    with path.open("rb") as handle:
        return client.post(reverse("ledger:import"), {"file": handle, "kind": kind})


def test_upload_preview_confirm(world, login, tmp_path, media):
    client = login(world.street_user)
    assert client.get(reverse("ledger:import")).status_code == 200
    path = write_xlsx(tmp_path / "台账.xlsx", [ledger_row(1), ledger_row(2)])
    response = upload(client, path)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledger:import_detail", args=[job.pk])
    assert job.status == ImportJob.Status.VALID and job.created_count == 2
    assert not Organization.objects.filter(credit_code=credit_code(1)).exists()  # the preview saves nothing
    page = client.get(response["Location"]).content.decode()
    assert "确认导入" in page and "测试企业1有限公司" in page
    client.post(reverse("ledger:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Organization.objects.filter(credit_code__in=[credit_code(1), credit_code(2)]).count() == 2
    assert ChangeLog.objects.filter(action="import", username="street1").count() == 1
    # Another user (even of the same street) cannot see the job or its file.
    other = login(world.grid_user)
    assert other.get(reverse("ledger:import_detail", args=[job.pk])).status_code == 404


def test_errors_are_listed_and_downloadable_as_an_annotated_file(world, login, tmp_path, media):
    client = login(world.street_user)
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1), ledger_row(2, 所属网格="东一第9网格"), ledger_row(3, 是否建立工会="可能")])
    upload(client, path)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID and job.error_count == 2
    page = client.get(reverse("ledger:import_detail", args=[job.pk])).content.decode()
    assert "东一第9网格" in page and "“东一第1网格”" in page and "确认导入" not in page
    response = client.get(reverse("ledger:import_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    notes = [row[-1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert notes[0] is None and "所属网格" in notes[1] and "是否建立工会" in notes[2]
    assert client.post(reverse("ledger:import_confirm", args=[job.pk])).status_code == 302
    assert not Organization.objects.filter(credit_code=credit_code(1)).exists()


def test_a_refused_file_is_an_error_on_the_form(world, login, tmp_path, media):
    path = write_xlsx(tmp_path / "t.xlsm", [ledger_row(1)])
    response = upload(login(world.street_user), path)
    assert response.status_code == 200 and "宏" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_roles_without_write_access_cannot_open_the_import(world, login):
    for user in (world.leader, world.instructor_user, world.secretary):
        assert login(user).get(reverse("ledger:import")).status_code == 403
    # Street committees run their own grids (issue 16), so they may bring their part of the tree
    # from a spreadsheet too; what the import may touch is scoped (test_ledger_import).
    for user in (world.street_user, world.admin):
        assert login(user).get(reverse("ledger:import") + "?kind=regions").status_code == 200


def test_the_cli_imports_with_dry_run_and_as_a_user(world, tmp_path, capsys):
    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1), ledger_row(2)])
    call_command("import_ledger", str(path), "--dry-run", "--user", "street1")
    assert "检查通过" in capsys.readouterr().out
    assert not Organization.objects.filter(credit_code=credit_code(1)).exists()
    call_command("import_ledger", str(path), "--user", "street1")
    assert Organization.objects.filter(credit_code=credit_code(1)).exists()
    bad = write_xlsx(tmp_path / "bad.xlsx", [ledger_row(3, 所属街道="西街道", 所属社区="西一社区", 所属网格="西一第1网格")])
    with pytest.raises(SystemExit):
        call_command("import_ledger", str(bad), "--user", "street1", "--errors", str(tmp_path / "errors.xlsx"))
    assert "管辖范围" in capsys.readouterr().out and (tmp_path / "errors.xlsx").exists()
    call_command("import_ledger", str(bad))  # the command line without --user: the whole district
    assert Organization.objects.filter(credit_code=credit_code(3), region=world.grid2).exists()


def test_the_console_script_maps_hyphenated_command_names(world, tmp_path, capsys):
    from liangxin.cli import main

    path = write_xlsx(tmp_path / "t.xlsx", [ledger_row(1)])
    main(["liangxin", "import-ledger", str(path), "--dry-run"])
    assert "检查通过" in capsys.readouterr().out


def test_an_interrupted_job_runs_again_from_its_page(world, login, tmp_path, media):
    client = login(world.street_user)
    upload(client, write_xlsx(tmp_path / "t.xlsx", [ledger_row(1)]))
    job = ImportJob.objects.get()
    # As liangxin.ops.worker leaves it when the worker running the confirm died.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message=ImportJob.INTERRUPTED,
                                               action=ImportJob.Action.CONFIRM)
    page = client.get(reverse("ledger:import_detail", args=[job.pk])).content.decode()
    assert ImportJob.INTERRUPTED in page and "重新运行" in page
    assert login(world.grid_user).post(reverse("ledger:import_rerun", args=[job.pk])).status_code == 404
    client.post(reverse("ledger:import_rerun", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE  # the step it was interrupted in: the confirm
    assert Organization.objects.filter(credit_code=credit_code(1)).exists()
    client.post(reverse("ledger:import_rerun", args=[job.pk]))  # a finished job is not run again
    assert Organization.objects.filter(credit_code=credit_code(1)).count() == 1


def test_a_queued_job_says_when_no_worker_runs(world, login, tmp_path, media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run in the request
    client = login(world.street_user)
    upload(client, write_xlsx(tmp_path / "t.xlsx", [ledger_row(1)]))
    job = ImportJob.objects.get()
    assert (job.status, job.stage) == (ImportJob.Status.VALIDATING, ImportJob.Stage.QUEUED) and job.task_id
    page = client.get(reverse("ledger:import_progress", args=[job.pk])).content.decode()
    assert "排队等待后台任务进程" in page and "后台任务进程目前没有运行" in page
