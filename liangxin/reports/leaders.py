"""The leaders' overview (issue 17 item 5): a read-only page of a region's figures for the
leader role's home, a phone and a meeting room's wall screen.

Everything here is a figure another part of the site already defines, read through that part:
the headline figures and the sub-regions from the coverage dashboard (liangxin.rules.stats,
cached per user and day), the trend from the monthly coverage snapshots, the rules' counts from
the registry, the ratings from liangxin.assessments, pairing points from liangxin.pairing and
the instructors' weekly half-day from liangxin.instructors.compliance. No person is named:
instructors and members appear only as counts and rates, paired units (public bodies) by name.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from liangxin.core.jurisdiction import in_subtree
from liangxin.core.periods import month_start, quarter_bounds
from liangxin.instructors.compliance import compliance, unvisited_assignments, week_start
from liangxin.instructors.models import Assignment, Instructor
from liangxin.pairing.bulletin import pairings_in, units_in
from liangxin.pairing.services import year_points
from liangxin.regions.models import Region
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.registry import all_rules, violation_counts
from liangxin.rules.stats import cached_coverage

# How many rules and paired units the overview lists: a wall screen shows them at once.
TOP = 5
# The months of trend drawn beside each figure (the snapshots keep a year: stats.HISTORY_MONTHS).
TREND_MONTHS = 12
# The wall screen reloads itself this often (seconds); the figures it reads are cached for two
# minutes (RULES_COVERAGE_CACHE_SECONDS), so a shorter period would show nothing newer.
SCREEN_REFRESH_SECONDS = 300

# The key figures: (key, label, unit, snapshot value). The snapshots hold COV-2's figures, so
# the party organizations' trend counts those covering an organization in operation.
KEY_FIGURES = (
    ("organizations", "两新组织", "家"),
    ("party_orgs", "党组织", "个"),
    ("members", "党员", "名"),
    ("org_coverage_rate", "组织覆盖率", "%"),
    ("work_coverage_rate", "工作覆盖率", "%"),
)


def _snapshot_value(s: CoverageSnapshot, key: str):
    if key == "party_orgs":
        return s.party_orgs_economic + s.party_orgs_social
    if key == "members":
        return s.members_economic + s.members_social
    if key.endswith("_rate"):
        rate = getattr(s, key)
        return None if rate is None else round(rate * 100, 1)
    return getattr(s, key)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _live_value(figures: dict, key: str):
    return _percent(figures[key]) if key.endswith("_rate") else figures[key]


def key_figures(user, region: Region | None, figures: dict, today: datetime.date) -> list[dict]:
    """Each key figure now, its monthly values over the last year (the snapshots), and its
    change since the end of last month (the last snapshot of an earlier month)."""
    snapshots = []
    if region is not None:
        snapshots = list(CoverageSnapshot.objects.scoped(user).filter(
            region=region, month__gte=month_start(today, TREND_MONTHS - 1)).order_by("month"))
    earlier = [s for s in snapshots if s.month < month_start(today)]
    result = []
    for key, label, unit in KEY_FIGURES:
        value = _live_value(figures, key)
        # The headline counts every active party organization (as the home page does); its
        # change compares COV-2's count, the one the snapshots hold.
        compared = figures["party_orgs"] if key == "party_orgs" else value
        shown = figures["party_orgs_all"] if key == "party_orgs" and "party_orgs_all" in figures else value
        before = _snapshot_value(earlier[-1], key) if earlier else None
        change = None if before is None or compared is None else round(compared - before, 1)
        result.append({
            "key": key, "label": label, "unit": unit, "value": shown, "change": change,
            "since": earlier[-1].month.strftime("%Y年%m月").replace("年0", "年") + "末" if earlier else None,
            "trend": [{"month": s.month.strftime("%Y-%m"), "value": _snapshot_value(s, key)} for s in snapshots],
        })
    return result


def top_rules(user, region: Region | None) -> list[dict]:
    """The check rules with the most cases under the region, most first (cached like the
    to-do list: a whole district's rules are a few seconds of database work)."""
    key = f"reports:leaders:rules:{user.pk}:{user.role}:{region.pk if region else ''}:{region.path if region else ''}:{timezone.localdate()}"
    items = cache.get(key)
    if items is None:
        counts = violation_counts(user, region)
        items = sorted(
            ({"id": rule.id, "title": rule.title, "count": counts[rule.id]} for rule in all_rules() if counts.get(rule.id)),
            key=lambda item: (-item["count"], item["id"]),
        )
        cache.set(key, items, getattr(settings, "RULES_TODO_CACHE_SECONDS", 120))
    return items[:TOP]


def pairing_figures(user, region: Region, today: datetime.date) -> dict | None:
    """The year's pairing: units and pairings in the region, the confirmed points so far and
    the units with the most (PAIR-4's capped sums, as the bulletin counts them)."""
    if not user.has_perm("pairing.view_pairedunit"):
        return None
    start = datetime.date(today.year, 1, 1)
    units = list(units_in(region, start, today))
    points = year_points(units, today.year, today)
    ranked = sorted(units, key=lambda u: (-points[u.pk].total, u.name))
    return {
        "units": len(units), "pairings": pairings_in(region, start, today).count(), "year": today.year,
        "points": sum(p.total for p in points.values()),
        "top": [{"name": u.name, "points": points[u.pk].total} for u in ranked[:TOP] if points[u.pk].total > 0],
    }


def instructor_figures(region: Region, today: datetime.date) -> dict:
    """The instructors serving in the region as counts and rates only (art. 12's weekly half
    day over the completed weeks of this quarter, organizations not visited in time)."""
    instructors = list(Instructor.objects.serving().filter(in_subtree("region", region.path)).select_related("region"))
    q_start, _ = quarter_bounds(today)
    this_monday = week_start(today)
    weeks = compliance(instructors, q_start, this_monday - datetime.timedelta(days=7), None) if this_monday > q_start else {}
    required = sum(c.weeks_required for c in weeks.values())
    met = sum(c.weeks_met for c in weeks.values())
    assignments = Assignment.objects.filter(instructor__in=[i.pk for i in instructors])
    current = assignments.current(today).aggregate(n=Count("organization", distinct=True))
    return {
        "instructors": len(instructors), "organizations": current["n"],
        "weeks_required": required, "weeks_met": met, "rate": round(met / required * 100, 1) if required else None,
        "unvisited": unvisited_assignments(assignments, today).count(),
    }


def rating_figures(coverage: dict) -> list[dict]:
    rates, targets = coverage.get("rating_rates") or {}, coverage.get("targets") or {}
    result = []
    for key, label, target_key in (("two_strong_six_good", "“双强六好”非公企业党组织", "target_two_strong_six_good"),
                                   ("five_good", "“五个好”党组织", "target_five_good")):
        r = rates.get(key)
        result.append({
            "key": key, "label": label, "target": (targets.get(target_key) or {}).get("value"),
            "rate": None if not r or r["rate"] is None else round(r["rate"] * 100, 1),
            "reached": r["reached"] if r else None, "total": r["total"] if r else None,
            "years": "、".join(str(y) for y in r["years"]) if r else "",
        })
    return result


def leaders_overview(user, region: Region | None) -> dict:
    """Everything the page shows, and the part of it its charts draw (`chart`)."""
    today = timezone.localdate()
    coverage = cached_coverage(user, region)
    figures = coverage["figures"]
    children = [{"id": c["id"], "name": c["name"], "organizations": c["organizations"],
                 "org_coverage_rate": c["org_coverage_rate"], "work_coverage_rate": c["work_coverage_rate"],
                 "org_pct": _percent(c["org_coverage_rate"]), "work_pct": _percent(c["work_coverage_rate"])}
                for c in coverage.get("children", [])]
    keys = key_figures(user, region, figures, today)
    data = {
        "as_of": coverage["as_of"], "computed_at": coverage.get("computed_at"), "figures": figures,
        "key_figures": keys, "children": children, "targets": coverage.get("targets") or {},
        "ratings": rating_figures(coverage) if region is not None else [],
        "rules": top_rules(user, region),
        "pairing": pairing_figures(user, region, today) if region is not None else None,
        "instructors": instructor_figures(region, today) if region is not None else None,
    }
    targets = data["targets"]
    data["chart"] = {
        "children": children,
        "target": (targets.get("target_org_coverage") or {}).get("value"),
        "trends": {k["key"]: k["trend"] for k in keys},
    }
    return data
