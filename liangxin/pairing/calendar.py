"""The dates of 004's occasions: 七一 is fixed; the Spring Festival follows the lunar calendar.

The lunar calendar comes from the `holidays` package (already our source of China's public
holidays and make-up working days for the instructors' weekly rule): it computes the Chinese
New Year from its own lunisolar tables and is kept up to date with each year's State Council
notice, so no table of dates needs to be maintained here."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def spring_festival(year: int) -> datetime.date:
    """The first day of the lunar new year (春节) in `year`."""
    days = [day for day, name in holidays.China(years=year).items() if "Spring Festival" in name]
    return min(days)


def july_first(year: int) -> datetime.date:
    return datetime.date(year, 7, 1)
