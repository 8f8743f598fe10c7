"""The figures of a committee's quarterly bulletin (REP-3, 004 四(三)), computed once when the
bulletin is drafted and stored with it (QuarterlyBulletin.figures): the document, its PDF and
the page all print these stored numbers, so a frozen bulletin never changes.

- Coverage at the quarter's start and end, for the region and each sub-region: the monthly
  coverage snapshots (liangxin.rules, `liangxin snapshot`) where they were taken for the month,
  else the ledger's history (stats.history_figures); the quarter still running: today's figures.
- Rules newly kept or broken: the rule registry's case counts now, against those stored in the
  region's previous frozen bulletin (the registry keeps no history of its own).
- Instructors' compliance (art. 12's weekly half day) by sub-region, as counts: no names.
- Pairing: the PAIR-6 bulletin's own computation (liangxin.pairing.bulletin.build): units by
  points, the cadence kept, the units to commend, the records marked as good practice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from liangxin.core.jurisdiction import in_subtree
from liangxin.core.periods import month_end, month_start
from liangxin.instructors.compliance import compliance, week_start
from liangxin.instructors.models import Instructor, Visit
from liangxin.organizations.models import Organization
from liangxin.pairing import bulletin as pairing_bulletin
from liangxin.pairing.models import Inspection
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.reports.models import QuarterlyBulletin
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.parameters import TARGET_ORG, TARGET_WORK
from liangxin.rules.registry import all_rules, violation_counts
from liangxin.rules.stats import FIGURE_FIELDS, history_figures, region_figures, with_rates
from liangxin.rules.values import ParameterValues


def quarter_range(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    return pairing_bulletin.quarter_range(year, quarter)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年第{'一二三四'[quarter - 1]}季度"


def pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _coverage_on(regions: list[dict], day: datetime.date, today: datetime.date) -> tuple[dict[int, dict], str]:
    """Every region's figures on `day` and where they come from."""
    if day >= today:
        return region_figures(regions, Organization.objects.all(), PartyOrg.objects.all()), "当日台账"
    figures: dict[int, dict] = {}
    if day == month_end(day):
        for s in CoverageSnapshot.objects.filter(region__in=[r["pk"] for r in regions], month=month_start(day)).values("region", *FIGURE_FIELDS):
            figures[s.pop("region")] = s
    missing = [r for r in regions if r["pk"] not in figures]
    if missing:
        figures.update(history_figures(missing, day))
    if not figures or len(missing) == len(regions):
        return figures, "台账历史还原"
    return figures, "月度快照" if not missing else "月度快照（无快照的区域按台账历史还原）"


def coverage_figures(region: Region, start: datetime.date, end: datetime.date, today: datetime.date) -> dict:
    children = list(Region.objects.filter(parent=region).open().order_by("path").values("pk", "path", "name"))
    regions = [{"pk": region.pk, "path": region.path, "name": region.name}, *children]
    keys = [{"pk": r["pk"], "path": r["path"]} for r in regions]
    before, before_source = _coverage_on(keys, start - datetime.timedelta(days=1), today)
    after_day = min(end, today)
    after, after_source = _coverage_on(keys, after_day, today)
    rows = []
    for r in regions:
        b, a = with_rates(before[r["pk"]]), with_rates(after[r["pk"]])
        row = {"name": r["name"], "organizations_start": b["organizations"], "organizations_end": a["organizations"]}
        for key in ("org_coverage_rate", "work_coverage_rate"):
            row[f"{key}_start"], row[f"{key}_end"] = pct(b[key]), pct(a[key])
            row[f"{key}_change"] = None if b[key] is None or a[key] is None else round(pct(a[key]) - pct(b[key]), 1)
        for key in ("party_orgs", "members", "employees", "org_covered", "work_covered"):
            row[f"{key}_start"], row[f"{key}_end"] = b[key], a[key]
        rows.append(row)
    params = ParameterValues(after_day)
    return {
        "start_day": (start - datetime.timedelta(days=1)).isoformat(), "end_day": after_day.isoformat(),
        "start_source": before_source, "end_source": after_source, "rows": rows,
        "target_org": params.value(TARGET_ORG, region.path), "target_work": params.value(TARGET_WORK, region.path),
    }


