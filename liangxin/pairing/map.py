"""Who is paired with whom (issue 13, 004 二): a region's current pairings as a graph, units on
one side and organizations on the other, each pairing coloured by the cadence rules' cases.

The rules over pairings (PAIR-2 cadence, PAIR-5 evaluations, PAIR-7 occasions) say which pairings
need attention; the units carry their points of the year (confirmed records only, as the bulletin
counts them). No personal data: units and organizations are named, people are not.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from liangxin.core.models import may
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.pairing.services import year_points
from liangxin.regions.models import Region
from liangxin.rules.registry import all_rules
from liangxin.rules.values import ParameterValues

# A graph stays readable (and the page light on a phone) up to a few hundred pairings; a larger
# region is drawn one sub-region at a time. A limit of the drawing, not of the policy.
MOST_DRAWN = 300


def pairing_rules(user) -> list:
    return [rule for rule in all_rules()
            if rule.model == "pairing.Pairing" and rule.is_check and rule.can_view(user)]


def pairing_map(user, region: Region) -> dict:
    """The graph's nodes and links for the current pairings of organizations in `region`, or,
    past MOST_DRAWN, the sub-regions to choose from with their counts."""
    on = timezone.localdate()
    pairings = Pairing.objects.scoped(user).current(on).filter(organization__region__path__startswith=region.path)
    total = pairings.count()
    if total > MOST_DRAWN:
        children = list(Region.objects.scoped(user).filter(parent=region).open().order_by("path").values("pk", "name", "path"))
        # One grouped query by the organizations' regions, each then counted into the child it lies in.
        per_path = pairings.order_by().values_list("organization__region__path").annotate(n=Count("pk"))
        counts = {child["pk"]: 0 for child in children}
        for path, n in per_path:
            for child in children:
                if path.startswith(child["path"]):
                    counts[child["pk"]] += n
                    break
        return {"total": total, "too_many": True,
                "children": [{"id": c["pk"], "name": c["name"], "pairings": counts[c["pk"]]} for c in children]}
    rows = list(pairings.select_related("unit", "organization__region__parent").order_by("unit__name", "organization__name"))
    cases: dict[int, list[str]] = {}
    params = ParameterValues()
    for rule in pairing_rules(user):
        for pk, finding in rule.violations(user, region, params).values_list("pk", "finding"):
            cases.setdefault(pk, []).append(f"{rule.id} {finding}")
    units = {p.unit_id: p.unit for p in rows}
    # Every unit and organization drawn comes from the scoped pairings, inside the user's
    # jurisdiction: its page opens exactly when the role may view its kind (no check per node).
    link_units, link_orgs = may(user, PairedUnit), may(user, Organization)
    points = year_points(units.values(), on.year)
    nodes, links = [], []
    for unit in units.values():
        nodes.append({"id": f"u{unit.pk}", "name": unit.name, "kind": "unit", "level": unit.get_level_display(),
                      "points": points[unit.pk].total,
                      "link": unit.get_absolute_url() if link_units else ""})
    seen = set()
    for p in rows:
        org = p.organization
        if org.pk not in seen:
            seen.add(org.pk)
            nodes.append({"id": f"o{org.pk}", "name": org.name, "kind": "organization", "region": org.region.label,
                          "link": org.get_absolute_url() if link_orgs else ""})
        links.append({"source": f"u{p.unit_id}", "target": f"o{org.pk}", "since": p.start_date.isoformat(),
                      "cases": cases.get(p.pk, [])})
    return {"total": total, "too_many": False, "nodes": nodes, "links": links,
            "attention": sum(1 for link in links if link["cases"]),
            "rules": [{"id": rule.id, "title": rule.title} for rule in pairing_rules(user)]}
