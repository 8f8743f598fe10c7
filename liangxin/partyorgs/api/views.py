from liangxin.core.api import ScopedModelViewSet
from liangxin.partyorgs.api.serializers import PartyOrgSerializer
from liangxin.partyorgs.filtersets import PartyOrgFilterSet
from liangxin.partyorgs.models import PartyOrg


class PartyOrgViewSet(ScopedModelViewSet):
    queryset = PartyOrg.objects.select_related("region").prefetch_related("organizations")
    serializer_class = PartyOrgSerializer
    filterset_class = PartyOrgFilterSet
    ordering_fields = ["name", "founded_on", "last_election_on"]
