"""The 附件1 安排表 (seed 004) imported with the ledger machinery, from real .xlsx files: units
created or matched by name, organizations found inside the importer's jurisdiction, all or
nothing, preview then confirm, Chinese messages naming row and column."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from liangxin.audit.models import ChangeLog
from liangxin.ledger.importing import run_import
from liangxin.ledger.models import ImportJob
from liangxin.pairing.models import PairedUnit, Pairing

pytestmark = pytest.mark.django_db

HEADER = ["序号", "单位名称", "单位层级", "单位所在街道", "单位类别", "机构级别", "单独组建党组织", "单位党组织名称",
          "单位负责人", "结对组织名称", "统一社会信用代码", "组织所在街道", "组织负责人", "开始日期", "结束日期", "备注"]


def write_plan(path, rows, header=HEADER):
    """An 安排表 as the district office sends it: a merged title row, then the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "附件1"
    sheet.cell(row=1, column=1, value="党组织关系在本区的区直、驻区单位与“两新”组织结对共建、创先争优工作安排表")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    workbook.save(path)
    return path


def plan_row(n, **changes):
    row = {"序号": n, "单位名称": f"区第{n}局", "单位层级": "区直单位", "单位类别": "机关", "机构级别": "副处级以上",
           "单独组建党组织": "是", "单位党组织名称": f"中共区第{n}局支部委员会", "单位负责人": "陈某",
           "组织负责人": "刘书记", "开始日期": "2026年1月1日"}
    row.update(changes)
    return row


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_it_lets_the_district_import_the_plan_all_at_once(world, tmp_path):
    path = write_plan(tmp_path / "附件1.xlsx", [
        plan_row(1, 统一社会信用代码=world.org1.credit_code),
        plan_row(2, 结对组织名称="东升物流有限公司", 组织所在街道="东街道", 单位层级="街道单位", 单位名称="东街道城建办",
                 机构级别="科级及以下", 单位类别="事业单位"),
        # 区司法局 and its pairing with 西城科技 are in the register: the row updates the contacts.
        plan_row(3, 单位名称="区司法局", 结对组织名称="西城科技有限公司", 开始日期="2025-01-01", 单位负责人="周某",
                 单位党组织名称="中共区司法局委员会"),
    ])
    preview = run_import(path, "附件1.xlsx", "pairings", world.admin, dry_run=True)
    assert preview.ok, [str(e) for e in preview.errors]
    assert dict(preview.counts) == {"单位新增": 2, "单位修改": 1, "结对新增": 2, "结对修改": 1}, preview.counts
    assert not PairedUnit.objects.filter(name="区第1局").exists()  # the preview saves nothing

    result = run_import(path, "附件1.xlsx", "pairings", world.admin)
    assert result.saved, [str(e) for e in result.errors]
    first = PairedUnit.objects.get(name="区第1局")
    assert first.region == world.district and first.level == PairedUnit.Level.DISTRICT and first.has_party_org
    street_unit = PairedUnit.objects.get(name="东街道城建办")
    assert street_unit.region == world.street1 and street_unit.category == PairedUnit.Category.INSTITUTION
    pairing = Pairing.objects.get(unit=first)
    assert pairing.organization == world.org1 and pairing.start_date == datetime.date(2026, 1, 1)
    assert pairing.unit_contact == "陈某" and pairing.organization_contact == "刘书记"
    assert Pairing.objects.get(unit=street_unit).organization == world.org1b
    existing = Pairing.objects.get(unit=world.unit, organization=world.org2)
    assert existing.unit_contact == "周某" and Pairing.objects.filter(unit=world.unit).count() == 1
    assert ChangeLog.objects.for_object(pairing).filter(action=ChangeLog.Action.CREATE).exists()
    assert ChangeLog.objects.filter(action=ChangeLog.Action.IMPORT, detail__contains="结对共建工作安排表").exists()

    again = run_import(path, "附件1.xlsx", "pairings", world.admin)
    assert again.saved and again.counts["结对未变"] == 3 and not again.counts["结对新增"]


def test_one_bad_row_imports_nothing_and_each_error_names_its_row_and_column(world, tmp_path):
    path = write_plan(tmp_path / "附件1.xlsx", [
        plan_row(1, 统一社会信用代码=world.org1.credit_code),
        plan_row(2, 结对组织名称="不存在的公司"),
        plan_row(3, 结对组织名称="西城科技有限公司", 单位层级="省直单位"),
        plan_row(4, 结对组织名称="东方电子有限公司", 开始日期="2026.2.30"),
        plan_row(5, 结对组织名称="东方电子有限公司", 开始日期="2026-03-01", 结束日期="2026-01-01"),
    ])
    result = run_import(path, "附件1.xlsx", "pairings", world.admin)
    assert not result.saved and not PairedUnit.objects.filter(name="区第1局").exists()
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("第4行“结对组织名称”列（不存在的公司）") and "管辖范围内没有这个名称的组织" in m for m in messages), messages
    assert any(m.startswith("第5行“单位层级”列（省直单位）") and "不是可选的值" in m for m in messages), messages
    assert any(m.startswith("第6行“开始日期”列") and "不是有效日期" in m for m in messages), messages
    assert any(m.startswith("第7行") and "结束日期" in m for m in messages), messages