def rule_figures(region: Region, previous: dict | None) -> dict:
    """The check rules' case counts now, and against the previous frozen bulletin's."""
    counts = violation_counts(None, region)
    before = {row["id"]: row["now"] for row in (previous or {}).get("rows", [])}
    rows = [{"id": rule.id, "title": rule.title, "before": before.get(rule.id), "now": counts[rule.id]}
            for rule in all_rules() if rule.id in counts]
    return {
        "rows": rows,
        "kept": [r["id"] for r in rows if r["before"] and not r["now"]],
        "broken": [r["id"] for r in rows if r["before"] == 0 and r["now"]],
    }


def instructor_figures(region: Region, start: datetime.date, end: datetime.date, today: datetime.date) -> dict:
    """Art. 12's weekly half day over the quarter's completed weeks, by sub-region, as counts."""
    children = list(Region.objects.filter(parent=region).open().order_by("path").values("pk", "path", "name"))
    instructors = list(Instructor.objects.filter(in_subtree("region", region.path)).serving().select_related("region"))
    last_day = min(end, week_start(today) - datetime.timedelta(days=1))
    weeks = compliance(instructors, start, last_day - datetime.timedelta(days=6)) if last_day >= start else {}
    visits = dict(Visit.objects.filter(instructor__in=[i.pk for i in instructors], date__gte=start, date__lte=min(end, today))
                  .order_by().values("instructor").annotate(n=Count("pk")).values_list("instructor", "n"))
    totals: dict[str, dict] = defaultdict(lambda: {"instructors": 0, "weeks_required": 0, "weeks_met": 0, "all_met": 0, "visits": 0})
    for instructor in instructors:
        place = next((c["name"] for c in children if instructor.region.path.startswith(c["path"])), region.name)
        row, item = totals[place], weeks.get(instructor.pk)
        row["instructors"] += 1
        row["visits"] += visits.get(instructor.pk, 0)
        if item is not None:
            row["weeks_required"] += item.weeks_required
            row["weeks_met"] += item.weeks_met
            row["all_met"] += item.weeks_required == item.weeks_met
    order = [region.name, *(c["name"] for c in children)]
    rows = [{"name": name, **totals[name]} for name in order if name in totals]
    total = {"name": "合计", **{k: sum(r[k] for r in rows) for k in ("instructors", "weeks_required", "weeks_met", "all_met", "visits")}}
    for row in [*rows, total]:
        row["rate"] = round(row["weeks_met"] / row["weeks_required"] * 100, 1) if row["weeks_required"] else None
    return {"rows": rows, "total": total, "through": last_day.isoformat() if last_day >= start else None}


def pairing_figures(region: Region, year: int, quarter: int) -> dict:
    """The PAIR-6 bulletin's figures for the same region and quarter."""
    built = pairing_bulletin.build(Inspection(region=region, year=year, quarter=quarter))
    return {
        "headers": list(pairing_bulletin.POINTS_HEADERS), "points": built.points_table(),
        "pairings": len(built.cadence), "cadence_kept": sum(1 for row in built.cadence if row.kept),
        "commended": [row.unit.name for row in built.commended],
        "examples": [f"{r.pairing.unit.name}与{r.pairing.organization.name}（{r.date:%m月%d日}，{r.get_kind_display()}）：{r.content}。"
                     f"成效：{r.results}" for r in built.examples],
    }


def draft(bulletin) -> dict:
    """Every figure the bulletin prints, for its region and quarter, as of now."""
    region, year, quarter = bulletin.region, bulletin.year, bulletin.quarter
    today = timezone.localdate()
    start, end = quarter_range(year, quarter)
    previous = (QuarterlyBulletin.objects.filter(region=region, status=QuarterlyBulletin.Status.FROZEN)
                .filter(year__lte=year).exclude(year=year, quarter__gte=quarter).order_by("-year", "-quarter").first())
    return {
        "region": region.name, "year": year, "quarter": quarter, "label": quarter_label(year, quarter),
        "start": start.isoformat(), "end": end.isoformat(), "as_of": today.isoformat(),
        "previous": quarter_label(previous.year, previous.quarter) if previous else None,
        "coverage": coverage_figures(region, start, end, today),
        "rules": rule_figures(region, previous.figures.get("rules") if previous else None),
        "instructors": instructor_figures(region, start, end, today),
        "pairing": pairing_figures(region, year, quarter),
    }
