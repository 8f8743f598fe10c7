"""Seed 000 at its thresholds: the weekly half-day (3h59 vs 4h, holiday weeks), 30 vs 31 days
of leave, a report on day 3 vs day 4, a committee with and without its quarterly meeting, and
an evaluation computed exactly from a fixture."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.audit.log import tracked
from liangxin.instructors.compliance import compliance, previous_quarter, week_start, working_days
from liangxin.instructors.evaluation import dispatching_unit_rollup
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    WorkPlan,
)
from liangxin.organizations.models import Organization
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import RULES, get_rule
from tests.instructors_helpers import instructor, visit
from tests.rules_helpers import names

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def flagged(rule_id, user=None):
    return names(get_rule(rule_id).violations(user))


def test_it_registers_every_instructor_rule_with_citations():
    for rule_id in [f"INS-{n}" for n in range(1, 10)]:
        rule = RULES[rule_id]
        assert rule.citations and rule.query is not None, rule_id
    assert RULES["MEM-7"].section("instructors").query is not None
    assert get_rule("INS-3").citations[0].clause == "第十二条"


# --- INS-3: the weekly half-day ------------------------------------------------------------------

def _week(person, monday):
    return compliance([person], monday, monday)[person.pk].weeks[0]


def test_it_needs_four_full_hours_in_a_week(world):
    monday = datetime.date(2025, 3, 10)  # no holiday
    person = world.instructor
    visit(person, world.org1b, monday, 120)
    visit(person, world.org1b, monday + datetime.timedelta(days=2), 119)
    week = _week(person, monday)
    assert (week.counted, week.minutes, week.met) == (True, 239, False)  # 3h59
    visit(person, world.org1b, monday + datetime.timedelta(days=6), hours=Decimal("0.02"))  # one more minute, on Sunday
    week = _week(person, monday)
    assert (week.minutes, week.met) == (240, True)  # 4h


def test_it_counts_holiday_weeks_by_their_working_days(world):
    person = world.instructor
    national_day = _week(person, datetime.date(2025, 9, 29))  # 2 working days (1-8 October off)
    assert (national_day.workdays, national_day.counted, national_day.note) == (2, False, "节假日")
    labour_day = _week(person, datetime.date(2025, 4, 28))  # 1-2 May off, 3 working days: still counted
    assert (labour_day.workdays, labour_day.counted) == (3, True)
    make_up = _week(person, datetime.date(2025, 9, 22))  # Sunday 28 September is a make-up working day
    assert make_up.workdays == 6
    spring = _week(person, datetime.date(2025, 1, 27))
    assert (spring.workdays, spring.counted) == (1, False)
    # A region may set its own threshold: at 1 working day the National Day week counts too.
    ParameterOverride.objects.create(key="instructor_week_min_workdays", region=world.district, value=1,
                                     effective_from=datetime.date(2020, 1, 1), reason="测试")
    assert _week(person, datetime.date(2025, 9, 29)).counted


def test_it_exempts_a_week_spent_on_leave(world):
    person, monday = world.instructor, datetime.date(2025, 3, 10)
    Leave.objects.create(instructor=person, start_date=monday, end_date=monday + datetime.timedelta(days=2), reason="病假")
    week = _week(person, monday)
    assert (week.workdays, week.counted, week.note) == (2, False, "请假")


def test_it_flags_last_week_below_the_half_day_in_the_registry(world):
    ParameterOverride.objects.create(key="instructor_week_min_workdays", region=world.district, value=1,
                                     effective_from=datetime.date(2020, 1, 1), reason="测试")
    monday = week_start(TODAY) - datetime.timedelta(days=7)
    if not working_days(monday):
        pytest.skip("last week had no working day at all")
    person = world.instructor
    first = visit(person, world.org1b, monday, 239)
    assert "王指导" in flagged("INS-3", world.street_user)
    assert get_rule("INS-3").violations(world.street_user).get().finding.startswith("上周")
    first.delete()
    visit(person, world.org1b, monday, 240)
    assert "王指导" not in flagged("INS-3", world.street_user)
    assert "王指导" not in flagged("INS-3", world.other_street_user)  # not theirs


def test_it_flags_an_organization_not_visited_for_a_month(world):
    ParameterOverride.objects.create(key="instructor_week_min_workdays", region=world.district, value=7,
                                     effective_from=datetime.date(2020, 1, 1), reason="测试：只看走访间隔")
    person = world.instructor
    old = visit(person, world.org1b, TODAY - datetime.timedelta(days=30), 240)
    row = get_rule("INS-3").violations(world.street_user).get()
    assert row.finding == "1个联系组织超过期限未走访"
    old.date = TODAY - datetime.timedelta(days=29)
    old.save()
    assert flagged("INS-3", world.street_user) == []


# --- INS-7: leave ----------------------------------------------------------------------------------

def _leave(person, days):
    start = TODAY - datetime.timedelta(days=5)
    return Leave.objects.create(instructor=person, start_date=start, end_date=start + datetime.timedelta(days=days - 1), reason="病假")


def test_it_keeps_coverage_through_a_thirty_day_leave(world):
    leave = _leave(world.instructor, 30)
    assert leave.days == 30
    assert flagged("INS-7") == []
    assert "东升物流有限公司" not in flagged("ORG-7")  # the instructor still covers it


def test_it_asks_for_reassignment_after_thirty_one_days_and_covers_only_once_reassigned(world):
    leave = _leave(world.instructor, 31)
    assert leave.days == 31
    assert len(flagged("INS-7", world.street_user)) == 1
    assert flagged("INS-7", world.other_street_user) == []
    assert "东升物流有限公司" in flagged("ORG-7")  # coverage lost while nobody is reassigned
    stand_in = instructor(world.street1, "赵指导")
    Assignment.objects.create(instructor=stand_in, organization=world.org1b, start_date=leave.start_date,
                              end_date=leave.end_date, reason=Assignment.Reason.LEAVE_COVER, leave=leave)
    assert flagged("INS-7") == []
    assert "东升物流有限公司" not in flagged("ORG-7")


def test_it_reassigns_from_the_leave_page(world, login):
    leave = _leave(world.instructor, 40)
    stand_in = instructor(world.street1, "赵指导")
    client = login(world.street_user)
    page = client.get(f"/instructors/leaves/{leave.pk}/")
    assert "超过一个月" in page.content.decode()
    client.post(f"/instructors/leaves/{leave.pk}/reassign/", {"organization": world.org1b.pk, "instructor": stand_in.pk})
    assert leave.reassignments.get().instructor == stand_in
    assert flagged("INS-7") == []
    # Another street cannot reassign it: the leave is outside its jurisdiction.
    response = login(world.other_street_user).post(f"/instructors/leaves/{leave.pk}/reassign/", {})
    assert response.status_code == 404


# --- INS-6: major events -----------------------------------------------------------------------

def _report(world, delay):
    event = TODAY - datetime.timedelta(days=10)
    return MajorEventReport.objects.create(
        instructor=world.instructor, organization=world.org1b, kind=MajorEventReport.Kind.MERGER, event_date=event,
        report_date=event + datetime.timedelta(days=delay), description="被兼并", new_status=Organization.Status.CLOSED,
    )


def test_it_accepts_a_report_made_on_day_three(world):
    report = _report(world, 3)
    assert report.days_to_report == 3
    assert flagged("INS-6") == []


def test_it_flags_a_report_made_on_day_four(world):
    _report(world, 4)
    assert flagged("INS-6", world.instructor_user) == ["东升物流有限公司"]
    assert get_rule("INS-6").violations().get().finding == "重大事项超过3天才报告"


def test_it_updates_the_registry_when_a_report_is_accepted(world, login):
    from liangxin.audit.models import ChangeLog

    report = _report(world, 1)
    # The instructor cannot accept their own report.
    assert login(world.instructor_user).post(f"/instructors/reports/{report.pk}/handle/", {"decision": "accepted"}).status_code == 403
    login(world.street_user).post(f"/instructors/reports/{report.pk}/handle/", {"decision": "accepted", "note": "属实"})
    report.refresh_from_db()
    world.org1b.refresh_from_db()
    assert report.status == "accepted" and world.org1b.status == Organization.Status.CLOSED
    change = ChangeLog.objects.filter(object_id=str(world.org1b.pk), action="update").latest("time")
    assert change.before["status"] == "normal" and change.after["status"] == "closed" and change.username == "street1"
    assert flagged("INS-6") == []  # the change has its report


def test_it_flags_a_status_change_without_a_report(world):
    org = world.org1b
    with tracked(org):
        org.status = Organization.Status.SUSPENDED
        org.save()
    assert flagged("INS-6", world.street_user) == ["东升物流有限公司"]
    assert get_rule("INS-6").violations().get().finding.startswith("台账中经营状态已变更")
    _report(world, 2)
    assert flagged("INS-6") == []


# --- INS-4: quarterly meetings -----------------------------------------------------------------

def test_it_flags_a_committee_without_its_quarterly_meeting(world):
    start, end = previous_quarter(TODAY)
    assert flagged("INS-4", world.street_user) == ["东街道"]
    assert flagged("INS-4", world.other_street_user) == []  # no instructors there: nothing to meet about
    QuarterlyMeeting.objects.create(region=world.street1, date=end + datetime.timedelta(days=1))  # this quarter
    assert flagged("INS-4") == ["东街道"]
    meeting = QuarterlyMeeting.objects.create(region=world.street1, date=end)
    meeting.instructors_present.add(world.instructor)
    assert flagged("INS-4") == []


# --- INS-8: the evaluation ---------------------------------------------------------------------

def _evaluation_fixture(world):
    """2025 H1: 25 weeks count (the Spring Festival week of 27 January has 1 working day);
    10 meet the half-day; 7 of 12 organization-months visited; 1 of 2 reports on time;
    1 of 2 plans done."""
    person = instructor(world.street1, "钱指导", "区财政局", world.org1, world.org1b)
    mondays = ["2025-01-06", "2025-01-13", "2025-02-10", "2025-03-03", "2025-03-10", "2025-04-07", "2025-05-12",
               "2025-06-02", "2025-06-09", "2025-06-16"]
    for monday in mondays:
        visit(person, world.org1, datetime.date.fromisoformat(monday) + datetime.timedelta(days=1), 240)
    visit(person, world.org1b, datetime.date(2025, 3, 18), 60)
    for delay in (3, 4):
        MajorEventReport.objects.create(instructor=person, organization=world.org1, kind="change",
                                        event_date=datetime.date(2025, 5, 1), report_date=datetime.date(2025, 5, 1 + delay),
                                        description="变更")
    WorkPlan.objects.create(instructor=person, organization=world.org1, year=2025, goals="g", actions="a", completed=True)
    WorkPlan.objects.create(instructor=person, organization=world.org1b, year=2025, goals="g", actions="a")
    return person


def _evaluate(person, **scores):
    values = {"qualitative_score": 80, "owner_score": 90, "employee_score": 84, "member_score": 81, "results_score": 70}
    values.update(scores)
    return Evaluation.objects.create(instructor=person, year=2025, half=1, **values)


def test_it_computes_an_evaluation_exactly(world):
    person = _evaluation_fixture(world)
    evaluation = _evaluate(person)
    f = evaluation.figures
    assert (f["weeks_met"], f["weeks_required"]) == (10, 25)
    assert (f["org_months_visited"], f["org_months_assigned"]) == (7, 12)
    assert (f["reports_on_time"], f["reports"], f["plans_done"], f["plans"]) == (1, 2, 1, 2)
    # (40×10/25 + 20×7/12 + 20×1/2 + 20×1/2) = 47.666…
    assert evaluation.quantitative_score == Decimal("47.67")
    assert evaluation.mass_score == Decimal("85.00")
    # (40×47.666… + 20×80 + 30×85 + 10×70) / 100 = 67.566…
    assert evaluation.total_score == Decimal("67.57")
    assert evaluation.grade == Evaluation.Grade.FAIR and evaluation.dispatching_unit == "区财政局"


def test_it_grades_by_configurable_bands_and_asks_to_adjust_a_poor_one(world):
    person = _evaluation_fixture(world)
    ParameterOverride.objects.create(key="instructor_grade_fair", region=world.district, value=70,
                                     effective_from=datetime.date(2020, 1, 1), reason="测试")
    evaluation = _evaluate(person)
    assert evaluation.total_score == Decimal("67.57") and evaluation.grade == Evaluation.Grade.POOR
    assert "钱指导" in flagged("INS-8", world.street_user)
    assert get_rule("INS-8").violations().get(pk=person.pk).finding == "考评较差，尚未调整"
    evaluation.adjusted_on, evaluation.adjustment_note = TODAY, "更换联系组织"
    evaluation.save()
    # Adjusted: what remains is the half-year just ended, not yet evaluated.
    assert get_rule("INS-8").violations().get(pk=person.pk).finding.endswith("半年尚未考评")


def test_it_weighs_the_parts_as_configured(world):
    person = _evaluation_fixture(world)
    for key, value in (("instructor_eval_weight_quantitative", 0), ("instructor_eval_weight_qualitative", 0),
                       ("instructor_eval_weight_mass", 100), ("instructor_eval_weight_results", 0)):
        ParameterOverride.objects.create(key=key, region=world.street1, value=value, effective_from=datetime.date(2020, 1, 1),
                                         reason="测试")
    evaluation = _evaluate(person)
    assert evaluation.total_score == Decimal("85.00") and evaluation.grade == Evaluation.Grade.GOOD
    assert evaluation.figures["weights"] == {"quantitative": 0, "qualitative": 0, "mass": 100, "results": 0}


def test_it_rolls_results_up_to_the_dispatching_unit(world):
    person = _evaluation_fixture(world)
    _evaluate(person)
    other = instructor(world.street1, "孙指导", "区财政局", world.org1)
    _evaluate(other, qualitative_score=100, results_score=100)
    rows = list(dispatching_unit_rollup(Evaluation.objects.all()))
    assert len(rows) == 1 and rows[0]["dispatching_unit"] == "区财政局" and rows[0]["instructors"] == 2
    assert rows[0]["fair"] + rows[0]["good"] + rows[0]["poor"] + rows[0]["excellent"] == 2
