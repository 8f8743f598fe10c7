"""The grids' API: the people of GRID-4, the tracking of GRID-5 and the grid changes of GRID-1
(read-only: splits, merges and moves go through the grid page's previews). Each viewset states
its queryset, serializer and the list page's filterset; scoping is ScopedModelViewSet's."""

from rest_framework import viewsets

from liangxin.core.api import ScopedModelViewSet
from liangxin.grids.api.serializers import (
    CentreSubsidySerializer,
    ContactPointSerializer,
    ContactVisitSerializer,
    DemonstrationPointSerializer,
    GridChangeSerializer,
    JointMeetingSerializer,
    OfficerSerializer,
    PromisingEmployeeSerializer,
    RolloutStateSerializer,
    ServiceCentreSerializer,
    TrackingRecordSerializer,
)
from liangxin.grids.filtersets import (
    CentreSubsidyFilterSet,
    ContactPointFilterSet,
    ContactVisitFilterSet,
    DemonstrationPointFilterSet,
    GridChangeFilterSet,
    JointMeetingFilterSet,
    OfficerFilterSet,
    PromisingEmployeeFilterSet,
    RolloutStateFilterSet,
    ServiceCentreFilterSet,
    TrackingRecordFilterSet,
)
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    GridChange,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
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


class RolloutStateViewSet(ScopedModelViewSet):
    queryset = RolloutState.objects.select_related("region")
    serializer_class = RolloutStateSerializer
    filterset_class = RolloutStateFilterSet


class JointMeetingViewSet(ScopedModelViewSet):
    queryset = JointMeeting.objects.select_related("region")
    serializer_class = JointMeetingSerializer
    filterset_class = JointMeetingFilterSet
    ordering_fields = ["held_on"]


class ContactPointViewSet(ScopedModelViewSet):
    queryset = ContactPoint.objects.select_related("region", "organization")
    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilterSet
    ordering_fields = ["start_date"]


class ContactVisitViewSet(ScopedModelViewSet):
    queryset = ContactVisit.objects.select_related("contact_point")
    serializer_class = ContactVisitSerializer
    filterset_class = ContactVisitFilterSet
    ordering_fields = ["visited_on"]


class DemonstrationPointViewSet(ScopedModelViewSet):
    queryset = DemonstrationPoint.objects.select_related("region", "organization")
    serializer_class = DemonstrationPointSerializer
    filterset_class = DemonstrationPointFilterSet
    ordering_fields = ["designated_on", "review_due"]


ROUTES = [("grid-officers", OfficerViewSet), ("grid-tracking-records", TrackingRecordViewSet),
          ("promising-employees", PromisingEmployeeViewSet), ("grid-changes", GridChangeViewSet),
          ("service-centres", ServiceCentreViewSet), ("centre-subsidies", CentreSubsidyViewSet),
          ("grid-rollout", RolloutStateViewSet), ("joint-meetings", JointMeetingViewSet),
          ("contact-points", ContactPointViewSet), ("contact-visits", ContactVisitViewSet),
          ("demonstration-points", DemonstrationPointViewSet)]
