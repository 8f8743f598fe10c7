"""The grid map (issue 16, 002 二(一)): a region's communities and grids as a treemap, each
sized by its organizations and coloured by coverage or by the grid rules' cases.

No map tiles (the servers have no internet, and seed 002 divides by community and grid, not by
coordinates): the tree itself is the map. Figures come from the coverage dashboard's
definitions (`rules.stats.region_figures`), the cases from the rules themselves, so the map
says what the dashboard and the rule pages say.
"""

from __future__ import annotations

from django.urls import reverse

from liangxin.core.links import opens_for
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.parameters import TARGET_ORG
from liangxin.rules.registry import all_rules
from liangxin.rules.stats import region_figures, with_rates
from liangxin.rules.values import ParameterValues

# Two levels below the region asked for: a street shows its communities and their grids, a
# district its streets and their communities (deeper levels are one click away).
DEPTH = 2


def grid_rules(user) -> list:
    """The GRID rules that flag regions (the map's second colouring) and that the user may read."""
    return [rule for rule in all_rules()
            if rule.id.startswith("GRID") and rule.is_check and rule.model == "regions.Region" and rule.can_view(user)]


def _cases_by_region(user, region: Region, nodes: list[dict]) -> dict[int, dict[str, int]]:
    """Each node's cases per GRID rule: a flagged region counts for itself and its ancestors
    among the nodes (a flagged grid marks its community too)."""
    by_path = {node["path"]: node["pk"] for node in nodes}
    cases: dict[int, dict[str, int]] = {node["pk"]: {} for node in nodes}
    params = ParameterValues()
    for rule in grid_rules(user):
        for path in rule.violations(user, region, params).values_list("path", flat=True):
            end = 0
            while (end := path.find("/", end) + 1):
                pk = by_path.get(path[:end])
                if pk is not None:
                    cases[pk][rule.id] = cases[pk].get(rule.id, 0) + 1
    return cases


def grid_map(user, region: Region) -> dict:
    """The treemap's data for `region` within the user's jurisdiction."""
    nodes = list(
        Region.objects.scoped(user).filter(path__startswith=region.path, level__gt=region.level,
                                           level__lte=region.level + DEPTH).open()
        .order_by("path").values("pk", "path", "name", "level", "parent_id")
    )
    figures = region_figures(nodes, Organization.objects.scoped(user), PartyOrg.objects.scoped(user))
    cases = _cases_by_region(user, region, nodes)
    org_list = reverse("organizations:organization_list")
    link_orgs = opens_for(user, org_list)
    children: dict[int | None, list[dict]] = {}
    for node in nodes:
        f = with_rates(figures[node["pk"]])
        children.setdefault(node["parent_id"], []).append({
            "id": node["pk"], "name": node["name"], "level": node["level"],
            "organizations": f["organizations"], "org_covered": f["org_covered"], "work_covered": f["work_covered"],
            "org_coverage_rate": f["org_coverage_rate"], "work_coverage_rate": f["work_coverage_rate"],
            "cases": cases[node["pk"]], "case_total": sum(cases[node["pk"]].values()),
            "link": f"{org_list}?region={node['pk']}" if link_orgs else "",
        })

    def tree(parent_id):
        branch = children.get(parent_id, [])
        for item in branch:
            item["children"] = tree(item["id"])
        return branch

    # Coloured against the region's own target (COV-1's parameter), not a threshold of the map's.
    target = ParameterValues().value(TARGET_ORG, region.path)
    return {"region": {"id": region.pk, "name": region.name}, "children": tree(region.pk), "target": target,
            "rules": [{"id": rule.id, "title": rule.title} for rule in grid_rules(user)]}


def rows(data: dict) -> list[dict]:
    """The tree flattened in order, for the table beside the chart (and for phones and screen readers)."""
    out: list[dict] = []

    def walk(items, depth):
        for item in items:
            out.append({**item, "depth": depth})
            walk(item["children"], depth + 1)

    walk(data["children"], 0)
    return out
