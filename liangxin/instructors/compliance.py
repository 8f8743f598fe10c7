"""The weekly half-day rule (art. 12) per instructor and week, with China's public holidays.

Minutes per instructor and week are one SUM in the database; which weeks count is calendar
logic, done per week in Python: a week counts when the instructor has at least
`instructor_week_min_workdays` working days in it (public holidays and days on leave
removed, make-up working days added) and an assignment during it. A week is met when the
minutes on site reach `instructor_weekly_minutes`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone

from liangxin.core.periods import ONE_DAY, half_year_bounds, previous_quarter, quarter_bounds  # noqa: F401 -- re-exported: the demo and rules import them from here
from liangxin.instructors.models import Assignment, Instructor, Leave, Visit
from liangxin.instructors.parameters import MIN_WORKDAYS, UNVISITED_DAYS, WEEKLY_MINUTES
from liangxin.rules.values import ParameterValues


@lru_cache(maxsize=16)
def _calendar(year: int):
    # holidays.China knows the State Council's public holidays and the make-up working days
    # (调休上班的周末) of the years it covers: is_working_day() accounts for both.
    return holidays.China(years=year)


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=i) for i in range(7)]


def working_days(monday: datetime.date) -> list[datetime.date]:
    return [d for d in week_days(monday) if is_working_day(d)]


def holidays_in_week(monday: datetime.date) -> list[str]:
    names = []
    for day in week_days(monday):
        name = _calendar(day.year).get(day)
        if name and day.weekday() < 5:
            names.append(f"{day:%m-%d} {name}")
    return names


def weeks_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Mondays of the weeks that start within [start, end]."""
    monday = week_start(start)
    if monday < start:
        monday += datetime.timedelta(days=7)
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


@dataclass
class Week:
    monday: datetime.date
    minutes: int
    required_minutes: int
    workdays: int  # the instructor's working days: public holidays and leave removed
    counted: bool  # the rule applies to this week
    note: str = ""

    @property
    def met(self) -> bool:
        return self.minutes >= self.required_minutes

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


@dataclass
class Compliance:
    """One instructor's weeks over a period."""

    instructor_id: int
    weeks: list[Week] = field(default_factory=list)

    @property
    def counted(self) -> list[Week]:
        return [w for w in self.weeks if w.counted]

    @property
    def weeks_required(self) -> int:
        return len(self.counted)

    @property
    def weeks_met(self) -> int:
        return sum(1 for w in self.counted if w.met)

    @property
    def minutes(self) -> int:
        return sum(w.minutes for w in self.weeks)


def weekly_minutes(instructor_ids, start: datetime.date, end: datetime.date) -> dict[tuple[int, datetime.date], int]:
    """Minutes on site per (instructor, Monday), summed in the database."""
    rows = (
        Visit.objects.filter(instructor__in=instructor_ids, date__gte=start, date__lte=end)
        .annotate(week=TruncWeek("date")).order_by().values("instructor", "week").annotate(total=Sum("minutes"))
    )
    result = {}
    for row in rows:
        week = row["week"]
        if isinstance(week, datetime.datetime):
            week = week.date()
        result[(row["instructor"], week)] = row["total"] or 0
    return result


def compliance(instructors, start: datetime.date, end: datetime.date, params=None) -> dict[int, Compliance]:
    """The weeks starting in [start, end] for each instructor (a list or queryset with their
    region loaded). Three queries whatever the number of instructors and weeks."""
    params = params or ParameterValues()
    instructors = list(instructors)
    ids = [i.pk for i in instructors]
    mondays = weeks_between(start, end)
    if not mondays or not ids:
        return {pk: Compliance(pk) for pk in ids}
    last_day = mondays[-1] + datetime.timedelta(days=6)
    minutes = weekly_minutes(ids, mondays[0], last_day)
    assigned: dict[int, list[tuple]] = defaultdict(list)
    for row in Assignment.objects.filter(instructor__in=ids).overlapping(mondays[0], last_day).values_list(
            "instructor", "start_date", "end_date"):
        assigned[row[0]].append(row[1:])
    on_leave: dict[int, set[datetime.date]] = defaultdict(set)
    for pk, leave_start, leave_end in Leave.objects.filter(
            instructor__in=ids, start_date__lte=last_day, end_date__gte=mondays[0]).values_list(
            "instructor", "start_date", "end_date"):
        day = max(leave_start, mondays[0])
        while day <= min(leave_end, last_day):
            on_leave[pk].add(day)
            day += ONE_DAY
    calendar = {monday: working_days(monday) for monday in mondays}
    result = {}
    for instructor in instructors:
        path = instructor.region.path
        required, min_days = params.value(WEEKLY_MINUTES, path), params.value(MIN_WORKDAYS, path)
        item = Compliance(instructor.pk)
        for monday in mondays:
            days = [d for d in calendar[monday] if d not in on_leave[instructor.pk]]
            sunday = monday + datetime.timedelta(days=6)
            has_assignment = any(s <= sunday and (e is None or e >= monday) for s, e in assigned[instructor.pk])
            note = ""
            if not has_assignment:
                note = "未联系组织"
            elif len(days) < min_days:
                public = len(calendar[monday]) < min_days
                note = "节假日" if public else "请假"
            item.weeks.append(Week(monday, minutes.get((instructor.pk, monday), 0), required, len(days), not note, note))
        result[instructor.pk] = item
    return result