def test_a_street_imports_only_inside_its_street(world, tmp_path):
    path = write_plan(tmp_path / "附件1.xlsx", [
        plan_row(1, 单位名称="东街道社区服务中心", 单位层级="街道单位", 机构级别="科级及以下", 结对组织名称="东方电子有限公司"),
        plan_row(2, 单位名称="东街道司法所", 单位层级="街道单位", 统一社会信用代码=world.org2.credit_code),  # the west street's
        plan_row(3, 单位名称="区司法局", 结对组织名称="东升物流有限公司"),  # the district's unit, not visible to the east street
    ])
    result = run_import(path, "附件1.xlsx", "pairings", world.street_user)
    assert not result.saved
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2, messages
    assert any(m.startswith("第4行“统一社会信用代码”列") and "管辖范围内没有" in m for m in messages), messages
    assert any(m.startswith("第5行“单位名称”列（区司法局）") and "不在您的管辖范围内" in m for m in messages), messages

    ok = write_plan(tmp_path / "ok.xlsx", [plan_row(1, 单位名称="东街道社区服务中心", 单位层级="街道单位", 机构级别="科级及以下",
                                                     结对组织名称="东方电子有限公司")])
    result = run_import(ok, "ok.xlsx", "pairings", world.street_user)
    assert result.saved, [str(e) for e in result.errors]
    assert PairedUnit.objects.get(name="东街道社区服务中心").region == world.street1


def test_the_web_import_previews_then_confirms_and_offers_the_blank_template(world, login, tmp_path, media):
    client = login(world.admin)
    template = client.get(reverse("ledger:template", args=["pairings"]))
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active
    assert [c.value for c in sheet[1]][:3] == ["序号", "单位名称", "单位层级"] and sheet["A2"].value == "示例"
    assert "?kind=pairings" in client.get(reverse("pairing:pairing_list")).content.decode()
    page = client.get(reverse("ledger:import") + "?kind=pairings").content.decode()
    assert "结对共建工作安排表" in page and "附件1安排表" in page

    path = write_plan(tmp_path / "附件1.xlsx", [plan_row(1, 统一社会信用代码=world.org1.credit_code)])
    with path.open("rb") as handle:
        response = client.post(reverse("ledger:import"), {"file": handle, "kind": "pairings"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.VALID, job.message
    assert not PairedUnit.objects.filter(name="区第1局").exists()
    client.post(reverse("ledger:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Pairing.objects.filter(unit__name="区第1局", organization=world.org1).exists()


def test_roles_that_do_not_keep_the_register_cannot_import_it(world, login, tmp_path):
    for user in (world.secretary, world.paired_user, world.leader, world.grid_user):
        client = login(user)
        assert client.get(reverse("ledger:import") + "?kind=pairings").status_code in (403, 404)
        assert "?kind=pairings" not in client.get(reverse("pairing:pairing_list")).content.decode()


def test_the_three_register_lists_export_to_excel_and_pairings_import_back_unchanged(world, login, tmp_path):
    from liangxin.pairing.models import PointsRecord

    Pairing.objects.filter(unit=world.unit).update(unit_contact="周某", organization_contact="刘书记")
    PointsRecord.objects.create(pairing=Pairing.objects.get(unit=world.unit), kind="visit", date=datetime.date(2026, 3, 2),
                                content="走访企业", participants="单位党支部书记张三等3人", results="制度上墙")
    admin = login(world.admin)
    for key, page in (("pairings", "pairing_list"), ("paired-units", "pairedunit_list"), ("points-records", "pointsrecord_list")):
        assert f"/ledger/export/{key}/" in admin.get(reverse(f"pairing:{page}")).content.decode()
    response = admin.get(reverse("ledger:export", args=["pairings"]))
    exported = tmp_path / "结对关系.xlsx"
    exported.write_bytes(b"".join(response.streaming_content))
    sheet = openpyxl.load_workbook(exported).active
    assert [c.value for c in sheet[1]] == HEADER and sheet["B2"].value == "区司法局" and sheet["J2"].value == "西城科技有限公司"
    again = run_import(exported, "结对关系.xlsx", "pairings", world.admin)
    assert again.saved and dict(again.counts) == {"单位未变": 1, "结对未变": 1}, ([str(e) for e in again.errors], again.counts)

    units = openpyxl.load_workbook(io.BytesIO(b"".join(admin.get(reverse("ledger:export", args=["paired-units"])).streaming_content))).active
    assert [c.value for c in units[2]][1] == "区司法局" and [c.value for c in units[2]][9] == "西城科技有限公司"
    records = openpyxl.load_workbook(io.BytesIO(b"".join(admin.get(reverse("ledger:export", args=["points-records"])).streaming_content))).active
    assert [c.value for c in records[2]][2:5] == ["到访", "区司法局", "西城科技有限公司"]
    # The leader sees no person: the participants' names are left out of its export.
    leader = login(world.leader)
    rows = openpyxl.load_workbook(io.BytesIO(b"".join(leader.get(reverse("ledger:export", args=["points-records"])).streaming_content))).active
    assert [c.value for c in rows[2]][6] in (None, "")
