"""STD-5, STD-5B (三会一课), MEM-5 and MEM-6 at their thresholds, from recorded activities: the
last completed month and quarter are judged once past their grace days (set to 0 here, so the
test does not depend on the day it runs)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liangxin.core.periods import month_end, month_start, previous_quarter
from liangxin.members.models import Member
from liangxin.partylife.models import Activity, ActivityKind, ActivityPhoto
from liangxin.partylife.parameters import CADENCE_GRACE_DAYS
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule
from tests.conftest import id_number
from tests.instructors_helpers import PNG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
QUARTER = previous_quarter(TODAY)
MONTH = month_start(TODAY, 1)


@pytest.fixture
def no_grace(world):
    ParameterOverride.objects.create(key=CADENCE_GRACE_DAYS, region=world.district, value=0,
                                     effective_from=datetime.date(2000, 1, 1), reason="测试")
    PartyOrg = type(world.party_org1)
    PartyOrg.objects.filter(pk__in=[world.party_org1.pk, world.party_org2.pk]).update(founded_on=datetime.date(2020, 1, 1))
    return world


def held(party_org, code, date, hours="1.5"):
    return Activity.objects.create(party_org=party_org, kind=ActivityKind.objects.get(code=code), date=date,
                                   place="活动室", hours=Decimal(hours), topic="主题", minutes="纪要")


def flagged(rule_id, user=None, region=None):
    return {str(row): row.finding for row in get_rule(rule_id).violations(user, region)}


def test_std5b_asks_each_quarter_for_a_general_meeting_and_a_lecture(no_grace):
    w = no_grace
    label = f"{QUARTER[0].year}年第{(QUARTER[0].month - 1) // 3 + 1}季度"
    assert flagged("STD-5B")[w.party_org1.name] == f"{label}支部党员大会0次"
    held(w.party_org1, "general_meeting", QUARTER[0] + datetime.timedelta(days=20))
    assert flagged("STD-5B")[w.party_org1.name] == f"{label}党课0次"
    held(w.party_org1, "lecture", QUARTER[1])
    assert w.party_org1.name not in flagged("STD-5B")
    # The street sees its own party organizations only.
    assert set(flagged("STD-5B", w.street_user, w.street1)) == set()
    assert set(flagged("STD-5B", w.other_street_user, w.street2)) == {w.party_org2.name}


def test_std5b_asks_for_a_monthly_committee_meeting_from_the_committee_size(no_grace):
    w = no_grace
    held(w.party_org1, "general_meeting", QUARTER[0])
    held(w.party_org1, "lecture", QUARTER[0])
    assert w.party_org1.name not in flagged("STD-5B")  # one member: no committee to meet
    for n in range(6):
        Member.objects.create(name=f"党员{n}", id_number=id_number(f"1101011990010{n}10"), organization=w.org1,
                              party_org=w.party_org1)
    assert flagged("STD-5B")[w.party_org1.name] == f"{MONTH:%Y年%m月}支委会0次"  # seven: a committee
    held(w.party_org1, "committee_meeting", month_end(MONTH))
    assert w.party_org1.name not in flagged("STD-5B")
    # A party organization founded within the period is not asked for it.
    type(w.party_org2).objects.filter(pk=w.party_org2.pk).update(founded_on=TODAY)
    assert w.party_org2.name not in flagged("STD-5B")


def test_mem5_asks_for_a_policy_study_each_quarter(no_grace):
    w = no_grace
    held(w.party_org1, "training", QUARTER[0])  # training is not a policy-and-law study
    assert w.party_org1.name in flagged("MEM-5")
    held(w.party_org1, "policy_study", QUARTER[0])
    assert w.party_org1.name not in flagged("MEM-5")


def test_mem6_adds_up_last_months_durations_against_half_a_day(no_grace):
    w = no_grace
    held(w.party_org1, "theme_day", MONTH, hours="2.5")
    held(w.party_org1, "lecture", MONTH - datetime.timedelta(days=1), hours="3")  # the month before: not counted
    assert flagged("MEM-6")[w.party_org1.name] == f"{MONTH:%Y年%m月}活动时间2.5小时"
    held(w.party_org1, "committee_meeting", month_end(MONTH), hours="1.5")
    assert w.party_org1.name not in flagged("MEM-6")


def test_std5_flags_activities_left_without_photos_past_the_parameter(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = held(world.party_org1, "lecture", TODAY - datetime.timedelta(days=8))
    held(world.party_org1, "lecture", TODAY - datetime.timedelta(days=3))  # still within 7 days
    assert list(flagged("STD-5")) == [str(old)]
    photo = ActivityPhoto(activity=old, content_type="image/png", size=len(PNG))
    photo.image.save("p.png", SimpleUploadedFile("p.png", PNG), save=True)
    assert flagged("STD-5") == {}
