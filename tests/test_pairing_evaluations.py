"""Mid-year and year-end evaluations (附件4, PAIR-5) by persona: the committee opens a round,
each of the four evaluators answers by a one-time link without an account, the answers are
converted to points, and PAIR-5 flags rounds not held or not complete."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from liangxin.pairing import evaluations
from liangxin.pairing.models import Invitation, Pairing, UnitEvaluation
from liangxin.pairing.rules import due_rounds
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ANSWER = {"visits": 100, "activities": 80, "organization_building": 80, "care": 60, "overall": 80, "comments": "希望多开展职工活动"}


def _pairing(world):
    return Pairing.objects.get(unit=world.unit, organization=world.org2)


def test_the_committee_opens_a_round_for_every_pairing_with_four_invitations(world, login):
    admin = login(world.admin)
    page = admin.get("/pairing/evaluations/").content.decode()
    assert "为全部结对发起评议" in page
    response = admin.post("/pairing/evaluations/open/", {"year": TODAY.year, "round": "mid_year"})
    assert response.status_code == 302
    evaluation = UnitEvaluation.objects.get(pairing=_pairing(world), year=TODAY.year, round="mid_year")
    assert sorted(evaluation.invitations.values_list("evaluator", flat=True)) == ["employees", "mass_org", "owner", "party_org"]
    admin.post("/pairing/evaluations/open/", {"year": TODAY.year, "round": "mid_year"})  # again: nothing doubled
    assert UnitEvaluation.objects.count() == 1 and Invitation.objects.count() == 4
    refused = admin.post("/pairing/evaluations/open/", {"year": TODAY.year + 1, "round": "mid_year"})
    assert refused.status_code == 302 and UnitEvaluation.objects.count() == 1

    detail = admin.get(f"/pairing/evaluations/{evaluation.pk}/").content.decode()
    assert detail.count("<svg") == 4 and detail.count("/pairing/evaluate/") >= 4 and "员工代表" in detail
    # 西城科技 is in the west street: the east street does not see the round; the secretary has no evaluation pages.
    assert login(world.street_user).get(f"/pairing/evaluations/{evaluation.pk}/").status_code == 404
    assert "/pairing/evaluate/" in login(world.other_street_user).get(f"/pairing/evaluations/{evaluation.pk}/").content.decode()
    assert login(world.secretary).get("/pairing/evaluations/").status_code == 403
    assert admin.get("/api/unit-evaluations/").json()["results"][0]["invitations"][0]["answered"] is False


def test_an_evaluator_answers_once_by_link_without_an_account(world):
    evaluation, _ = evaluations.open_round(_pairing(world), TODAY.year, "mid_year", world.admin)
    owner = evaluation.invitations.get(evaluator="owner")
    link = evaluations.link(owner)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "区司法局" in html and "企业主" in html and "提交评议" in html and "csrfmiddlewaretoken" in html
    token = page.cookies["csrftoken"].value
    assert browser.post(link, ANSWER).status_code == 403  # CSRF is on: no form token, no answer
    csrf = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    # A missing rating is named in Chinese; what was chosen stays.
    partial = {k: v for k, v in ANSWER.items() if k != "care"} | {"csrfmiddlewaretoken": csrf}
    response = browser.post(link, partial)
    assert response.status_code == 400 and "请为“关爱党员职工、解决实际问题”选择一项评价" in response.content.decode()
    assert 'value="100" class="form-check-input" id="id_visits_0" required checked' in response.content.decode() \
        or "checked" in response.content.decode()
    assert token

    response = browser.post(link, ANSWER | {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 200 and "提交成功" in response.content.decode()
    owner.refresh_from_db()
    assert owner.score == 80 and owner.answered and owner.comments == "希望多开展职工活动"

    # Once: a second answer is refused and changes nothing.
    again = browser.post(link, ANSWER | {"visits": 30, "csrfmiddlewaretoken": csrf})
    assert "只能提交一次" in again.content.decode()
    owner.refresh_from_db()
    assert owner.visits == 100 and owner.score == 80

    # A token that is altered, or made for another invitation with the wrong nonce, opens nothing.
    good = evaluations.token_for(owner)
    assert Client().get(f"/pairing/evaluate/{good[:-2]}xx/").status_code == 404
    other = evaluation.invitations.get(evaluator="employees")
    forged = evaluations.signing.dumps({"i": other.pk, "n": owner.nonce}, salt="other")
    assert Client().get(f"/pairing/evaluate/{forged}/").status_code == 404
    wrong_nonce = evaluations.signing.dumps({"i": other.pk, "n": owner.nonce}, salt=evaluations.SALT)
    assert Client().get(f"/pairing/evaluate/{wrong_nonce}/").status_code == 404
    assert Client().get(evaluations.link(other)).status_code == 200


def test_answers_convert_to_points_with_the_parameter(world, login):
    evaluation, _ = evaluations.open_round(_pairing(world), TODAY.year - 1, "year_end", world.admin)
    for invitation, score in zip(evaluation.invitations.order_by("pk"), (100, 80, 60, 80), strict=True):
        assert evaluations.answer(invitation, dict.fromkeys(Invitation.ITEMS, score), "")
    assert evaluations.score(evaluation) == 80
    assert evaluations.points(evaluation) == 16  # 80 of 100 → 16 of the default 20
    assert evaluations.year_evaluation_points([world.unit], TODAY.year - 1) == {world.unit.pk: 16}
    ParameterOverride.objects.create(key="pairing_evaluation_max_points", region=world.district, value=10,
                                     effective_from=datetime.date(2000, 1, 1), reason="区积分表")
    assert evaluations.points(evaluation) == 8
    page = login(world.admin).get(f"/pairing/evaluations/{evaluation.pk}/").content.decode()
    assert 'id="evaluation-points">8<' in page and "<svg" not in page  # answered: no link shown any more


def test_pair5_flags_rounds_not_held_or_not_complete(world):
    rounds = due_rounds(TODAY, 31)
    assert {r[1] for r in rounds} == {"mid_year", "year_end"}
    assert due_rounds(datetime.date(2026, 8, 1), 31)[0][:2] == (2026, "mid_year")
    assert due_rounds(datetime.date(2026, 7, 31), 31)[0][:2] == (2025, "year_end")
    pairing = _pairing(world)
    flagged = {str(r): r.finding for r in get_rule("PAIR-5").violations(None, None)}
    year, round_, *_ = rounds[0]
    label = f"{year}年{UnitEvaluation.Round(round_).label}"
    assert flagged[str(pairing)] == f"{label}未开展"
    for year, round_, *_ in rounds:
        evaluation, _ = evaluations.open_round(pairing, year, round_, world.admin)
        for invitation in evaluation.invitations.exclude(evaluator="owner"):
            evaluations.answer(invitation, dict.fromkeys(Invitation.ITEMS, 80), "")
    assert get_rule("PAIR-5").violations(None, None).get().finding.endswith("未收齐四方评议")
    for invitation in Invitation.objects.filter(evaluator="owner"):
        evaluations.answer(invitation, dict.fromkeys(Invitation.ITEMS, 80), "")
    assert not get_rule("PAIR-5").violations(None, None).exists()
