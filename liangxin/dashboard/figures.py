"""The home page's headline figures, each counted in the database inside the user's jurisdiction."""

from liangxin.audit.models import ChangeLog
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg


def home_figures(user) -> dict:
    """Organizations, active party organizations and, for the roles that may see them, the
    member count and the latest changes."""
    figures = {
        "overview": Organization.objects.scoped(user).overview(),
        "party_org_count": PartyOrg.objects.scoped(user).active().count(),
    }
    if user.has_perm("members.view_member"):
        figures["member_count"] = Member.objects.scoped(user).count()
    if user.has_perm("audit.view_changelog"):
        figures["recent_changes"] = ChangeLog.objects.scoped(user).select_related("content_type")[:8]
    return figures
