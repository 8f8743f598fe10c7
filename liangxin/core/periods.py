"""Calendar periods the policy counts in. The half-year (art. 20: an evaluation every half-year)
is defined here once, for the rules, the compliance page, the evaluations and the demo."""

from __future__ import annotations

import datetime

ONE_DAY = datetime.timedelta(days=1)


def half_year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the half-year holding `day`: 1 January–30 June or 1 July–31 December."""
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def half_of(day: datetime.date) -> int:
    """1 for the first half-year, 2 for the second (as Evaluation.half stores it)."""
    return 1 if day.month <= 6 else 2


def half_year_start(year: int, half: int) -> datetime.date:
    return datetime.date(year, 1 if half == 1 else 7, 1)


def previous_half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The bounds of the last half-year completed before `day`'s."""
    start, _ = half_year_bounds(day)
    return half_year_bounds(start - ONE_DAY)
