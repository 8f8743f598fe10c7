"""The annual inspection (年检, REP-2): a round lists the organizations it inspects, the entry
page saves many results at once (each checked and logged), the API is scoped like the pages,
and REP-2 finds the organizations without last year's result."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.inspections.models import InspectionResult, InspectionRound, Result
from liangxin.inspections.parameters import GRACE_MONTHS
from liangxin.organizations.models import Organization
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _age(*orgs):
    """The world's organizations were entered today: date them back so last year's round
    inspects them."""
    Organization.objects.filter(pk__in=[o.pk for o in orgs]).update(founded_on=datetime.date(2015, 3, 1))


def _round(world, street=None, year=LAST_YEAR):
    round_ = InspectionRound.objects.create(region=street or world.street1, year=year, department="东街道党工委")
    round_.add_organizations()
    return round_


def test_it_lists_the_organizations_in_operation_at_the_year_end(world, login):
    _age(world.org1, world.org1b, world.org2)
    Organization.objects.filter(pk=world.org1b.pk).update(status="deregistered")
    client = login(world.street_user)
    response = client.post("/inspections/rounds/add/", {"region": world.street1.pk, "year": LAST_YEAR, "department": "东街道党工委",
                                                         "started_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    round_ = InspectionRound.objects.get(region=world.street1, year=LAST_YEAR)
    # The other street's organization and the deregistered one are not in the street's round.
    assert list(round_.results.values_list("organization", flat=True)) == [world.org1.pk]
    assert round_.tally()["pending"] == 1
    page = client.get(round_.get_absolute_url())
    assert "录入结果" in page.content.decode()
    # Saving it again adds nothing twice.
    assert round_.add_organizations() == 0


def test_a_round_refuses_a_future_year_in_chinese(world, login):
    client = login(world.street_user)
    response = client.post("/inspections/rounds/add/", {"region": world.street1.pk, "year": LAST_YEAR + 5, "department": "党工委",
                                                         "started_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "年度：应在2000年至" in response.content.decode()
    assert 'value="党工委"' in response.content.decode()


def test_the_entry_page_saves_the_changed_rows_and_logs_each(world, login):
    _age(world.org1, world.org1b)
    round_ = _round(world)
    first, second = round_.results.order_by("organization__name")
    client = login(world.street_user)
    url = f"/inspections/rounds/{round_.pk}/entry/"
    assert client.get(url).status_code == 200
    today = timezone.localdate().isoformat()
    data = {f"r{first.pk}-result": "passed", f"r{first.pk}-inspected_on": today, f"r{first.pk}-remarks": "",
            f"r{second.pk}-result": "", f"r{second.pk}-inspected_on": "", f"r{second.pk}-remarks": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.result, second.result) == (Result.PASSED, "")
    assert ChangeLog.objects.filter(object_id=str(first.pk), action=ChangeLog.Action.UPDATE).count() == 1
    assert not ChangeLog.objects.filter(object_id=str(second.pk), action=ChangeLog.Action.UPDATE).exists()


def test_a_wrong_row_saves_nothing_and_keeps_the_input(world, login):
    _age(world.org1, world.org1b)
    round_ = _round(world)
    first, second = round_.results.order_by("organization__name")
    client = login(world.street_user)
    today = timezone.localdate().isoformat()
    data = {f"r{first.pk}-result": "passed", f"r{first.pk}-inspected_on": today, f"r{first.pk}-remarks": "好",
            f"r{second.pk}-result": "failed", f"r{second.pk}-inspected_on": today, f"r{second.pk}-remarks": ""}
    response = client.post(f"/inspections/rounds/{round_.pk}/entry/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "备注：不合格或未参检时请写明原因和整改要求。" in body
    assert 'value="好"' in body
    assert not InspectionResult.objects.filter(round=round_).exclude(result="").exists()


def test_the_other_street_and_the_leader_cannot_enter(world, login):
    _age(world.org1, world.org2)
    round_ = _round(world)
    assert login(world.other_street_user).get(f"/inspections/rounds/{round_.pk}/entry/").status_code == 404
    assert login(world.leader).get(f"/inspections/rounds/{round_.pk}/entry/").status_code == 403
    leader_page = login(world.leader).get(round_.get_absolute_url()).content.decode()
    assert "录入结果" not in leader_page
    # The secretary reads its own organization's result, nothing of the other street's.
    other = _round(world, world.street2)
    secretary = login(world.secretary)
    assert secretary.get(f"/inspections/results/{round_.results.get().pk}/").status_code == 200
    assert secretary.get(f"/inspections/results/{other.results.get().pk}/").status_code == 404


def test_the_api_changes_results_in_scope_only(world, login):
    _age(world.org1, world.org2)
    mine, theirs = _round(world), _round(world, world.street2)
    result, other = mine.results.get(), theirs.results.get()
    client = login(world.street_user)
    today = timezone.localdate().isoformat()
    response = client.patch(f"/api/inspection-results/{result.pk}/", {"result": "basic", "inspected_on": today},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["year"] == LAST_YEAR
    assert client.patch(f"/api/inspection-results/{other.pk}/", {"result": "basic"},
                        content_type="application/json").status_code == 404
    bad = client.patch(f"/api/inspection-results/{result.pk}/", {"result": "absent", "remarks": ""}, content_type="application/json")
    assert bad.status_code == 400 and "备注" in bad.content.decode()
    assert client.post("/api/inspection-results/", {}, content_type="application/json").status_code == 403  # no add_ permission
    listed = client.get("/api/inspection-results/").json()
    assert [row["id"] for row in listed["results"]] == [result.pk]
    created = client.post("/api/inspection-rounds/", {"region": world.street1.pk, "year": LAST_YEAR - 1, "department": "党工委",
                                                      "started_on": today}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert InspectionRound.objects.get(pk=created.json()["id"]).results.count() == 1


def test_rep2_finds_the_organizations_without_last_years_result(world):
    _age(world.org1, world.org1b, world.org2)
    round_ = _round(world)
    results = {r.organization_id: r for r in round_.results.all()}
    today = timezone.localdate()
    InspectionResult.objects.filter(pk=results[world.org1.pk].pk).update(result=Result.FAILED, inspected_on=today, remarks="整改")
    InspectionResult.objects.filter(pk=results[world.org1b.pk].pk).update(result=Result.ABSENT, remarks="停业")
    findings = dict(get_rule("REP-2").violations(None, world.district).values_list("pk", "finding"))
    # 不合格 is a result; 未参检 is not; the other street held no round.
    assert findings == {world.org1b.pk: f"{LAST_YEAR}年度年检未参检", world.org2.pk: f"未纳入{LAST_YEAR}年度年检"}
    # A street inside its grace period is not reminded yet.
    ParameterOverride.objects.create(key=GRACE_MONTHS, region=world.street2, value=today.month, reason="测试",
                                     effective_from=datetime.date(2020, 1, 1))
    assert set(get_rule("REP-2").violations(None, world.district).values_list("pk", flat=True)) == {world.org1b.pk}


def test_rep2_leaves_out_organizations_founded_this_year(world):
    Organization.objects.filter(pk=world.org1.pk).update(founded_on=timezone.localdate().replace(month=1, day=1))
    _age(world.org2)
    flagged = set(get_rule("REP-2").violations(None, world.district).values_list("pk", flat=True))
    assert world.org1.pk not in flagged and world.org2.pk in flagged


def _filled(client, round_, fill) -> io.BytesIO:
    """The round's exported list with `fill(sheet)` applied, as an upload."""
    response = client.get(f"/inspections/rounds/{round_.pk}/export/")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    fill(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "年检.xlsx"
    return out


def test_the_list_exported_filled_in_and_imported_saves_every_row_or_none(world, login):
    _age(world.org1, world.org1b)
    round_ = _round(world)
    client = login(world.street_user)
    rows = {}

    def wrong(sheet):
        assert [c.value for c in sheet[1]] == ["序号", "组织名称", "统一社会信用代码", "所在区域", "年检结果", "年检日期", "备注"]
        for row in sheet.iter_rows(min_row=2):
            rows[row[1].value] = row[0].row
        sheet.cell(rows["东方电子有限公司"], 5, "合格")
        sheet.cell(rows["东方电子有限公司"], 6, "2026年1月5日".replace("2026", str(LAST_YEAR + 1)))
        sheet.cell(rows["东升物流有限公司"], 5, "不合格")  # no date, no reason
        sheet.cell(rows["东升物流有限公司"], 6, "2025.13.1")
        sheet.append([9, "不存在公司", "", "", "合格", None, None])

    response = client.post(f"/inspections/rounds/{round_.pk}/import/", {"file": _filled(client, round_, wrong)})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"第{rows['东升物流有限公司']}行：“2025.13.1”不是有效日期" in body
    assert "第4行：本年检中没有“不存在公司”" in body
    assert not round_.results.exclude(result="").exists()

    def right(sheet):
        sheet.cell(rows["东方电子有限公司"], 5, "合格")
        sheet.cell(rows["东方电子有限公司"], 6, datetime.date(LAST_YEAR, 12, 20))
        sheet.cell(rows["东升物流有限公司"], 5, "未参检")
        sheet.cell(rows["东升物流有限公司"], 7, "停产，负责人联系不上")

    response = client.post(f"/inspections/rounds/{round_.pk}/import/", {"file": _filled(client, round_, right)})
    assert response.status_code == 302
    results = dict(round_.results.values_list("organization__name", "result"))
    assert results == {"东方电子有限公司": Result.PASSED, "东升物流有限公司": Result.ABSENT}
    assert ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE, object_id__in=[str(r.pk) for r in round_.results.all()]).count() == 2
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT, detail__contains="年检名单").count() == 2
    # Imported again unchanged: nothing to save, nothing logged.
    again = client.post(f"/inspections/rounds/{round_.pk}/import/", {"file": _filled(client, round_, lambda sheet: None)})
    assert again.status_code == 302
    assert ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE, object_id__in=[str(r.pk) for r in round_.results.all()]).count() == 2


def test_an_import_that_is_not_a_workbook_says_so(world, login):
    round_ = _round(world)
    upload = io.BytesIO(b"not a workbook")
    upload.name = "年检.xlsx"
    body = login(world.street_user).post(f"/inspections/rounds/{round_.pk}/import/", {"file": upload}).content.decode()
    assert "文件：无法读取" in body
    assert login(world.other_street_user).get(f"/inspections/rounds/{round_.pk}/import/").status_code == 404
    assert login(world.leader).get(f"/inspections/rounds/{round_.pk}/import/").status_code == 403
    assert login(world.leader).get(f"/inspections/rounds/{round_.pk}/export/").status_code == 200
