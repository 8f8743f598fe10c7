"""The jurisdiction's headline figures: one definition and one label each, shown the same on
every page that shows them (the home page and the coverage dashboard, through
templates/dashboard/includes/figures.html).

The numbers are the coverage dashboard's (liangxin.rules.stats.coverage, cached per user,
region and day), so the home page and the dashboard of the same user on the same day cannot
disagree. Two member figures are meant and both are shown, each labelled: the members in the
register (党员名册) and the member count of the organizations as the ledger holds it (the
roster where an organization has one, else its reported count).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import in_subtree
from liangxin.members.models import Member
from liangxin.regions.models import Region
from liangxin.rules.services import root_region
from liangxin.rules.stats import cached_coverage


@dataclass(frozen=True)
class Figure:
    label: str
    definition: str


FIGURES = {
    "organizations": Figure("两新组织（在营）", "经营状态为正常或停产的组织，不含关闭、注销。"),
    "org_covered": Figure("已建或加入党组织", "由正常状态的党组织覆盖（单独组建或联合组建等）的在营组织。"),
    "party_orgs": Figure("党组织（正常）", "状态为正常的党组织，含上级党委、党总支和下级支部。"),
    "members": Figure("党员（组织台账数）", "各在营组织的党员数之和：有党员名册的组织按名册，其余按台账报送数。"),
    "register_members": Figure("党员（名册在册）", "党员名册中录入的党员，工作单位或组织关系在管辖范围内。"),
    "employees": Figure("从业人员", "各在营组织的从业人员数之和。"),
}


def register_members(user, region: Region | None) -> int:
    """Members in the register within the user's jurisdiction under `region`."""
    qs = Member.objects.scoped(user)
    if region is not None:
        qs = qs.filter(Q(in_subtree("organization__region", region.path)) | Q(in_subtree("party_org__region", region.path)))
    return qs.count()


def jurisdiction_figures(user, region: Region | None, coverage: dict | None = None) -> dict:
    """The headline figures of `region` (None: the whole jurisdiction of a role scoped by
    organizations) as the coverage dashboard computes them (`coverage`: its data, when the
    caller has it), plus the register count for the roles that may see members."""
    f = (coverage or cached_coverage(user, region))["figures"]
    values = {
        "organizations": f["organizations"], "organizations_economic": f["organizations_economic"],
        "organizations_social": f["organizations_social"], "org_covered": f["org_covered"],
        "party_orgs": f["party_orgs_all"], "members": f["members"], "employees": f["employees"],
    }
    if user.has_perm("members.view_member"):
        values["register_members"] = register_members(user, region)
    return values


def home_figures(user) -> dict:
    """The home page: the figures of the user's root region (the dashboard's default) and, for
    the roles that may see it, the latest changes."""
    figures: dict = {"figures": jurisdiction_figures(user, root_region(user)), "figure_labels": FIGURES}
    if user.has_perm("audit.view_changelog"):
        figures["recent_changes"] = ChangeLog.objects.scoped(user).select_related("content_type")[:8]
    return figures
