"""GRID-7 (002 三, 四 1): the roll-out's state per county and street against the phases'
deadlines (the seed's 2016 dates unless a county sets its own), the county pilot subsidy, and the
joint meetings' follow-ups, by persona."""

import datetime

from django.utils import timezone

from liangxin.grids.models import CentreSubsidy, JointMeeting, RolloutState, ServiceCentre
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule

TODAY = timezone.localdate()  # the site's day, as the rules count it
DONE = {"divided_on": datetime.date(2016, 8, 1), "system_on": datetime.date(2016, 8, 20), "training_on": datetime.date(2016, 10, 9),
        "rolled_out_on": datetime.date(2016, 10, 30), "in_assessment": True}


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


def test_it_lets_a_street_record_its_state_and_shows_the_deadlines(world, login):
    client = login(world.street_user)
    response = client.post("/grids/rollout/add/", {"region": world.street1.pk, "pilot": "on", "pilot_since": "2016-06-01",
                                                   "divided_on": "2016-08-01", "system_on": "2016-08-20"})
    assert response.status_code == 302, response.content.decode()[:2000]
    state = RolloutState.objects.get()
    page = client.get("/grids/rollout/").content.decode()
    assert "城乡试点推行" in page and "2016-06-30" in page and "2016-10-31" in page and "东街道" in page
    assert login(world.other_street_user).get(f"/grids/rollout/{state.pk}/").status_code == 404
    assert login(world.grid_user).get("/grids/rollout/add/").status_code == 403
    assert login(world.leader).get(f"/grids/rollout/{state.pk}/").status_code == 200
    response = client.post("/grids/rollout/add/", {"region": world.community1.pk})
    assert "区域：请选择您管辖范围内的区县或街道（乡镇、园区）。" in response.content.decode()
    response = client.post(f"/grids/rollout/{state.pk}/edit/", {"region": world.street1.pk, "pilot": "on",
                                                               "training_on": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert "启动试点日期：试点单位请填写启动试点的日期。" in response.content.decode()
    assert "开展党务人员培训日期：不能晚于今天" in response.content.decode()


def test_it_flags_the_county_pilots_and_the_streets_steps(world):
    findings = flagged("GRID-7")
    assert findings[world.district.pk] == "未确定城乡试点乡镇和街道"
    assert findings[world.street1.pk] == "未完成划片分格" and findings[world.street2.pk] == "未完成划片分格"
    assert world.community1.pk not in findings
    Region.objects.filter(pk=world.street1.pk).update(street_kind=Region.StreetKind.TOWN)
    Region.objects.filter(pk=world.street2.pk).update(street_kind=Region.StreetKind.STREET)
    RolloutState.objects.create(region=world.street1, pilot=True, pilot_since=datetime.date(2016, 6, 1), **{**DONE, "training_on": None})
    assert flagged("GRID-7")[world.district.pk] == "未确定城乡试点街道"
    RolloutState.objects.create(region=world.street2, pilot=True, pilot_since=datetime.date(2016, 6, 1), **{**DONE, "in_assessment": False})
    findings = flagged("GRID-7")
    assert world.district.pk not in findings
    assert findings[world.street1.pk] == "未开展党务人员培训"
    assert findings[world.street2.pk] == "未纳入目标考核和党组织书记党建述职"
    assert set(flagged("GRID-7", world.street_user)) == {world.street1.pk}


def test_it_checks_the_county_pilot_subsidy_and_its_own_deadlines(world):
    Region.objects.filter(pk=world.street1.pk).update(street_kind=Region.StreetKind.TOWN)
    RolloutState.objects.create(region=world.street1, pilot=True, pilot_since=datetime.date(2016, 6, 1), **DONE)
    RolloutState.objects.create(region=world.street2, pilot=True, pilot_since=datetime.date(2016, 6, 1), **DONE)
    Region.objects.filter(pk=world.street2.pk).update(street_kind=Region.StreetKind.STREET)
    centre = ServiceCentre.objects.create(name="东街道党群服务中心", location="town", region=world.street1, address="x",
                                          opened_on=datetime.date(2016, 6, 1))
    for amount in ("20000.01", "9999.98"):
        CentreSubsidy.objects.create(centre=centre, year=2016, kind=CentreSubsidy.Kind.COUNTY_PILOT, amount=amount)
    assert flagged("GRID-7")[world.district.pk] == "城乡试点工作补贴累计29999.99元，低于50000元"
    CentreSubsidy.objects.create(centre=centre, year=2016, kind=CentreSubsidy.Kind.COUNTY_PILOT, amount="20000.01")
    assert world.district.pk not in flagged("GRID-7")
    # A county that sets a later roll-out deadline is not flagged before it.
    RolloutState.objects.filter(region=world.street2).update(training_on=None)
    assert world.street2.pk in flagged("GRID-7")
    later = int((TODAY + datetime.timedelta(days=90)).strftime("%Y%m%d"))
    ParameterOverride.objects.create(key="grid_rollout_deadline", region=world.district, value=later, reason="本区进度",
                                     effective_from=datetime.date(2020, 1, 1))
    assert world.street2.pk not in flagged("GRID-7")


def test_it_records_joint_meetings_and_flags_overdue_follow_ups(world, login):
    client = login(world.street_user)
    held = TODAY - datetime.timedelta(days=40)
    response = client.post("/api/joint-meetings/", {
        "region": world.street1.pk, "held_on": held.isoformat(), "title": "第三季度非公党建联席会议",
        "attendees": "街道工商所\n税务分局\n重点企业党支部", "decisions": "新企业名单每月推送",
        "follow_ups": "工商所每月推送名单", "follow_up_due": (held + datetime.timedelta(days=10)).isoformat()},
        content_type="application/json")
    assert response.status_code == 201, response.content
    meeting = JointMeeting.objects.get()
    assert meeting.attendee_list == ["街道工商所", "税务分局", "重点企业党支部"]
    assert flagged("GRID-7B")[meeting.pk].endswith("已过，议定事项尚未落实")
    page = client.get(f"/grids/joint-meetings/{meeting.pk}/").content.decode()
    assert "税务分局" in page and "参会单位（3）" in page
    assert login(world.other_street_user).get(f"/api/joint-meetings/{meeting.pk}/").status_code == 404
    response = client.patch(f"/api/joint-meetings/{meeting.pk}/", {"follow_up_done_on": TODAY.isoformat()}, content_type="application/json")
    assert response.status_code == 200 and meeting.pk not in flagged("GRID-7B")
    response = client.post("/api/joint-meetings/", {"region": world.street1.pk, "title": "x", "attendees": "a", "decisions": "b",
                                                    "follow_up_due": TODAY.isoformat()}, content_type="application/json")
    assert response.status_code == 400 and "落实事项：填写了落实期限" in response.content.decode()
