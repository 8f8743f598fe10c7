"""The pairing module's API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

# DRF's get_object_or_404: a malformed id (`/points-records/x/review/`) is a 404, not a ValueError.
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from liangxin.accounts.roles import Role
from liangxin.core.api import ScopedModelViewSet, as_drf_error
from liangxin.pairing.api.serializers import (
    InspectionSerializer,
    PairedUnitSerializer,
    PairingSerializer,
    PointsRecordSerializer,
    ReviewSerializer,
    ReviewStateSerializer,
    SelfAssessmentSerializer,
    UnitEvaluationSerializer,
)
from liangxin.pairing.filtersets import (
    InspectionFilterSet,
    PairedUnitFilterSet,
    PairingFilterSet,
    PointsRecordFilterSet,
    SelfAssessmentFilterSet,
    UnitEvaluationFilterSet,
)
from liangxin.pairing.models import (
    Inspection,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.services import CONFIRM_PERMISSION, may_review, review


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


class PointsRecordViewSet(ScopedModelViewSet):
    """The points record: a paired unit creates and corrects its records; the organization's
    Party leader confirms or returns them (POST …/review/)."""

    queryset = PointsRecord.objects.select_related("pairing__organization__region")
    serializer_class = PointsRecordSerializer
    filterset_class = PointsRecordFilterSet
    ordering_fields = ["date"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and getattr(self.request.user, "role", None) == Role.PAIRED_UNIT:
            queryset = queryset.filter(pairing__unit=self.request.user.paired_unit_id)  # its own records only
        return queryset

    def perform_destroy(self, instance):
        if not instance.editable:
            raise ValidationError("这条记录已确认，不能删除。")
        super().perform_destroy(instance)

    @extend_schema(methods=["POST"], request=ReviewSerializer, responses=PointsRecordSerializer)
    @extend_schema(methods=["GET"], responses=ReviewStateSerializer)
    # Confirming is its own permission (pairing.confirm_pointsrecord), checked here and by
    # review() with the organization's leader rule; the model permission for POST (add) does not
    # apply. GET says whether this user is the one to confirm the record.
    @action(detail=True, methods=["get", "post"], permission_classes=[IsAuthenticated])
    def review(self, request, pk=None):
        if not request.user.has_perm(CONFIRM_PERMISSION):
            raise PermissionDenied("您的角色不能确认积分行动记录。")
        record = get_object_or_404(PointsRecord.objects.scoped(request.user), pk=pk)
        if request.method == "GET":
            return Response({"status": record.status, "may_review": record.status == PointsRecord.Status.PENDING
                             and may_review(request.user, record)})
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review(record, request.user, serializer.validated_data["decision"] == "confirm",
                   serializer.validated_data.get("reason", ""))
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(PointsRecordSerializer(record, context=self.get_serializer_context()).data)


class SelfAssessmentViewSet(ScopedModelViewSet):
    """Year-end self-assessments (PAIR-4), read-only: a unit writes and submits its own on its workspace."""

    queryset = SelfAssessment.objects.select_related("unit")
    serializer_class = SelfAssessmentSerializer
    filterset_class = SelfAssessmentFilterSet
    ordering_fields = ["year", "points"]
    http_method_names = ["get", "head", "options"]


class UnitEvaluationViewSet(ScopedModelViewSet):
    """Mid-year and year-end evaluations (PAIR-5), read-only: rounds are opened on the page."""

    queryset = UnitEvaluation.objects.select_related("pairing__organization__region")
    serializer_class = UnitEvaluationSerializer
    filterset_class = UnitEvaluationFilterSet
    ordering_fields = ["year"]
    http_method_names = ["get", "head", "options"]


class InspectionViewSet(ScopedModelViewSet):
    """Quarterly inspections and whether their bulletin is issued (PAIR-6), read-only: run on the page."""

    queryset = Inspection.objects.select_related("region")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["year", "quarter"]
    http_method_names = ["get", "head", "options"]


ROUTES = [("paired-units", PairedUnitViewSet), ("pairings", PairingViewSet), ("points-records", PointsRecordViewSet),
          ("self-assessments", SelfAssessmentViewSet), ("unit-evaluations", UnitEvaluationViewSet),
          ("inspections", InspectionViewSet)]
