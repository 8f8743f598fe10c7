"""Quarterly bulletins and the annual statistical report in the API, read-only and scoped like
the pages: the bulletins of the user's jurisdiction (list, detail with the figures the document
prints, and its Word document as the page downloads it, logged the same way), and the annual
report's tables for `?region=&year=` (the page's permission and regions: another region 404, a
role without a region 403), logged as an export like the page's downloads, since the JSON is
the whole report."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.models import ScopedQuerySet
from liangxin.reports import annual
from liangxin.reports.annual_views import may_read, requested
from liangxin.reports.api.serializers import AnnualReportSerializer, QuarterlyBulletinSerializer
from liangxin.reports.bulletin_views import DOCX, docx_response
from liangxin.reports.filtersets import QuarterlyBulletinFilterSet
from liangxin.reports.models import QuarterlyBulletin


class QuarterlyBulletinViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = QuarterlyBulletin.objects.select_related("region")
    serializer_class = QuarterlyBulletinSerializer
    filterset_class = QuarterlyBulletinFilterSet
    ordering_fields = ["year", "quarter"]

    def get_queryset(self) -> ScopedQuerySet:
        queryset = super().get_queryset()
        assert isinstance(queryset, ScopedQuerySet)
        return queryset.scoped(self.request.user, "view")

    def perform_content_negotiation(self, request, force=False):
        # The document is Word whatever the client accepts (the JSON renderers do not apply).
        return super().perform_content_negotiation(request, force=force or self.action == "document")

    @extend_schema(responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="通报的 Word 文档（已定稿的为定稿文档）")})
    @action(detail=True)
    def document(self, request, pk=None):
        """The bulletin's Word document, as the page's 下载Word (the frozen one once frozen), logged."""
        return docx_response(request.user, self.get_object())


class CanReadAnnualReport(permissions.BasePermission):
    message = "您的角色不能查看统计年报。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and may_read(request.user))


class AnnualReportView(APIView):
    """The annual statistical report's tables (REP-2) of a region for a year, as the page shows them."""

    permission_classes = [CanReadAnnualReport]

    @extend_schema(parameters=[
        OpenApiParameter("region", int, description="区域编号（须在管辖范围内），默认为用户所在区域"),
        OpenApiParameter("year", int, description="年度（2000年至今年），默认为上一年"),
    ], responses=AnnualReportSerializer)
    def get(self, request):
        region, form, year = requested(request)
        if form.errors:
            raise ValidationError(form.errors)
        report = annual.build(request.user, region, year)
        record(ChangeLog.Action.EXPORT, user=request.user, region_path=region.path, detail=f"导出{report.title}（API）")
        return Response(AnnualReportSerializer(report).data)
