"""The grids' API: the people of GRID-4, the tracking of GRID-5 and the grid changes of GRID-1
(read-only: splits, merges and moves go through the grid page's previews). Each viewset states
its queryset, serializer and the list page's filterset; scoping is ScopedModelViewSet's."""

from rest_framework import viewsets

from liangxin.core.api import ScopedModelViewSet
from liangxin.grids.api.serializers import (
    GridChangeSerializer,
    OfficerSerializer,
    PromisingEmployeeSerializer,
    TrackingRecordSerializer,
)
from liangxin.grids.filtersets import (
    GridChangeFilterSet,
    OfficerFilterSet,
    PromisingEmployeeFilterSet,
    TrackingRecordFilterSet,
)
from liangxin.grids.models import GridChange, Officer, PromisingEmployee, TrackingRecord


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


ROUTES = [("grid-officers", OfficerViewSet), ("grid-tracking-records", TrackingRecordViewSet),
          ("promising-employees", PromisingEmployeeViewSet), ("grid-changes", GridChangeViewSet)]
