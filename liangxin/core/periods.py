"""Calendar periods the policy counts in. The half-year (art. 20: an evaluation every half-year)
and the quarter (art. 14's meetings, 004's joint activities and inspections) are defined here
once, for the rules, the compliance page, the evaluations, the pairing cadence and the demo."""

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


def month_start(day: datetime.date, months_back: int = 0) -> datetime.date:
    """The first day of the month `months_back` months before the one holding `day`."""
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the month holding `day`."""
    return month_start(day, -1) - ONE_DAY


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the quarter holding `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    end = datetime.date(day.year + (first_month == 10), (first_month + 3 - 1) % 12 + 1, 1) - ONE_DAY
    return start, end


def previous_quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _ = quarter_bounds(day)
    return quarter_bounds(start - ONE_DAY)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1
