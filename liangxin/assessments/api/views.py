"""The standards' API: one viewset per object. Checklists are filled and verified, and ratings
scored and approved, on the pages (their workflow has its own checks); the API reads them."""



from liangxin.assessments.api.serializers import (
    ChecklistItemSerializer,
    ChecklistSerializer,
    RatingRoundSerializer,
    RatingSerializer,
)
from liangxin.assessments.filtersets import (
    ChecklistFilterSet,
    ChecklistItemFilterSet,
    RatingFilterSet,
    RatingRoundFilterSet,
)
from liangxin.assessments.models import Checklist, ChecklistItem, Rating, RatingRound
from liangxin.core.api import ScopedModelViewSet


class ReadOnlyScopedViewSet(ScopedModelViewSet):
    """Read only: the workflow (filling, verifying, scoring, approving) is on the pages."""

    http_method_names = ["get", "head", "options"]


class ChecklistItemViewSet(ScopedModelViewSet):
    queryset = ChecklistItem.objects.all()
    serializer_class = ChecklistItemSerializer
    filterset_class = ChecklistItemFilterSet
    ordering_fields = ["order"]


class ChecklistViewSet(ReadOnlyScopedViewSet):
    queryset = Checklist.objects.select_related("party_org").prefetch_related("entries")
    serializer_class = ChecklistSerializer
    filterset_class = ChecklistFilterSet
    ordering_fields = ["updated"]


class RatingRoundViewSet(ReadOnlyScopedViewSet):
    queryset = RatingRound.objects.select_related("region")
    serializer_class = RatingRoundSerializer
    filterset_class = RatingRoundFilterSet
    ordering_fields = ["year"]


class RatingViewSet(ReadOnlyScopedViewSet):
    queryset = Rating.objects.select_related("round")
    serializer_class = RatingSerializer
    filterset_class = RatingFilterSet
    ordering_fields = ["average"]


ROUTES = [("checklist-items", ChecklistItemViewSet), ("checklists", ChecklistViewSet), ("rating-rounds", RatingRoundViewSet),
          ("ratings", RatingViewSet)]

