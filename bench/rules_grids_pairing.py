"""The grid rules of seed 002 (GRID-3, GRID-4, GRID-5B) and the pairing rules of seed 004
(PAIR-1, PAIR-2, PAIR-3, PAIR-7) written by hand in PostgreSQL, parameters at the values in force (the
bench sets no overrides), for bench.rules.sql_rule_counts.

Dates that come from a calendar rather than from the rows — the previous month, quarter and
year, and the 七一 and Spring Festival windows (lunar, from the `holidays` package) — are taken
from the application's own helpers and passed in, as INS-3's working days are; everything that
reads rows is SQL here.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from liangxin.core.periods import month_end, month_start, previous_quarter
from liangxin.grids.parameters import TRACKING_DAYS
from liangxin.pairing.parameters import CONFIRM_DAYS, GRACE_DAYS, OCCASION_DAYS
from liangxin.pairing.rules import _occasions
from liangxin.rules.values import ParameterValues

ACTIVE_ORG = "o.status NOT IN ('closed', 'deregistered')"
CURRENT = "{t}.start_date <= %(today)s AND ({t}.end_date IS NULL OR {t}.end_date >= %(today)s)"


def _params(region) -> dict:
    values = ParameterValues()  # the district-wide values (the bench sets no overrides)
    today = timezone.localdate()
    month = month_start(today, 1)
    quarter = previous_quarter(today)
    return {
        "prefix": region.path + "%", "today": today,
        "tracking_since": today - datetime.timedelta(days=values.value(TRACKING_DAYS)),
        "confirm_cutoff": today - datetime.timedelta(days=values.value(CONFIRM_DAYS)),
        "grace": values.value(GRACE_DAYS),
        "m_start": month, "m_end": month_end(month), "q_start": quarter[0], "q_end": quarter[1],
        "y_start": datetime.date(today.year - 1, 1, 1), "y_end": datetime.date(today.year - 1, 12, 31),
    }


def _confirmed(kind: str, start: str, end: str) -> str:
    return f"""EXISTS (SELECT 1 FROM pairing_pointsrecord x WHERE x.pairing_id = pp.id AND x.status = 'confirmed'
        AND x.kind = '{kind}' AND x.date BETWEEN {start} AND {end})"""


def _pair7_windows(today: datetime.date) -> tuple[list[str], dict]:
    """PAIR-7's closed windows (the last 七一 and Spring Festival), as SQL conditions on `pp`."""
    conditions, params = [], {}
    for i, (day, _label) in enumerate(_occasions(today)):
        start, end = day - datetime.timedelta(days=ParameterValues().value(OCCASION_DAYS)), day + datetime.timedelta(days=15)
        if end >= today:
            continue
        params |= {f"o{i}_start": start, f"o{i}_end": end}
        conditions.append(f"(pp.start_date <= %(o{i}_start)s AND NOT "
                          f"{_confirmed('condolence', f'%(o{i}_start)s', f'%(o{i}_end)s')})")
    return conditions, params


def sql_grid_pairing_counts(region) -> dict:
    p = _params(region)
    pair7, extra = _pair7_windows(p["today"])
    p |= extra
    # A period counts once it is over and its grace days have passed (PAIR-2).
    due = "pp.start_date <= {start} AND %(grace)s < %(today)s - {end}"
    grids = "regions_region g WHERE g.level = 6 AND g.closed_on IS NULL AND g.path LIKE %(prefix)s"
    pairings = f"""pairing_pairing pp JOIN organizations_organization po ON po.id = pp.organization_id
      JOIN regions_region pr ON pr.id = po.region_id WHERE pr.path LIKE %(prefix)s AND {CURRENT.format(t="pp")}"""
    covers = "partyorgs_partyorg_organizations t WHERE t.partyorg_id = g.lead_party_org_id"
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT
      (SELECT count(*) FROM {grids} AND (
          g.lead_party_org_id IS NULL OR g.responsible_person = '' OR g.responsible_phone = ''
          OR (SELECT status FROM partyorgs_partyorg WHERE id = g.lead_party_org_id) = 'dissolved'
          OR (EXISTS (SELECT 1 FROM {covers})
              AND NOT EXISTS (SELECT 1 FROM {covers.replace(" WHERE", " JOIN organizations_organization o ON o.id = t.organization_id WHERE")}
                              AND {ACTIVE_ORG})))),
      (SELECT count(*) FROM regions_region s WHERE s.level IN (4, 5) AND s.closed_on IS NULL AND s.path LIKE %(prefix)s
        AND (NOT EXISTS (SELECT 1 FROM grids_officer f WHERE f.region_id = s.id AND f.duty = 'leader' AND {CURRENT.format(t="f")})
             OR NOT EXISTS (SELECT 1 FROM grids_officer f WHERE f.region_id = s.id AND f.duty = 'staff' AND {CURRENT.format(t="f")}))),
      (SELECT count(*) FROM {grids}
        AND NOT EXISTS (SELECT 1 FROM grids_trackingrecord k WHERE k.region_id = g.id AND k.recorded_on >= %(tracking_since)s)),
      (SELECT count(*) FROM pairing_pairedunit u JOIN regions_region ur ON ur.id = u.region_id WHERE ur.path LIKE %(prefix)s
        AND ((((u.level = 'street') OR (u.has_party_org AND u.rank = 'deputy_division'))
              AND NOT EXISTS (SELECT 1 FROM pairing_pairing pp WHERE pp.unit_id = u.id AND {CURRENT.format(t="pp")}))
             OR (u.level = 'street' AND EXISTS (
                   SELECT 1 FROM pairing_pairing pp JOIN organizations_organization o ON o.id = pp.organization_id
                   JOIN regions_region r ON r.id = o.region_id
                   WHERE pp.unit_id = u.id AND {CURRENT.format(t="pp")} AND r.path NOT LIKE ur.path || '%%')))),
      (SELECT count(*) FROM {pairings} AND (
          ({due.format(start="%(m_start)s", end="%(m_end)s")} AND NOT {_confirmed("visit", "%(m_start)s", "%(m_end)s")})
          OR ({due.format(start="%(q_start)s", end="%(q_end)s")} AND NOT {_confirmed("activity", "%(q_start)s", "%(q_end)s")})
          OR ({due.format(start="%(y_start)s", end="%(y_end)s")} AND NOT {_confirmed("summary", "%(y_start)s", "%(y_end)s")}))),
      (SELECT count(*) FROM pairing_pointsrecord x JOIN pairing_pairing pp ON pp.id = x.pairing_id
        JOIN organizations_organization o ON o.id = pp.organization_id JOIN regions_region r ON r.id = o.region_id
        WHERE r.path LIKE %(prefix)s AND x.status = 'pending'
          AND (x.created AT TIME ZONE 'Asia/Shanghai')::date < %(confirm_cutoff)s),
      (SELECT count(*) FROM {pairings} AND (
          {" OR ".join([*pair7, f"(pp.start_date <= %(y_start)s AND NOT {_confirmed('open_day', '%(y_start)s', '%(y_end)s')})"])}))
    """, p)
        row = cursor.fetchone()
    names = ("GRID-3", "GRID-4", "GRID-5B", "PAIR-1", "PAIR-2", "PAIR-3", "PAIR-7")
    return dict(zip(names, row, strict=True))
