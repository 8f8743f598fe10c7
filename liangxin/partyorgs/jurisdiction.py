"""The jurisdiction of a secretary: their party organization, those below it, and the
organizations these cover. Registered from PartyOrgsConfig.ready()."""

from liangxin.core.jurisdiction import NOTHING, Jurisdiction
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg


def secretary_jurisdiction(user) -> Jurisdiction:
    if user.party_org_id is None:
        return NOTHING
    party_orgs = PartyOrg.objects.subtree_ids(user.party_org_id)
    organizations = Organization.objects.filter(party_orgs__in=party_orgs).values("pk")
    return Jurisdiction(organization_ids=organizations, party_org_ids=party_orgs)
