"""The annual inspection in the API, scoped like the pages: rounds are created, changed and
deleted; a round lists its organizations when it is created, and their results are then
read and changed (never created or deleted one by one, as on the pages' entry)."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.inspections.api import serializers
from liangxin.inspections.filtersets import InspectionResultFilterSet, InspectionRoundFilterSet
from liangxin.inspections.models import InspectionResult, InspectionRound


class InspectionRoundViewSet(ScopedModelViewSet):
    queryset = InspectionRound.objects.select_related("region")
    serializer_class = serializers.InspectionRoundSerializer
    filterset_class = InspectionRoundFilterSet
    ordering_fields = ["year", "started_on"]

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance.add_organizations()


class InspectionResultViewSet(ScopedModelViewSet):
    queryset = InspectionResult.objects.select_related("round", "organization")
    serializer_class = serializers.InspectionResultSerializer
    filterset_class = InspectionResultFilterSet
    ordering_fields = ["inspected_on"]
    http_method_names = ["get", "put", "patch", "head", "options"]


ROUTES = (("inspection-rounds", InspectionRoundViewSet), ("inspection-results", InspectionResultViewSet))
