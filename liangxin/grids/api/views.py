"""The grids' API: the people of GRID-4, the tracking of GRID-5 and the grid changes of GRID-1
(read-only: splits, merges and moves go through the grid page's previews). Each viewset states
its queryset, serializer and the list page's filterset; scoping is ScopedModelViewSet's."""

from rest_framework import viewsets

from liangxin.core.api import ScopedModelViewSet
from liangxin.grids.api.serializers import (
    CentreSubsidySerializer,
    GridChangeSerializer,
    OfficerSerializer,
    PromisingEmployeeSerializer,
    ServiceCentreSerializer,
    TrackingRecordSerializer,
)
from liangxin.grids.filtersets import (
    CentreSubsidyFilterSet,
    GridChangeFilterSet,
    OfficerFilterSet,
    PromisingEmployeeFilterSet,
    ServiceCentreFilterSet,
    TrackingRecordFilterSet,
)
from liangxin.grids.models import (
    CentreSubsidy,
    GridChange,
    Officer,
    PromisingEmployee,
    ServiceCentre,
    TrackingRecord,
)


class OfficerViewSet(ScopedModelViewSet):
    queryset = Officer.objects.select_related("region")
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilterSet
    ordering_fields = ["start_date"]


class TrackingRecordViewSet(ScopedModelViewSet):
    queryset = TrackingRecord.objects.select_related("region")
    serializer_class = TrackingRecordSerializer
    filterset_class = TrackingRecordFilterSet
    ordering_fields = ["recorded_on"]


class PromisingEmployeeViewSet(ScopedModelViewSet):
    queryset = PromisingEmployee.objects.select_related("organization")
    serializer_class = PromisingEmployeeSerializer
    filterset_class = PromisingEmployeeFilterSet
    ordering_fields = ["noted_on"]


class GridChangeViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only (list and retrieve), scoped like the grid page's history."""

    queryset = GridChange.objects.select_related("region").prefetch_related("other_regions", "organizations")
    serializer_class = GridChangeSerializer
    filterset_class = GridChangeFilterSet
    ordering_fields = ["changed_on"]

    def get_queryset(self):
        return super().get_queryset().scoped(self.request.user, "view")  # type: ignore[attr-defined]


class ServiceCentreViewSet(ScopedModelViewSet):
    queryset = ServiceCentre.objects.select_related("region").prefetch_related("grids", "organizations")
    serializer_class = ServiceCentreSerializer
    filterset_class = ServiceCentreFilterSet
    ordering_fields = ["name", "opened_on"]


class CentreSubsidyViewSet(ScopedModelViewSet):
    queryset = CentreSubsidy.objects.select_related("centre")
    serializer_class = CentreSubsidySerializer
    filterset_class = CentreSubsidyFilterSet
    ordering_fields = ["year", "amount"]


ROUTES = [("grid-officers", OfficerViewSet), ("grid-tracking-records", TrackingRecordViewSet),
          ("promising-employees", PromisingEmployeeViewSet), ("grid-changes", GridChangeViewSet),
          ("service-centres", ServiceCentreViewSet), ("centre-subsidies", CentreSubsidyViewSet)]
