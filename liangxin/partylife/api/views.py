"""The party-life API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.partylife.api.serializers import (
    ActivityKindSerializer,
    ActivitySerializer,
    CrossAppointmentSerializer,
    TrainingSerializer,
)
from liangxin.partylife.filtersets import (
    ActivityFilterSet,
    ActivityKindFilterSet,
    CrossAppointmentFilterSet,
    TrainingFilterSet,
)
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment, Training


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


class TrainingViewSet(ScopedModelViewSet):
    queryset = Training.objects.select_related("party_org", "attendee")
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilterSet
    ordering_fields = ["date"]


ROUTES = [("cross-appointments", CrossAppointmentViewSet), ("trainings", TrainingViewSet), ("activity-kinds", ActivityKindViewSet), ("activities", ActivityViewSet)]
