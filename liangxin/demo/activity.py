"""The instructors' record in the demo: visits (the work log), work plans, major-event reports,
leave and reassignment; then committees.py adds quarterly meetings, spot checks, training and
half-yearly evaluations (seed 000; rules INS-2…INS-9 and the instructor part of MEM-7).

Drawn from the builder's seeded rng after every other step, so the rest of the district is the
same with or without it, and counted back from `today`: visits run from the start of the last
completed half-year (at least 26 weeks back), so that the evaluations of that half are computed
from data that exists. Most instructors and committees keep the rules; a few named cases do
not, so that every rule has something, but not much, to flag:

- a laggard falls short of the half-day last week, has left one organization unvisited for more
  than a month and was graded 较差, not yet adjusted (INS-3, INS-8);
- one instructor is on a long leave with a colleague covering, another without (INS-7);
- a few assignments lack this year's work plan (INS-2); a few instructors have no research or
  demonstration point (INS-9), no training within a year (MEM-7) or no evaluation (INS-8);
- one street missed last quarter's meeting (INS-4), another has not spot-checked for a quarter
  (INS-5); a recent major-event report came late (INS-6).

The demo instructor (the first one, linked to `instructor1`) keeps every rule, so that the phone
workspace shows an ordinary busy week. Rows are bulk-created: whatever the models compute in
save() (visit minutes, days of leave, days to report, evaluation scores) is computed here with
the models' own helpers.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from typing import TYPE_CHECKING

from liangxin.core.periods import previous_half_year
from liangxin.demo.words import (
    LONG_LEAVE_REASONS,
    REPORT_EVENTS,
    REPORT_RETURNED_NOTE,
    SHORT_LEAVE_REASONS,
    VISIT_NOTES,
    VISIT_PROBLEMS,
    WORK_PLAN_ACTIONS,
    WORK_PLAN_GOALS,
    WORK_PLAN_SUMMARIES,
)
from liangxin.instructors.compliance import is_working_day, week_start
from liangxin.instructors.models import Assignment, Instructor, Leave, MajorEventReport, Visit, WorkPlan
from liangxin.instructors.parameters import WEEKLY_MINUTES
from liangxin.organizations.models import Organization
from liangxin.rules.values import ParameterValues

if TYPE_CHECKING:
    from liangxin.demo.builder import DemoBuilder  # cycle: the builder runs this module's steps

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
MORNING = (datetime.time(8, 30), datetime.time(9, 0), datetime.time(9, 30))
AFTERNOON = (datetime.time(14, 0), datetime.time(14, 30))
ROUTINE = [code for code in Visit.Activity.values if code != Visit.Activity.RESEARCH]


def active_between(assignment: Assignment, start: datetime.date, end: datetime.date) -> bool:
    """Whether the assignment runs on any day of [start, end]."""
    return assignment.start_date <= end and (assignment.end_date is None or assignment.end_date >= start)


class InstructorActivity:
    """What the instructors built by DemoBuilder.build_instructors() have done, and who plays
    which part (`cast`), which committees.py's CommitteeRecord reads next. `build()` writes it."""

    def __init__(self, builder: DemoBuilder, instructors: list[Instructor], assignments: list[Assignment]):
        self.b, self.rng, self.today = builder, builder.rng, builder.today
        self.instructors = instructors
        self.demo = instructors[0]  # the one _link_demo_instructor links: first of the first street, 4-6 assignments
        self.params = ParameterValues(self.today)
        self.last_half = previous_half_year(self.today)
        self.start = week_start(min(self.today - 26 * WEEK, self.last_half[0]))
        self.assignments: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in assignments:
            self.assignments[assignment.instructor_id].append(assignment)
        self.on_leave: dict[int, set[datetime.date]] = defaultdict(set)

    def current(self, instructor: Instructor, on: datetime.date | None = None) -> list[Assignment]:
        on = on or self.today
        return [a for a in self.assignments[instructor.pk] if active_between(a, on, on)]

    def working_day(self, day: datetime.date, back: bool = False) -> datetime.date:
        """The day itself if it is a working day, else the nearest one after (or before) it."""
        while not is_working_day(day):
            day -= DAY if back else -DAY
        return day

    def build(self) -> None:
        self.cast()
        self.build_roster_details()
        self.build_leaves()
        self.build_visits()
        self.build_work_plans()
        self.build_reports()

    # ----------------------------------------------------------------- who is who
    def cast(self) -> None:
        rng, today = self.rng, self.today
        others = [i for i in self.instructors[1:] if self.current(i)]
        rng.shuffle(others)
        taken: set[int] = set()

        def take(fits=lambda i: True) -> Instructor | None:
            for instructor in others:
                if instructor.pk not in taken and fits(instructor):
                    taken.add(instructor.pk)
                    return instructor
            return None

        # The laggard neglects one organization it has had for a while (INS-3's monthly visit).
        self.laggard = take(lambda i: any(a.start_date <= today - 60 * DAY for a in self.current(i)))
        self.neglected = None
        if self.laggard:
            self.neglected = rng.choice([a for a in self.current(self.laggard) if a.start_date <= today - 60 * DAY])
        self.on_covered_leave = take()
        self.on_open_leave = take()
        away = {i.pk for i in (self.on_covered_leave, self.on_open_leave) if i}
        # A colleague covers during the long leave: from the same street if possible, and the
        # demo instructor only when nobody else can.
        candidates = [i for i in self.instructors if i.pk not in away]
        street = self.on_covered_leave.region if self.on_covered_leave else None
        candidates.sort(key=lambda i: (i is self.demo, i.region is not street, i is self.laggard))
        self.cover = candidates[0] if candidates else None

        n = len(self.instructors)
        few = max(1, round(n / 10))
        ordinary = list(self.instructors[1:])
        eligible = [i for i in ordinary if any(a.start_date <= today - 190 * DAY for a in self.current(i))]
        self.no_research = {i.pk for i in rng.sample(eligible, min(few, len(eligible)))}
        self.untrained = {i.pk for i in rng.sample(ordinary, min(few, len(ordinary)))}
        start, end = self.last_half
        due = [i for i in ordinary if i is not self.laggard
               and any(active_between(a, start, end) for a in self.assignments[i.pk])]
        self.unevaluated = {i.pk for i in rng.sample(due, min(max(1, n // 15), len(due)))}
        # Chance of meeting the weekly half-day: most are steady, some uneven, the laggard lax.
        self.diligence = {i.pk: rng.choice((0.95, 0.95, 0.95, 0.82)) for i in self.instructors}
        self.diligence[self.demo.pk] = 0.97
        if self.laggard:
            self.diligence[self.laggard.pk] = 0.45

    def build_roster_details(self) -> None:
        """Phone and date of selection, which the roster shows (INS-1)."""
        for instructor in self.instructors:
            starts = [a.start_date for a in self.assignments[instructor.pk]]
            instructor.selected_on = min(starts) - self.rng.randint(5, 40) * DAY if starts else self.b.days_ago(60, 400)
            instructor.phone = self.b.mobile()
        Instructor.objects.bulk_update(self.instructors, ["selected_on", "phone"], batch_size=500)

    # ----------------------------------------------------------------- leave (INS-7)
    def build_leaves(self) -> None:
        rng, today = self.rng, self.today
        leaves: list[Leave] = []
        covers: list[Assignment] = []

        def leave(instructor: Instructor, start: datetime.date, days: int, reason: str) -> Leave:
            item = Leave(instructor=instructor, start_date=start, end_date=start + (days - 1) * DAY, reason=reason)
            item.days = days  # as Leave.save() counts: both ends included
            self.on_leave[instructor.pk].update(start + k * DAY for k in range(days))
            leaves.append(item)
            return item

        if self.on_covered_leave and self.cover:
            away = self.on_covered_leave
            item = leave(away, today - rng.randint(8, 20) * DAY, rng.randint(40, 60), rng.choice(LONG_LEAVE_REASONS))
            for assignment in self.current(away, item.start_date):
                cover = Assignment(instructor=self.cover, organization_id=assignment.organization_id,
                                   start_date=item.start_date, end_date=item.end_date,
                                   reason=Assignment.Reason.LEAVE_COVER, leave=item, notes=f"{away.name}请假期间代为联系")
                covers.append(cover)
                self.assignments[self.cover.pk].append(cover)
        if self.on_open_leave:
            leave(self.on_open_leave, today - rng.randint(2, 6) * DAY, rng.randint(35, 50), rng.choice(LONG_LEAVE_REASONS))
        # Ordinary short leave in the past, which the weekly rule excuses when it empties a week.
        span = (today - 30 * DAY - self.start).days
        for instructor in self.instructors:
            if instructor.pk not in self.on_leave and rng.random() < 0.25:
                leave(instructor, self.start + rng.randint(0, span) * DAY, rng.randint(3, 7), rng.choice(SHORT_LEAVE_REASONS))
        Leave.objects.bulk_create(leaves)
        Assignment.objects.bulk_create(covers)

    # ----------------------------------------------------------------- visits (INS-3, INS-9)
    def build_visits(self) -> None:
        """Week by week for everyone at once, so that each visit goes to the organization seen
        least recently by anybody, as the monthly-visit rule counts."""
        last_seen: dict[int, datetime.date] = {}
        visits: list[Visit] = []
        self.forced_research = self.today - 70 * DAY  # the demo instructor's research visit falls after this
        self.neglected_since = self.today - self.rng.randint(35, 50) * DAY
        monday = self.start
        while monday <= self.today:
            for instructor in self.instructors:
                visits += self.visit_week(instructor, monday, last_seen)
            monday += WEEK
        Visit.objects.bulk_create(visits, batch_size=1000)

    def visit_week(self, instructor: Instructor, monday: datetime.date, last_seen: dict) -> list[Visit]:
        rng, today = self.rng, self.today
        pk = instructor.pk
        workdays = [d for d in (monday + k * DAY for k in range(7)) if is_working_day(d) and d not in self.on_leave[pk]]
        assigned = [a for a in self.assignments[pk] if active_between(a, monday, monday + 6 * DAY)]
        if not workdays or not assigned:
            return []
        if instructor is self.demo and monday >= today - 8 * WEEK:
            met = True  # the demo workspace: recent weeks all met
        elif instructor is self.laggard and monday == week_start(today) - WEEK:
            met = False  # short in the week INS-3 reads
        else:
            met = rng.random() < self.diligence[pk]
        required = self.params.value(WEEKLY_MINUTES, instructor.region.path)
        count = 1 if len(assigned) <= 2 else 2 if len(assigned) <= 5 else 3
        if met:
            share = math.ceil(required / count / 15) * 15
            durations = [share + rng.choice((0, 0, 15, 30, 60)) for _ in range(count)]
        else:
            durations = [rng.choice((60, 90, 120, 150))] * rng.choice((0, 1, 1))
        if len(workdays) >= len(durations):
            days = rng.sample(workdays, len(durations))
        else:
            days = rng.choices(workdays, k=len(durations))
        visits: list[Visit] = []
        mornings: set[datetime.date] = set()
        for day, minutes in sorted(zip(days, durations, strict=True)):
            if day > today:
                continue  # the rest of this week has not happened yet
            choices = [a for a in assigned if active_between(a, day, day)
                       and not (a is self.neglected and day > self.neglected_since)]
            if not choices:
                continue
            assignment = min(choices, key=lambda a: (last_seen.get(a.organization_id, datetime.date.min), rng.random()))
            last_seen[assignment.organization_id] = day
            arrived = rng.choice(AFTERNOON if day in mornings else MORNING)
            mornings.add(day)
            left = (datetime.datetime.combine(day, arrived) + datetime.timedelta(minutes=minutes)).time()
            visits.append(self.visit(instructor, assignment, day, arrived, left))
        return visits

    def visit(self, instructor: Instructor, assignment: Assignment, day: datetime.date,
              arrived: datetime.time, left: datetime.time) -> Visit:
        rng = self.rng
        codes = set(rng.sample(ROUTINE, rng.choices((1, 2, 3), weights=(5, 4, 1))[0]))
        if instructor.pk not in self.no_research and rng.random() < 0.12:
            codes.add(Visit.Activity.RESEARCH)
        if instructor is self.demo and day > self.forced_research:
            codes.add(Visit.Activity.RESEARCH)
            self.forced_research = self.today  # once is enough
        codes = [code for code in Visit.Activity.values if code in codes]  # the form's order
        problems = follow_up = ""
        if rng.random() < 0.2:
            problems, follow_up = rng.choice(VISIT_PROBLEMS)
        item = Visit(
            instructor=instructor, organization_id=assignment.organization_id, date=day, arrived_at=arrived, left_at=left,
            activities=",".join(codes), content="".join(rng.choice(VISIT_NOTES[code]) for code in codes),
            problems=problems, follow_up=follow_up,
            follow_up_done=bool(follow_up) and day < self.today - 14 * DAY and rng.random() < 0.85,
        )
        item.minutes = item.compute_minutes()  # as Visit.save() does
        return item

    # ----------------------------------------------------------------- work plans (INS-2, INS-9)
    def build_work_plans(self) -> None:
        rng, today = self.rng, self.today
        plans: dict[tuple[int, int, int], WorkPlan] = {}
        for year in (today.year - 1, today.year):
            first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
            regular = [a for i in self.instructors for a in self.assignments[i.pk]
                       if a.reason == Assignment.Reason.REGULAR and active_between(a, first, last)]
            if year == today.year:
                # A few plans not made although the grace period is over: never the demo instructor's.
                overdue = [a for a in regular if a.instructor_id != self.demo.pk and a.start_date <= today - 31 * DAY]
                missing = {id(a) for a in rng.sample(overdue, min(len(overdue), max(1, round(len(regular) * 0.08))))}
                done_chance = 0.8 * (today - first).days / 365
            else:
                missing = {id(a) for a in regular if rng.random() < 0.1}
                done_chance = 0.8
            for assignment in regular:
                key = (assignment.instructor_id, assignment.organization_id, year)
                if id(assignment) in missing or key in plans:
                    continue
                demonstration = assignment.instructor_id not in self.no_research and rng.random() < 0.12
                done = rng.random() < done_chance
                plans[key] = WorkPlan(
                    instructor_id=assignment.instructor_id, organization_id=assignment.organization_id, year=year,
                    goals=rng.choice(WORK_PLAN_GOALS), actions="\n".join(rng.sample(WORK_PLAN_ACTIONS, rng.randint(3, 5))),
                    demonstration_point=demonstration, completed=done, summary=rng.choice(WORK_PLAN_SUMMARIES) if done else "",
                )
        WorkPlan.objects.bulk_create(plans.values(), batch_size=1000)

    # ----------------------------------------------------------------- major events (INS-6)
    def build_reports(self) -> None:
        rng, today = self.rng, self.today
        reports: list[MajorEventReport] = []
        present = [i for i in self.instructors if i not in (self.on_covered_leave, self.on_open_leave)]

        def report(instructor, kind, event_no, report_date, delay, status=MajorEventReport.Status.ACCEPTED, note=""):
            if report_date in self.on_leave[instructor.pk]:
                return None
            choices = [a for a in self.current(instructor, report_date) if a.start_date <= report_date - delay * DAY]
            if not choices:
                return None
            description, new_status = REPORT_EVENTS[kind][event_no]
            item = MajorEventReport(
                instructor=instructor, organization_id=rng.choice(choices).organization_id, kind=kind,
                event_date=report_date - delay * DAY, report_date=report_date, description=description,
                new_status=new_status, status=status,
            )
            item.days_to_report = delay  # as MajorEventReport.save() counts
            if status != MajorEventReport.Status.SUBMITTED:
                item.handled_on = min(today, report_date + rng.randint(1, 4) * DAY)
                item.handling_note = note or ("已受理，台账已更新。" if new_status else "已受理。")
            reports.append(item)
            return item

        others = [i for i in present if i is not self.demo]
        rng.shuffle(others)
        # A recent report made a week or more after the event (INS-6 flags it) …
        for instructor in others:
            if report(instructor, "change", rng.randrange(3), today - rng.randint(1, 20) * DAY, rng.randint(6, 12),
                      MajorEventReport.Status.SUBMITTED):
                break
        # … one the street returned to the demo instructor for more papers (a to-do in the workspace),
        report(self.demo, "change", 0, today - rng.randint(10, 25) * DAY, rng.randint(0, 2),
               MajorEventReport.Status.RETURNED, REPORT_RETURNED_NOTE)
        # … a closure reported on time and not yet accepted (the registry changes on acceptance),
        for instructor in others[1:] + others[:1]:
            if report(instructor, "revocation", 0, today - rng.randint(0, 5) * DAY, rng.randint(0, 3),
                      MajorEventReport.Status.SUBMITTED):
                break
        # … a fire that stopped production, accepted: the organization is now 停产 in the registry,
        for instructor in others[2:] + others[:2]:
            fire = report(instructor, "emergency", 1, today - rng.randint(40, 120) * DAY, rng.randint(0, 1))
            if fire:
                Organization.objects.filter(pk=fire.organization_id).update(status=Organization.Status.SUSPENDED)
                break
        # … and older ones, most on time, all accepted.
        span = (today - 31 * DAY - self.start).days
        ordinary = [(kind, n) for kind, events in REPORT_EVENTS.items() for n, (_, status) in enumerate(events) if not status]
        for _ in range(max(2, len(self.instructors) // 3)):
            kind, event_no = rng.choice(ordinary)
            delay = rng.randint(0, 3) if rng.random() < 0.85 else rng.randint(5, 15)
            report(rng.choice(present), kind, event_no, self.start + rng.randint(delay, span) * DAY, delay)
        MajorEventReport.objects.bulk_create(reports)
