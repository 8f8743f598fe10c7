"""PAIR-1, PAIR-2, PAIR-3 and PAIR-7 at their thresholds: only confirmed records keep the cadence
and the occasions; the periods are judged once over and past their grace days."""

import datetime

import pytest
from django.utils import timezone

from liangxin.core.periods import month_end, month_start, previous_quarter
from liangxin.pairing.calendar import spring_festival
from liangxin.pairing.models import PairedUnit, Pairing, PointsRecord
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CONFIRMED = PointsRecord.Status.CONFIRMED


def _flagged(rule_id, user=None, region=None):
    return {str(row): row.finding for row in get_rule(rule_id).violations(user, region)}


def _record(pairing, kind, date, status=CONFIRMED):
    return PointsRecord.objects.create(pairing=pairing, kind=kind, date=date, content="内容", participants="3人",
                                       results="成效", status=status)


def test_pair1_flags_eligible_units_without_a_pairing_and_street_units_paired_outside(world):
    assert _flagged("PAIR-1") == {}
    PairedUnit.objects.create(name="区审计局", region=world.district)
    PairedUnit.objects.create(name="区档案馆", region=world.district, rank=PairedUnit.Rank.SECTION)  # not bound to pair
    street_unit = PairedUnit.objects.create(name="东街道公共服务办公室", level="street", region=world.street1)
    Pairing.objects.create(unit=street_unit, organization=world.org2, start_date=datetime.date(2025, 1, 1))
    flagged = _flagged("PAIR-1")
    assert flagged == {"区审计局": "应结对单位当前没有结对的两新组织", "东街道公共服务办公室": "街道单位结对的组织不在本街道"}
    assert set(_flagged("PAIR-1", world.street_user, world.street1)) == {"东街道公共服务办公室"}


def test_pair2_counts_only_confirmed_visits_activities_and_summaries(world):
    pairing = Pairing.objects.get(unit=world.unit)
    last_month = month_start(TODAY, 1)
    quarter = previous_quarter(TODAY)
    assert "无已确认的到访" in _flagged("PAIR-2")[str(pairing)] or (TODAY - month_end(last_month)).days <= 10
    _record(pairing, "visit", last_month + datetime.timedelta(days=3), status=PointsRecord.Status.PENDING)
    _record(pairing, "activity", quarter[0] + datetime.timedelta(days=5))
    _record(pairing, "summary", datetime.date(TODAY.year - 1, 12, 20))
    flagged = _flagged("PAIR-2")
    if (TODAY - month_end(last_month)).days > 10:
        assert flagged == {str(pairing): f"{last_month:%Y年%m月}无已确认的到访"}  # the pending visit does not count
    PointsRecord.objects.filter(kind="visit").update(status=CONFIRMED)
    assert _flagged("PAIR-2") == {}
    assert _flagged("PAIR-2", world.street_user, world.street1) == {}


def test_pair3_flags_records_waiting_longer_than_the_parameter(world):
    pairing = Pairing.objects.get(unit=world.unit)
    old = _record(pairing, "visit", TODAY - datetime.timedelta(days=9), status=PointsRecord.Status.PENDING)
    _record(pairing, "lecture", TODAY, status=PointsRecord.Status.PENDING)
    PointsRecord.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=8))
    assert list(_flagged("PAIR-3")) == [str(old)]
    assert _flagged("PAIR-3", world.other_street_user, world.street2).keys() == {str(old)}
    assert _flagged("PAIR-3", world.street_user, world.street1) == {}


def test_pair7_wants_last_years_open_day_and_the_festival_visits_by_the_lunar_calendar(world):
    assert spring_festival(2026) == datetime.date(2026, 2, 17) and spring_festival(2025) == datetime.date(2025, 1, 29)
    pairing = Pairing.objects.get(unit=world.unit)
    assert str(pairing) in _flagged("PAIR-7")
    for year in (TODAY.year - 1, TODAY.year):
        _record(pairing, "condolence", datetime.date(year, 6, 28))
        _record(pairing, "condolence", spring_festival(year) - datetime.timedelta(days=5))
    assert _flagged("PAIR-7") == {str(pairing): f"{TODAY.year - 1}年未举办党员阵地开放日"}
    _record(pairing, "open_day", datetime.date(TODAY.year - 1, 5, 10))
    assert _flagged("PAIR-7") == {}


def test_the_rules_page_shows_the_pairing_rules(world, login):
    admin = login(world.admin)
    page = admin.get("/rules/").content.decode()
    assert "PAIR-2" in page and "一月一到访、一季一活动、一年一总结未落实" in page
    assert admin.get("/rules/PAIR-2/").status_code == 200
    assert "積分行動記錄本" in admin.get("/rules/PAIR-3/").content.decode() or "积分行动记录本" in admin.get("/rules/PAIR-3/").content.decode()


def test_org2_asks_five_formal_members_of_a_paired_organization_to_stand_alone(world):
    """004 三(一): the paired threshold is a parameter of ORG-2 (paired_standalone_min_members), not a rule of its own."""
    from liangxin.organizations.models import Organization
    from liangxin.rules.models import ParameterOverride

    four = Organization.objects.create(name="四名党员公司", region=world.grid1, reported_formal_members=4, employees=30)
    assert str(four) not in _flagged("ORG-2")
    Pairing.objects.create(unit=PairedUnit.objects.create(name="区审计局", region=world.district), organization=four,
                           start_date=datetime.date(2025, 1, 1))
    assert _flagged("ORG-2")[str(four)] == "正式党员4名，不足单独组建条件"
    ParameterOverride.objects.create(key="paired_standalone_min_members", region=world.district, value=4,
                                     effective_from=datetime.date(2000, 1, 1), reason="区文件")
    assert str(four) not in _flagged("ORG-2")
