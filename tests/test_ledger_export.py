"""Exports: the importer's layout (a round trip changes nothing), filters and scope of the
list page, 18-digit numbers as text, formula injection, masked personal data, the log."""

import io

import openpyxl
import pytest
from django.urls import reverse

from liangxin.audit.models import ChangeLog
from liangxin.instructors.models import Assignment
from liangxin.ledger.exporting import EXPORTS, write_export
from liangxin.ledger.importing import run_import
from liangxin.ledger.layouts import ORGANIZATION_LEDGER
from liangxin.ledger.models import ExportJob
from liangxin.ops.signals import task_lost
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.ledger_files import ledger_row, write_xlsx


def sheet_of(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def rows_of(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_then_import_changes_nothing(world, tmp_path, login):
    # A richer ledger first: a joint party org, an instructor, dates, a masked phone.
    joint = {"是否建立党组织": "是", "党组织名称": "东一联合党支部", "党组织书记": "赵某", "书记电话": "13800001111",
             "党建指导员": "王指导"}
    rows = [ledger_row(1, **joint), ledger_row(2, **joint), ledger_row(3, 备注="=SUM(A1:A9)", 出资人="-王某")]
    rows[0]["成立日期"] = "2021.3.4"
    assert run_import(write_xlsx(tmp_path / "in.xlsx", rows, header=[*list(rows[0])]), "in.xlsx", "ledger", world.street_user).saved
    response = login(world.street_user).get(reverse("ledger:export", args=["organizations"]))
    assert response.status_code == 200
    exported = tmp_path / "out.xlsx"
    exported.write_bytes(b"".join(response.streaming_content))
    before_logs = ChangeLog.objects.exclude(action__in=["export", "import"]).count()
    result = run_import(exported, "out.xlsx", "ledger", world.street_user)
    assert result.ok, [str(e) for e in result.errors]
    changed = {k: n for k, n in result.counts.items() if not k.endswith("未变")}
    assert changed == {}, changed
    assert result.counts["组织未变"] == Organization.objects.scoped(world.street_user).count()
    assert ChangeLog.objects.exclude(action__in=["export", "import"]).count() == before_logs


def test_export_follows_the_list_filters_and_the_users_scope(world, login):
    client = login(world.street_user)
    sheet = sheet_of(client.get(reverse("ledger:export", args=["organizations"])))
    names = {r[1] for r in rows_of(sheet)[1:]}
    assert names == {"东方电子有限公司", "东升物流有限公司"}  # not 西城科技 (another street)
    sheet = sheet_of(client.get(reverse("ledger:export", args=["organizations"]) + "?employees_min=100"))
    assert [r[1] for r in rows_of(sheet)[1:]] == ["东方电子有限公司"]
    assert rows_of(sheet)[0] == [c.header for c in ORGANIZATION_LEDGER.columns]


def test_18_digit_codes_are_text_and_formulas_are_neutralised(world, tmp_path):
    world.org1.notes = "=HYPERLINK(\"http://evil\",\"点我\")"
    world.org1.address = "+86 东街道"
    world.org1.owner_name = "@某"
    world.org1.save()
    out = tmp_path / "o.xlsx"
    write_export(EXPORTS["organizations"], world.street_user, {}, out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "东方电子有限公司")
    code = row[header.index("统一社会信用代码")]
    assert code.value == world.org1.credit_code and code.data_type == "s" and code.number_format == "@"
    notes, address, owner = (row[header.index(h)] for h in ("备注", "地址", "出资人"))
    assert notes.value.startswith("'=") and notes.data_type == "s"
    assert address.value == "'+86 东街道" and owner.value == "'@某"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_member_id_numbers_are_masked_and_the_export_logged(world, login):
    # Masked for everyone, the permission's holders included; the full numbers are an export of
    # their own (a recent second factor and a reason: tests/test_second_factor.py).
    for user in (world.street_user, world.admin):
        sheet = sheet_of(login(user).get(reverse("ledger:export", args=["members"])))
        ids = [r[3] for r in rows_of(sheet)[1:]]
        assert ids and all("*" in i for i in ids)
        assert ChangeLog.objects.filter(action="export", username=user.username).exists()
        assert not ChangeLog.objects.filter(action="view_pii", username=user.username).exists()


@pytest.mark.parametrize("key", ["organizations", "partyorgs", "members", "regions"])
def test_each_list_exports_and_is_logged(world, login, key):
    response = login(world.admin).get(reverse("ledger:export", args=[key]))
    assert response.status_code == 200
    assert len(rows_of(sheet_of(response))) > 1
    assert ChangeLog.objects.filter(action="export", detail__startswith=f"导出{EXPORTS[key].title}").exists()


def test_roles_without_the_list_cannot_export_it(world, login):
    assert login(world.leader).get(reverse("ledger:export", args=["members"])).status_code == 403
    # A paired unit sees its own organization only.
    sheet = sheet_of(login(world.paired_user).get(reverse("ledger:export", args=["organizations"])))
    assert [r[1] for r in rows_of(sheet)[1:]] == ["西城科技有限公司"]


def test_the_blank_template_has_instructions_drop_downs_and_an_example_row(world, login, tmp_path):
    response = login(world.street_user).get(reverse("ledger:template", args=["ledger"]))
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in ORGANIZATION_LEDGER.columns]
    assert sheet.cell(row=2, column=1).value == "示例"
    assert "填写说明" in book.sheetnames
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    kind_col = [c.key for c in ORGANIZATION_LEDGER.columns].index("kind") + 1
    kind_letter = openpyxl.utils.get_column_letter(kind_col)
    assert f"=选项!${kind_letter}$1:${kind_letter}$2" in formulas
    assert [book["选项"].cell(row=i, column=kind_col).value for i in (1, 2)] == ["非公企业", "社会组织"]
    # Importing the untouched template imports nothing: the example row is skipped.
    from liangxin.ledger.reading import FileRefused

    with pytest.raises(FileRefused, match="没有数据"):
        run_import(path, "template.xlsx", "ledger", world.street_user)


def test_list_pages_show_the_ledger_buttons(world, login):
    page = login(world.street_user).get(reverse("organizations:organization_list") + "?kind=enterprise").content.decode()
    assert reverse("ledger:export", args=["organizations"]) + "?kind=enterprise" in page
    assert reverse("ledger:import") + "?kind=ledger" in page
    assert reverse("ledger:template", args=["ledger"]) in page
    page = login(world.leader).get(reverse("organizations:organization_list")).content.decode()
    assert reverse("ledger:import") not in page


def test_party_org_export_lists_covered_organizations(world, login):
    PartyOrg.objects.get(pk=world.party_org1.pk).organizations.add(world.org1b)
    Assignment.objects.all()  # noqa: B018 — nothing else needed
    sheet = sheet_of(login(world.street_user).get(reverse("ledger:export", args=["partyorgs"])))
    row = next(r for r in rows_of(sheet)[1:] if r[1] == "东方电子有限公司党支部")
    assert set(row[8].split("、")) == {"东方电子有限公司", "东升物流有限公司"}


def test_a_large_export_is_written_by_the_worker_and_downloaded_from_its_page(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEDGER_EXPORT_INLINE_ROWS = 0  # every list is "large"
    client = login(world.street_user)
    response = client.get(reverse("ledger:export", args=["organizations"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledger:export_detail", args=[job.pk])
    expected = set(Organization.objects.scoped(world.street_user).values_list("name", flat=True))
    # The immediate backend has run it in the request.
    assert (job.status, job.user, job.rows) == (ExportJob.Status.DONE, world.street_user, len(expected))
    page = client.get(response["Location"]).content.decode()
    assert f"已导出 {len(expected)} 行" in page and reverse("ledger:export_download", args=[job.pk]) in page
    sheet = sheet_of(client.get(reverse("ledger:export_download", args=[job.pk])))
    assert {row[1] for row in rows_of(sheet)[1:]} == expected
    assert ChangeLog.objects.filter(action="export", username=world.street_user.username).count() == 1
    # Someone else's job, even an administrator's look at it, answers 404.
    for other in (world.grid_user, world.admin):
        assert login(other).get(reverse("ledger:export_download", args=[job.pk])).status_code == 404
    # A role without large exports (a party secretary) still gets its file at once.
    direct = login(world.secretary).get(reverse("ledger:export", args=["organizations"]))
    assert direct.status_code == 200 and ExportJob.objects.count() == 1


def test_a_lost_export_says_so_and_offers_to_export_again(world, login):
    job = ExportJob.objects.create(user=world.street_user, key="organizations", title="两新组织台账",
                                   params=[["q", ["测试"]]], status=ExportJob.Status.RUNNING, task_id="t-1")
    task_lost.send(sender=None, task_id="t-1")
    job.refresh_from_db()
    assert (job.status, job.message) == (ExportJob.Status.FAILED, ExportJob.INTERRUPTED)
    page = login(world.street_user).get(reverse("ledger:export_detail", args=[job.pk])).content.decode()
    assert "重新导出" in page and reverse("ledger:export", args=["organizations"]) + "?q=%E6%B5%8B%E8%AF%95" in page
