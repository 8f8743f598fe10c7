"""Census campaigns (摸底, REP-1): opening, filling, the plan or the reasons, progress per
region, import of the census sheet, read-only once closed, comparison with last year."""

import datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liangxin.ledger.importing import run_import
from liangxin.ledger.models import Census, CensusRecord
from liangxin.rules.models import ParameterOverride


def open_census(login, world, **extra):
    data = {"name": "2026年两新组织摸底", "year": 2026, "region": world.district.pk, "deadline": "2026-06-30", **extra}
    response = login(world.admin).post(reverse("ledger:census_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Census.objects.get(name=data["name"])


def test_opening_a_census_creates_a_record_per_organization_with_the_threshold_in_force(world, login):
    census = open_census(login, world)
    assert census.threshold == 3 and "默认值（《在全县“两新”组织党建工作会议上的讲话》" in census.threshold_source
    records = {r.organization_id: r for r in census.records.all()}
    assert set(records) == {world.org1.pk, world.org1b.pk, world.org2.pk}
    org1 = records[world.org1.pk]
    assert (org1.employees, org1.formal_members, org1.has_party_org, org1.region_id) == (120, 1, True, world.grid1.pk)


def test_the_threshold_comes_from_the_policy_engine_per_region(world, login):
    ParameterOverride.objects.create(key="standalone_min_members", value=5, region=world.district,
                                     effective_from=datetime.date(2020, 1, 1), reason="按004文件")
    census = open_census(login, world)
    assert census.threshold == 5


def test_a_qualifying_organization_needs_a_plan_and_the_others_reasons(world, login):
    census = open_census(login, world)
    record = census.records.get(organization=world.org1b)  # no party org
    client = login(world.street_user)
    url = reverse("ledger:censusrecord_edit", args=[record.pk])
    base = {"surveyed": "on", "surveyed_on": "2026-03-01", "employees": 20, "formal_members": 4, "probationary_members": 0}
    response = client.post(url, base)
    assert response.status_code == 200 and "计划组建日期" in response.content.decode()
    response = client.post(url, {**base, "plan_target_date": "2026-06-01", "plan_mode": "standalone", "plan_responsible": "街道组织委员"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.members_suffice and record.needs_plan and record.plan_mode == "standalone"
    response = client.post(url, {**base, "formal_members": 1})
    assert "未建原因" in response.content.decode()
    response = client.post(url, {**base, "formal_members": 1, "reasons": "党员不足", "responsibility": "东一社区",
                                 "countermeasures": "纳入东一社区联合党支部"})
    assert response.status_code == 302


def test_progress_per_region_and_figures(world, login):
    census = open_census(login, world)
    CensusRecord.objects.filter(census=census, organization=world.org1).update(surveyed=True)
    records = CensusRecord.objects.scoped(world.admin).filter(census=census)
    progress = {p["region"].name: (p["surveyed"], p["total"]) for p in records.progress_by_region([world.street1, world.street2])}
    assert progress == {"东街道": (1, 2), "西街道": (0, 1)}
    assert records.figures()["surveyed"] == 1
    page = login(world.street_user).get(reverse("ledger:census_detail", args=[census.pk]))
    assert page.status_code == 200
    assert "东一社区" in page.content.decode() and "西城科技" not in page.content.decode()


def test_a_closed_census_is_read_only_and_compared_next_year(world, login):
    last = open_census(login, world, name="2025年摸底", year=2025)
    CensusRecord.objects.filter(census=last).update(surveyed=True)
    response = login(world.admin).post(reverse("ledger:census_edit", args=[last.pk]), {
        "name": last.name, "year": 2025, "region": world.district.pk, "deadline": "2025-06-30", "threshold": 3, "status": "closed"})
    assert response.status_code == 302
    last.refresh_from_db()
    assert last.is_closed and last.closed_on
    record = last.records.get(organization=world.org1)
    assert login(world.street_user).get(reverse("ledger:censusrecord_edit", args=[record.pk])).status_code == 404
    assert not CensusRecord.objects.scoped(world.admin, "change").filter(census=last).exists()
    record.employees = 1
    with pytest.raises(ValidationError):
        record.save()
    this = open_census(login, world)
    assert this.previous() == last
    page = login(world.admin).get(reverse("ledger:census_detail", args=[this.pk])).content.decode()
    assert "与 2025 年" in page
    current = this.records.get(organization=world.org1)
    assert current.previous().census == last


def test_the_census_sheet_imports_into_the_open_census(world, login, tmp_path):
    census = open_census(login, world)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["摸底表"])
    sheet.append(["序号", "组织名称", "统一社会信用代码", "所属街道", "已摸底", "从业人员数", "正式党员数", "出资人态度",
                  "计划组建日期", "计划组建方式", "组建责任人", "未建原因", "责任人/责任单位", "措施"])
    sheet.append([1, "东升物流有限公司", world.org1b.credit_code, "东街道", "是", "２５", 3, "支持", "2026年7月1日", "单独组建", "组织委员", None, None, None])
    sheet.append([2, "东方电子有限公司", world.org1.credit_code, "东街道", "√", 120, 3, "一般", None, None, None, None, None, None])
    workbook.save(tmp_path / "census.xlsx")
    result = run_import(tmp_path / "census.xlsx", "census.xlsx", "census", world.street_user, census=census)
    assert result.ok, [str(e) for e in result.errors]
    record = census.records.get(organization=world.org1b)
    assert (record.surveyed, record.employees, record.plan_target_date) == (True, 25, datetime.date(2026, 7, 1))
    # A row of another street and a missing plan are errors; nothing is saved.
    sheet.append([3, "西城科技有限公司", world.org2.credit_code, "西街道", "是", 60, 5, "支持", None, None, None, None, None, None])
    sheet.cell(row=3, column=9).value = None
    workbook.save(tmp_path / "census2.xlsx")
    result = run_import(tmp_path / "census2.xlsx", "census2.xlsx", "census", world.street_user, census=census)
    assert not result.saved
    assert {(e.row, e.column) for e in result.errors} == {(3, "计划组建日期"), (5, "所属街道")}


def test_only_administrators_open_a_census(world, login):
    assert login(world.street_user).get(reverse("ledger:census_add")).status_code == 403
    assert login(world.leader).get(reverse("ledger:census_list")).status_code == 200
    census = open_census(login, world)
    record = census.records.get(organization=world.org1)
    assert login(world.leader).get(reverse("ledger:censusrecord_edit", args=[record.pk])).status_code == 403
    assert login(world.other_street_user).get(reverse("ledger:censusrecord_detail", args=[record.pk])).status_code == 404


def test_the_api_fills_a_record_with_the_forms_rules_inside_the_jurisdiction(world, login):
    census = open_census(login, world)
    client = login(world.street_user)
    listing = client.get("/api/census-records/", {"census": census.pk}).json()
    assert {r["organization_name"] for r in listing["results"]} == {world.org1.name, world.org1b.name}  # not 西街道's
    record = census.records.get(organization=world.org1b)
    url = f"/api/census-records/{record.pk}/"
    body = {"surveyed": True, "surveyed_on": "2026-03-01", "formal_members": 4}
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 400 and "计划组建日期" in response.json()["plan_target_date"][0]
    response = client.patch(url, {**body, "plan_target_date": "2026-06-01", "plan_mode": "joint", "plan_responsible": "组织委员"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["members_suffice"] is True
    assert client.patch(url, {"census": 999, "organization": world.org2.pk}, content_type="application/json").json()["organization"] == world.org1b.pk
    outside = census.records.get(organization=world.org2)
    assert client.get(f"/api/census-records/{outside.pk}/").status_code == 404
    assert client.delete(url).status_code == 403 and login(world.admin).delete(url).status_code == 405
    progress = client.get(f"/api/censuses/{census.pk}/progress/").json()
    assert progress["figures"]["surveyed"] == 1 and progress["figures"]["total"] == 2
    assert login(world.admin).post("/api/censuses/", {"name": "x"}).status_code == 405
