"""The party-life API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.partylife.api.serializers import (
    ActivityKindSerializer,
    ActivitySerializer,
    CrossAppointmentSerializer,
    PartyWorkerSerializer,
    TrainingSerializer,
)
from liangxin.partylife.filtersets import (
    ActivityFilterSet,
    ActivityKindFilterSet,
    CrossAppointmentFilterSet,
    PartyWorkerFilterSet,
    TrainingFilterSet,
)
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment, PartyWorker, Training


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


class PartyWorkerViewSet(ScopedModelViewSet):
    queryset = PartyWorker.objects.select_related("party_org", "member")
    serializer_class = PartyWorkerSerializer
    filterset_class = PartyWorkerFilterSet
    ordering_fields = ["start_date"]


ROUTES = [("cross-appointments", CrossAppointmentViewSet), ("trainings", TrainingViewSet), ("party-workers", PartyWorkerViewSet), ("activity-kinds", ActivityKindViewSet), ("activities", ActivityViewSet)]
