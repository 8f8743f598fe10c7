"""The party-life API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.partylife.api.serializers import (
    ActivityKindSerializer,
    ActivitySerializer,
    CrossAppointmentSerializer,
)
from liangxin.partylife.filtersets import ActivityFilterSet, ActivityKindFilterSet, CrossAppointmentFilterSet
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment


class ActivityKindViewSet(ScopedModelViewSet):
    queryset = ActivityKind.objects.all()
    serializer_class = ActivityKindSerializer
    filterset_class = ActivityKindFilterSet
    ordering_fields = ["order", "name"]


class ActivityViewSet(ScopedModelViewSet):
    queryset = Activity.objects.select_related("kind", "party_org").prefetch_related("attendance", "photos")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    ordering_fields = ["date"]


class CrossAppointmentViewSet(ScopedModelViewSet):
    queryset = CrossAppointment.objects.select_related("party_org")
    serializer_class = CrossAppointmentSerializer
    filterset_class = CrossAppointmentFilterSet
    ordering_fields = ["party_org__name"]


ROUTES = [("cross-appointments", CrossAppointmentViewSet), ("activity-kinds", ActivityKindViewSet), ("activities", ActivityViewSet)]
