"""The pairing module's API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.pairing.api.serializers import PairedUnitSerializer, PairingSerializer
from liangxin.pairing.filtersets import PairedUnitFilterSet, PairingFilterSet
from liangxin.pairing.models import PairedUnit, Pairing


class PairedUnitViewSet(ScopedModelViewSet):
    queryset = PairedUnit.objects.select_related("region")
    serializer_class = PairedUnitSerializer
    filterset_class = PairedUnitFilterSet
    ordering_fields = ["name"]


class PairingViewSet(ScopedModelViewSet):
    queryset = Pairing.objects.all()
    serializer_class = PairingSerializer
    filterset_class = PairingFilterSet
    ordering_fields = ["start_date"]


ROUTES = [("paired-units", PairedUnitViewSet), ("pairings", PairingViewSet)]
