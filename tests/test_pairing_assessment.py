"""The year-end self-assessment (PAIR-4) by persona: the paired unit sees its year's points from
confirmed records only, annotates and submits once; the committee reads it; PAIR-4 flags units
that have not submitted after the January day."""

import datetime

import pytest
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.pairing.models import PairedUnit, Pairing, PointsRecord, SelfAssessment
from liangxin.pairing.rules import assessed_year
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # a whole year behind us: every record date is in the past


def _record(pairing, kind, date, status=PointsRecord.Status.CONFIRMED, points=0):
    return PointsRecord.objects.create(pairing=pairing, kind=kind, date=date, content="内容", participants="3人",
                                       results="成效", status=status, points=points)


def test_the_unit_sees_its_points_from_confirmed_records_then_annotates_and_submits_once(world, login):
    pairing = Pairing.objects.get(unit=world.unit)
    _record(pairing, "visit", datetime.date(YEAR, 3, 5), points=2)
    _record(pairing, "activity", datetime.date(YEAR, 4, 9), points=5)
    _record(pairing, "summary", datetime.date(YEAR, 12, 20), status=PointsRecord.Status.PENDING)  # not yet counted
    _record(pairing, "visit", datetime.date(YEAR, 5, 5), status=PointsRecord.Status.RETURNED)  # never counted
    unit = login(world.paired_user)
    assert "年度自评" in unit.get("/").content.decode()
    page = unit.get(f"/pairing/me/self-assessment/?year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="self-assessment-total">7<' in html and "1 条记录待确认" in html

    # A draft keeps the notes and can still change; what was typed stays after a refusal.
    response = unit.post("/pairing/me/self-assessment/", {"year": YEAR, "notes": "全年到访1次，联合活动1次。", "action": "save"})
    assert response.status_code == 302
    draft = SelfAssessment.objects.get(unit=world.unit, year=YEAR)
    assert draft.status == SelfAssessment.Status.DRAFT and draft.points == 7

    response = unit.post("/pairing/me/self-assessment/", {"year": YEAR, "notes": "全年到访1次，联合活动1次；总结会议待确认。", "action": "submit"})
    assert response.status_code == 302
    submitted = SelfAssessment.objects.get(unit=world.unit, year=YEAR)
    assert submitted.status == SelfAssessment.Status.SUBMITTED and submitted.points == 7
    assert submitted.breakdown == {"visit": 2, "activity": 5, "evaluation": 0} and submitted.submitted_by == world.paired_user
    assert ChangeLog.objects.for_object(submitted).count() == 2

    again = unit.post("/pairing/me/self-assessment/", {"year": YEAR, "notes": "改一改", "action": "submit"})
    assert again.status_code == 400 and "已提交，不能再修改" in again.content.decode()
    assert "改一改" in again.content.decode() or "已于" in again.content.decode()
    assert SelfAssessment.objects.get(pk=submitted.pk).notes.startswith("全年到访1次")

    # The committee reads it; another street does not; the paired unit has no committee list in its menu.
    admin = login(world.admin)
    assert admin.get("/pairing/self-assessments/").status_code == 200
    assert admin.get(f"/pairing/self-assessments/{submitted.pk}/").status_code == 200
    assert login(world.street_user).get(f"/pairing/self-assessments/{submitted.pk}/").status_code == 404
    assert login(world.other_street_user).get(f"/pairing/self-assessments/{submitted.pk}/").status_code == 200  # org2 is in the west street
    api = admin.get("/api/self-assessments/").json()
    assert [row["points"] for row in api["results"]] == [7]
    assert admin.post("/api/self-assessments/", {"unit": world.unit.pk, "year": YEAR}).status_code == 405


def test_only_a_paired_unit_has_the_self_assessment_page(world, login):
    for user in (world.admin, world.secretary, world.leader):
        assert login(user).get("/pairing/me/self-assessment/").status_code == 404


def test_pair4_flags_units_paired_that_year_with_no_submitted_self_assessment_after_the_day(world):
    year = assessed_year(TODAY, 15)
    assert assessed_year(datetime.date(2027, 1, 15), 15) == 2025 and assessed_year(datetime.date(2027, 1, 16), 15) == 2026
    late = PairedUnit.objects.create(name="区审计局", region=world.district)
    Pairing.objects.create(unit=late, organization=world.org1, start_date=datetime.date(year + 1, 1, 1))  # paired after that year
    flagged = {str(row): row.finding for row in get_rule("PAIR-4").violations(None, None)}
    assert flagged == {"区司法局": f"{year}年度自评未提交（应于{year + 1}年1月15日前提交）"}
    SelfAssessment.objects.create(unit=world.unit, year=year)  # a draft is not a submission
    assert set(str(r) for r in get_rule("PAIR-4").violations(None, None)) == {"区司法局"}
    SelfAssessment.objects.filter(unit=world.unit).update(status=SelfAssessment.Status.SUBMITTED)
    assert not get_rule("PAIR-4").violations(None, None).exists()
