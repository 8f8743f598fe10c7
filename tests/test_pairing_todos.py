"""The home to-do list of pairing (issue 13): besides record and confirm, evaluate (a secretary
whose party organization covers a paired organization with an unanswered 两新组织党组织
invitation) and inspect (a street's or the district's 党群共建办 whose last quarter's inspection
is not held or its bulletin not issued); and the evaluations converted to points in the unit's
points table and self-assessment (004 四(四)), by persona."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core.periods import previous_quarter
from liangxin.pairing import evaluations
from liangxin.pairing.models import Inspection, Invitation, Pairing, SelfAssessment, UnitEvaluation
from liangxin.pairing.services import inspection_todos

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def texts(client):
    return client.get("/").content.decode()


def answered(evaluation, evaluator, score):
    Invitation.objects.filter(evaluation=evaluation, evaluator=evaluator).update(score=score, answered_at=timezone.now())


def test_a_secretary_is_asked_to_evaluate_its_own_organizations_pairings_only(world, login):
    mine = Pairing.objects.create(unit=world.unit, organization=world.org1, start_date=datetime.date(2025, 1, 1))
    theirs = Pairing.objects.get(organization=world.org2)
    evaluation, _ = evaluations.open_round(mine, YEAR, UnitEvaluation.Round.YEAR_END, world.street_user)
    evaluations.open_round(theirs, YEAR, UnitEvaluation.Round.YEAR_END, world.admin)
    client = login(world.secretary)
    invitation = Invitation.objects.get(evaluation=evaluation, evaluator=Invitation.Evaluator.PARTY_ORG)
    home = texts(client)
    assert f"请填写评议：{evaluation}（两新组织党组织）" in home
    href = home.split('<a href="/pairing/evaluate/')[1].split('"')[0]  # a signed token (its time part varies)
    assert evaluations.invitation_for_token(href.rstrip("/")) == invitation
    assert home.count("请填写评议") == 1  # not the other party organization's, nor the employees' invitation
    assert client.get(evaluations.link(invitation)).status_code == 200
    answered(evaluation, Invitation.Evaluator.PARTY_ORG, 80)
    assert "请填写评议" not in texts(client)


def test_the_committee_is_asked_to_inspect_the_last_quarter_until_its_bulletin_is_issued(world, login):
    start, end = previous_quarter(TODAY)
    year, quarter = start.year, (start.month - 1) // 3 + 1
    client = login(world.other_street_user)  # street2 holds the pairing of org2
    assert f"{year}年第{quarter}季度结对共建督办检查待开展" in texts(client)
    assert f"?region={world.street2.pk}&amp;year={year}&amp;quarter={quarter}" in texts(client)
    assert "督办检查" not in "".join(t for _, t, _ in inspection_todos(world.street_user))  # no pairing in street1
    assert any("督办检查待开展" in t for _, t, _ in inspection_todos(world.admin))  # the district runs its own
    inspection = Inspection.objects.create(region=world.street2, year=year, quarter=quarter, findings="检查情况")
    home = texts(client)
    assert f"{year}年第{quarter}季度督办检查通报待印发" in home and f"/pairing/inspections/{inspection.pk}/" in home
    Inspection.objects.filter(pk=inspection.pk).update(issued_on=TODAY)
    assert "督办检查" not in "".join(t for _, t, _ in inspection_todos(world.other_street_user))
    # Past the bulletin's days the to-do says so (PAIR-6 flags it then).
    late = end + datetime.timedelta(days=31)
    Inspection.objects.filter(pk=inspection.pk).delete()
    assert "已超过印发期限" in inspection_todos(world.other_street_user, late)[0][1]
    assert inspection_todos(world.secretary) == [] and inspection_todos(world.leader) == []


def test_evaluation_points_join_the_units_points_table_and_self_assessment(world, login):
    pairing = Pairing.objects.get(unit=world.unit)
    mid, _ = evaluations.open_round(pairing, YEAR, UnitEvaluation.Round.MID_YEAR, world.admin)
    end, _ = evaluations.open_round(pairing, YEAR, UnitEvaluation.Round.YEAR_END, world.admin)
    answered(mid, Invitation.Evaluator.PARTY_ORG, 80)
    answered(mid, Invitation.Evaluator.OWNER, 100)  # average 90 → 18 of 20 points
    answered(end, Invitation.Evaluator.EMPLOYEES, 60)  # 12 of 20
    client = login(world.paired_user)
    page = client.get("/pairing/me/self-assessment/", {"year": YEAR}).content.decode()
    assert "年中、年终评议折算（附件4）" in page and 'id="self-assessment-total">30<' in page and "每次20分" in page
    client.post("/pairing/me/self-assessment/", {"year": YEAR, "notes": "全年工作", "action": "submit"})
    submitted = SelfAssessment.objects.get(unit=world.unit, year=YEAR)
    assert submitted.points == 30 and submitted.breakdown["evaluation"] == 30
