"""重新计算建议分 (issue 14): a rating round not yet approved follows the data recorded after it
was created — every suggestion recomputed exactly, the scores nobody changed following it, the
scores the street entered kept, a rating added for a party organization founded since, the rating
of one dissolved since kept and reported — by its street only; an approved round refuses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liangxin.assessments.models import Checklist, ChecklistEntry, Rating, RatingRound
from liangxin.assessments.rating import generate
from liangxin.audit.models import ChangeLog
from liangxin.partylife.models import Activity, ActivityKind
from liangxin.partyorgs.models import PartyOrg

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def last_change() -> int:
    """The newest change-log row's id: ids are not counts (PostgreSQL's sequences skip the ids
    of rolled-back rows)."""
    return ChangeLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def round_(world):
    """Last year's 五个好 round of street1, created when party_org1 had recorded nothing, with a
    second party organization that is dissolved afterwards."""
    world.party_org1.founded_on = datetime.date(YEAR - 10, 1, 1)  # no election on record: out of term
    world.party_org1.save()
    world.leaving = PartyOrg.objects.create(name="东升物流党支部", region=world.grid1b, type=PartyOrg.Type.BRANCH,
                                            founded_on=datetime.date(YEAR - 10, 1, 1))
    created = RatingRound.objects.create(region=world.street1, year=YEAR, scheme="five_good")
    assert generate(created) == 2
    return created


def rating_of(round_, party_org) -> Rating:
    return Rating.objects.get(round=round_, party_org=party_org)


def change_the_record(world):
    """After the round was created: 2 党员大会 and 4 党课 in four quarters, one 政策法规学习, the
    checklists verified in full, the secretary named, a new branch, the other branch dissolved."""
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    for code, quarters in (("general_meeting", (1, 2)), ("lecture", (1, 2, 3, 4)), ("policy_study", (2,))):
        for quarter in quarters:
            Activity.objects.create(party_org=world.party_org1, kind=kinds[code], date=datetime.date(YEAR, quarter * 3, 10),
                                    place="活动室", topic="记录", minutes="纪要")
    for standard in ("six_have", "five_ones"):
        Checklist.objects.create(party_org=world.party_org1, standard=standard)
    ChecklistEntry.objects.filter(checklist__party_org=world.party_org1).update(status=ChecklistEntry.Status.VERIFIED)
    world.party_org1.secretary = world.member1
    world.party_org1.save()
    world.newcomer = PartyOrg.objects.create(name="东方电子工会联合党支部", region=world.grid1, type=PartyOrg.Type.BRANCH,
                                             founded_on=datetime.date(YEAR, 6, 1))
    world.leaving.status, world.leaving.dissolved_on = PartyOrg.Status.DISSOLVED, TODAY
    world.leaving.save()


def test_suggestions_follow_the_data_entered_scores_stay(world, round_, login):
    first = rating_of(round_, world.party_org1)
    # Nothing recorded: leadership 60 (no secretary, out of term); team 60; systems 60 (no items);
    # performance 60 (no meeting); no pairing record, no 群众反映 suggestion.
    assert first.suggested == {"leadership": 60, "team": 60, "systems": 60, "performance": 60}
    # The street scores 群众反映 (never suggested) and changes 队伍素质 (60 → 70) before the data changes.
    street = login(world.street_user)
    scores = {"score_leadership": 60, "score_team": 70, "score_systems": 60, "score_performance": 60, "score_mass": 80}
    assert street.post(reverse("assessments:rating_edit", args=[first.pk]), {**scores, "evidence": "走访"}).status_code == 302
    change_the_record(world)
    before = last_change()

    page = street.post(reverse("assessments:ratinground_regenerate", args=[round_.pk]), follow=True).content.decode()

    assert "已重新计算建议分：1项评定的建议分有变化，新增1项评定，保留了1项人工核定的得分（与原建议分不同）。" in page
    assert "1项评定的对象已不在本轮范围内（东升物流党支部" in page
    rating = rating_of(round_, world.party_org1)
    # leadership: secretary 20, still out of term → 80; team: no probationary member, 1/4 quarters
    # studied → 60 + round(20 × 0.25) = 65; systems: 11/11 → 100; performance: (2 + 4)/8 → 60 + 30 = 90.
    assert rating.suggested == {"leadership": 80, "team": 65, "systems": 100, "performance": 90}
    assert rating.basis["performance"] == "党员大会2/4、党课4/4个季度"
    assert rating.basis["systems"] == "六有、五个一已核实11/11项"
    # The scores nobody changed follow; the street's 70 and 80 stay.
    assert rating.scores == {"leadership": 80, "team": 70, "systems": 100, "performance": 90, "mass": 80}
    assert str(rating.average) == "84.0" and rating.passed
    added = rating_of(round_, world.newcomer)
    assert added.scores == added.suggested and added.suggested["leadership"] == 80  # founded last year: in term
    # The dissolved branch's rating is kept, and marked on the round's page.
    assert Rating.objects.filter(round=round_, party_org=world.leaving).exists()
    assert "已不在评定范围" in street.get(round_.get_absolute_url()).content.decode()
    # Logged: the changed rating, the added one and the round.
    logged = ChangeLog.objects.filter(pk__gt=before)
    assert logged.filter(action=ChangeLog.Action.UPDATE, object_repr=str(round_)).exists()
    assert logged.filter(action=ChangeLog.Action.CREATE, object_id=str(added.pk)).exists()
    assert logged.filter(action=ChangeLog.Action.UPDATE, object_id=str(rating.pk)).exists()
    # Again with nothing new: nothing refreshed, nothing added, no rating logged.
    before = last_change()
    again = street.post(reverse("assessments:ratinground_regenerate", args=[round_.pk]), follow=True).content.decode()
    assert "0项评定的建议分有变化，新增0项评定" in again
    assert ChangeLog.objects.filter(pk__gt=before).exclude(object_repr=str(round_)).count() == 0


def test_only_the_rounds_street_may_regenerate_and_sees_the_button(world, round_, login):
    url = reverse("assessments:ratinground_regenerate", args=[round_.pk])
    street = login(world.street_user)
    assert url in street.get(round_.get_absolute_url()).content.decode()
    assert login(world.other_street_user).post(url).status_code == 404
    secretary = login(world.secretary)
    assert secretary.post(url).status_code == 403
    assert login(world.grid_user).post(url).status_code == 403
    assert street.get(url).status_code == 405  # POST only
    assert url not in login(world.grid_user).get(round_.get_absolute_url()).content.decode()


def test_an_approved_round_refuses_and_nothing_changes(world, round_, login):
    round_.status, round_.approved_by, round_.approved_on = RatingRound.Status.APPROVED, world.street_user, TODAY
    round_.save()
    change_the_record(world)
    kept = {r.pk: (r.suggested, r.scores, r.basis) for r in round_.ratings.all()}
    street = login(world.street_user)
    before = ChangeLog.objects.count()
    assert reverse("assessments:ratinground_regenerate", args=[round_.pk]) not in street.get(round_.get_absolute_url()).content.decode()
    page = street.post(reverse("assessments:ratinground_regenerate", args=[round_.pk]), follow=True).content.decode()
    assert "该评定已审定，结果只读，不能重新计算建议分。" in page
    assert {r.pk: (r.suggested, r.scores, r.basis) for r in round_.ratings.all()} == kept
    assert not Rating.objects.filter(party_org=world.newcomer).exists()
    assert ChangeLog.objects.count() == before
