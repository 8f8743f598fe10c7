"""Concrete joint-branch proposals (ORG-2): organizations below the standalone threshold with no
party organization, grouped where their formal members together reach the threshold.

Candidates are aggregated in the database at three levels, each taking only what the level
before could not place: the same grid, the same community, then the same industry within the
same street. Python only sorts the aggregated groups (one row per group, never per
organization) and fetches the organizations of the proposals it shows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, Max, Sum, When

from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.parameters import STANDALONE_MIN
from liangxin.rules.queries import with_coverage
from liangxin.rules.values import ParameterValues

LEVELS = (
    ("grid", "同一网格"),
    ("community", "同一社区（村）"),
    ("industry", "同一街道、同一行业"),
)


def candidates(base_qs, params: ParameterValues):
    """Organizations that could join a joint branch: in operation, no party organization,
    at least one formal member, fewer than the standalone threshold in force for them."""
    community = Case(When(region__level=Region.Level.GRID, then=F("region__parent_id")), default=F("region_id"))
    street = Case(When(region__level=Region.Level.GRID, then=F("region__parent__parent_id")), default=F("region__parent_id"))
    return (
        with_coverage(base_qs.active().with_member_figures())
        .annotate(threshold=params.expr(STANDALONE_MIN, "region__path"), community_id=community, street_id=street)
        .filter(has_party_org=False, formal_members__gte=1, formal_members__lt=F("threshold"))
    )


def _groups(qs, keys: tuple[str, ...]):
    return (
        qs.order_by().values(*keys)
        .annotate(organizations=Count("pk"), members=Sum("formal_members"), threshold=Max("threshold"))
        .filter(organizations__gte=2, members__gte=F("threshold"))
    )


def joint_branch_proposals(base_qs, params: ParameterValues | None = None, limit: int = 50,
                           with_organizations: bool = True) -> dict:
    """Proposals, largest coverage (most organizations) first; `remaining` counts candidates no
    group can place (their members' relationships go to the supervising unit's org)."""
    params = params or ParameterValues()
    qs = candidates(base_qs, params)
    total = qs.count()
    proposals: list[dict[str, Any]] = []
    used: dict[str, list[int]] = {"region_id": [], "community_id": []}  # pks placed at a lower level
    level_keys = {"grid": ("region_id",), "community": ("community_id",), "industry": ("street_id", "industry")}
    for level, label in LEVELS:
        remaining = qs.exclude(region_id__in=used["region_id"]).exclude(community_id__in=used["community_id"])
        if level == "industry":
            remaining = remaining.exclude(industry="")
        for group in _groups(remaining, level_keys[level]):
            group.update(level=level, level_label=label)
            proposals.append(group)
        if level == "grid":
            used["region_id"] = [g["region_id"] for g in proposals if g["level"] == "grid"]
        elif level == "community":
            used["community_id"] = [g["community_id"] for g in proposals if g["level"] == "community"]
    proposals.sort(key=lambda g: (-g["organizations"], -g["members"]))
    placed = sum(g["organizations"] for g in proposals)
    shown = proposals[:limit]
    _name_scopes(shown)
    if with_organizations:
        for group in shown:
            members_qs = qs.exclude(region_id__in=[] if group["level"] == "grid" else used["region_id"])
            if group["level"] == "grid":
                members_qs = members_qs.filter(region_id=group["region_id"])
            elif group["level"] == "community":
                members_qs = members_qs.filter(community_id=group["community_id"])
            else:
                members_qs = members_qs.exclude(community_id__in=used["community_id"]).filter(
                    street_id=group["street_id"], industry=group["industry"])
            group["organization_list"] = [
                {"id": o.pk, "name": o.name, "formal_members": o.formal_members, "region": o.region.label}
                for o in members_qs.select_related("region__parent").order_by("-formal_members", "name")[:100]
            ]
    return {"candidates": total, "placed": placed, "unplaced": total - placed, "groups": len(proposals), "proposals": shown}


def _name_scopes(groups: list[dict]) -> None:
    ids = {g.get("region_id") or g.get("community_id") or g.get("street_id") for g in groups}
    names = {region.pk: region.label for region in Region.objects.filter(pk__in=ids).select_related("parent")}
    industries = dict(Organization.Industry.choices)
    for g in groups:
        scope = g.get("region_id") or g.get("community_id") or g.get("street_id")
        g["scope_id"] = scope
        g["scope_name"] = names.get(scope, "")
        if g["level"] == "industry":
            g["scope_name"] += f" · {industries.get(g['industry'], g['industry'])}"
        g["title"] = f"{g['scope_name']}联合党支部（{g['organizations']}个组织、{g['members']}名正式党员）"
