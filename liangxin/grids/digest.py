"""A grid's monthly digest for its responsible person (GRID-5, 002 二(二)): the tracking page
for a month, with the grid's coverage now and the GRID rules' cases in it, printable."""

from __future__ import annotations

import calendar
import datetime

from liangxin.grids.map import grid_rules
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.stats import region_figures, with_rates
from liangxin.rules.values import ParameterValues


def month_periods(today: datetime.date, count: int = 3) -> list[dict]:
    """This month so far and the whole months before it: the digest's quick choices."""
    periods, first = [], today.replace(day=1)
    for index in range(count):
        last = today if index == 0 else first.replace(day=calendar.monthrange(first.year, first.month)[1])
        periods.append({"label": "本月" if index == 0 else f"{first.year}年{first.month}月", "start": first, "end": last})
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return periods


def digest_context(user, region: Region, today: datetime.date) -> dict:
    """What the grid's monthly digest adds to its tracking (for its responsible person, 002 二(二)):
    the quick month choices, the grid's coverage now and the GRID rules' cases in it."""
    figures = region_figures([{"pk": region.pk, "path": region.path}], Organization.objects.scoped(user),
                             PartyOrg.objects.scoped(user))[region.pk]
    params = ParameterValues()
    cases = [{"rule": rule, "findings": list(rule.violations(user, region, params).values_list("name", "finding")[:20])}
             for rule in grid_rules(user)]
    return {"months": month_periods(today), "coverage": with_rates(figures),
            "grid_cases": [case for case in cases if case["findings"]]}
