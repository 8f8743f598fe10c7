"""The policy engine's API: the rules with their citations, parameters and counts; each rule's
violations (the drill-down); joint-branch proposals; coverage figures; parameter overrides
(admin writes, change-logged by ScopedModelViewSet); monthly snapshots."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from liangxin.core.api import ScopedModelViewSet
from liangxin.core.models import ScopedQuerySet
from liangxin.rules import stats
from liangxin.rules.api.serializers import (
    CoverageSnapshotSerializer,
    ParameterOverrideSerializer,
    rule_data,
    violation_data,
)
from liangxin.rules.filtersets import ParameterOverrideFilterSet, violation_filterset
from liangxin.rules.models import CoverageSnapshot, ParameterOverride
from liangxin.rules.proposals import joint_branch_proposals
from liangxin.rules.registry import all_rules, get_rule, violation_counts
from liangxin.rules.services import VIEW_PERMISSION, flagged, region_in_scope, rule_summary, violation_rows
from liangxin.rules.values import ParameterValues

REGION_PARAM = OpenApiParameter("region", int, description="区域编号（须在管辖范围内），默认为用户所在区域")
PART_PARAM = OpenApiParameter("part", str, description="分部分的规则（如 MEM-7）列出哪一部分，默认第一部分")


class CanViewRules(permissions.BasePermission):
    message = "您的角色没有查看规则的权限。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(VIEW_PERMISSION))


def _region(request):
    try:
        return region_in_scope(request.user, request.query_params.get("region"))
    except Http404 as error:
        raise NotFound(str(error)) from None


class RuleViewSet(viewsets.ViewSet):
    """Rules of the registry, evaluated in the requesting user's jurisdiction."""

    permission_classes = [CanViewRules]
    lookup_value_regex = "[A-Za-z]+-[0-9]+[A-Za-z]?"  # GRID-5B: a second rule under one clause

    def _rule(self, pk):
        try:
            rule = get_rule(pk)
        except KeyError:
            raise NotFound("没有这条规则") from None
        if not rule.can_view(self.request.user):
            raise ApiPermissionDenied("您的角色不能查看此规则涉及的数据。")
        return rule

    @extend_schema(parameters=[REGION_PARAM], responses=dict)
    def list(self, request):
        region, params = _region(request), ParameterValues()
        counts = violation_counts(request.user, region, params)
        return Response([rule_data(rule_summary(rule, request.user, region, params, counts)) for rule in all_rules()])

    @extend_schema(parameters=[REGION_PARAM], responses=dict)
    def retrieve(self, request, pk=None):
        rule, region, params = self._rule(pk), _region(request), ParameterValues()
        counts = violation_counts(request.user, region, params, rules=[rule])
        return Response(rule_data(rule_summary(rule, request.user, region, params, counts)))

    def _section(self, rule, key):
        """A rule with parts lists one part at a time (`?part=`, default its first the user may see)."""
        if not rule.parts:
            return rule
        sections = rule.visible_sections(self.request.user)
        chosen = next((s for s in sections if s.part.key == key), None) if key else sections[0]
        if chosen is None:
            raise NotFound(f"此规则没有“{key}”部分；可选：{'、'.join(s.part.key for s in sections)}")
        return chosen

    @extend_schema(parameters=[REGION_PARAM, PART_PARAM], responses=dict)
    @action(detail=True)
    def violations(self, request, pk=None):
        """The flagged items (paginated), each with its finding, the parameters in force for
        it and where they come from, and the recommended action."""
        rule, params = self._rule(pk), ParameterValues()
        if not rule.has_list:
            return Response({"count": 0, "results": [], "detail": "此规则为统计指标，见 /api/coverage/"})
        rule = self._section(rule, request.query_params.get("part"))
        filterset = violation_filterset(rule)(request.query_params, queryset=flagged(rule, request.user, params), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        qs = filterset.qs
        paginator = self.paginator
        page = paginator.paginate_queryset(qs, request, view=self)
        assert page is not None  # None only from a pager without a page size; the API's has one
        response = paginator.get_paginated_response([violation_data(r, request.user) for r in violation_rows(rule, page, params)])
        if rule.part is not None:
            response.data["part"] = rule.part.key
        return response

    @property
    def paginator(self) -> BasePagination:
        if not hasattr(self, "_paginator"):
            # api_settings imports the setting's dotted path; the stubs type it as the string.
            pagination_class = cast(type[BasePagination], api_settings.DEFAULT_PAGINATION_CLASS)
            self._paginator = pagination_class()
        return self._paginator

    @extend_schema(parameters=[REGION_PARAM], responses=dict)
    @action(detail=False, url_path="joint-branch-proposals")
    def joint_branch_proposals(self, request):
        rule = self._rule("ORG-2")
        return Response(joint_branch_proposals(rule.base_queryset(request.user, _region(request)), ParameterValues()))


class CoverageView(APIView):
    """Coverage figures of a region subtree (now, by sub-region, monthly trend, targets)."""

    permission_classes = [CanViewRules]

    @extend_schema(parameters=[REGION_PARAM], responses=dict)
    def get(self, request):
        try:
            return Response(stats.cached_coverage(request.user, _region(request)))
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error)) from None


class ParameterOverrideViewSet(ScopedModelViewSet):
    queryset = ParameterOverride.objects.select_related("region")
    serializer_class = ParameterOverrideSerializer
    filterset_class = ParameterOverrideFilterSet


class CoverageSnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = CoverageSnapshot.objects.select_related("region")
    serializer_class = CoverageSnapshotSerializer
    filterset_fields = ["region", "month"]

    def get_queryset(self) -> ScopedQuerySet:
        queryset = super().get_queryset()
        assert isinstance(queryset, ScopedQuerySet)  # CoverageSnapshot's manager (BaseModel's) makes one
        return queryset.scoped(self.request.user, "view")