def this_week(instructor, params=None) -> Week:
    monday = week_start(timezone.localdate())
    return compliance([instructor], monday, monday, params)[instructor.pk].weeks[0]


def unvisited_assignments(assignments, on: datetime.date | None = None, params=None):
    """Current assignments whose organization has had no visit for `instructor_unvisited_days`
    (counted from the assignment's start for a new one), annotated with `last_visit`."""
    on = on or timezone.localdate()
    params = params or ParameterValues()
    cutoff = params.expr(UNVISITED_DAYS, "organization__region__path",
                         transform=lambda d: on - datetime.timedelta(days=d), output_field=models.DateField())
    last = Visit.objects.filter(organization=OuterRef("organization"), date__lte=on).order_by().values("organization").annotate(
        last=Max("date")).values("last")[:1]
    recent = Visit.objects.filter(organization=OuterRef("organization"), date__gt=OuterRef("cutoff"), date__lte=on)
    return (
        assignments.current(on).annotate(cutoff=cutoff, last_visit=Subquery(last, output_field=models.DateField()))
        .filter(start_date__lte=F("cutoff")).exclude(Exists(recent))
    )


def compliance_rows(user, today: datetime.date | None = None, params: ParameterValues | None = None) -> list[dict]:
    """Every instructor of the user's jurisdiction: this week, quarter and half-year (the
    committee's compliance page and its Excel export)."""
    today = today or timezone.localdate()
    params = params or ParameterValues()
    half_start, _ = half_year_bounds(today)
    q_start, _ = quarter_bounds(today)
    instructors = list(
        Instructor.objects.scoped(user).serving().select_related("region")
        .annotate(
            organizations=Count("assignments", filter=Q(assignments__in=Assignment.objects.current(today)), distinct=True),
        )
        .order_by("name")
    )
    week_end = week_start(today)
    half = compliance(instructors, half_start, week_end, params)
    visits = {
        row["instructor"]: row for row in Visit.objects.filter(
            instructor__in=[i.pk for i in instructors], date__gte=half_start, date__lte=today)
        .order_by().values("instructor").annotate(n=Count("pk"), last=Max("date"))
    }
    unvisited = {
        row["instructor"]: row["n"] for row in unvisited_assignments(
            Assignment.objects.filter(instructor__in=[i.pk for i in instructors]), today, params)
        .order_by().values("instructor").annotate(n=Count("pk"))
    }
    rows = []
    for instructor in instructors:
        weeks = half[instructor.pk].weeks
        this_week = weeks[-1] if weeks and weeks[-1].monday == week_end else None
        done = [w for w in weeks if w.monday < week_end and w.counted]  # completed weeks only
        quarter = [w for w in done if w.monday >= q_start]
        rows.append({
            "pk": instructor.pk, "url": reverse("instructors:instructor_detail", args=[instructor.pk]),
            "name": instructor.name, "dispatching_unit": instructor.dispatching_unit,
            "organizations": instructor.organizations,
            "week_minutes": this_week.minutes if this_week else 0,
            "week_required": this_week.required_minutes if this_week else 0,
            "week_counted": bool(this_week and this_week.counted),
            "quarter_met": sum(w.met for w in quarter), "quarter_required": len(quarter),
            "quarter_rate": sum(w.met for w in quarter) / len(quarter) if quarter else -1,
            "half_met": sum(w.met for w in done), "half_required": len(done),
            "half_rate": sum(w.met for w in done) / len(done) if done else -1,
            "visits": visits.get(instructor.pk, {}).get("n", 0), "last_visit": visits.get(instructor.pk, {}).get("last"),
            "unvisited": unvisited.get(instructor.pk, 0),
        })
    return rows
