"""One FilterSet per object, shared by the list pages and the API."""

import django_filters
from django.db.models import Q

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.pairing.models import (
    Inspection,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.services import awaiting_review
from liangxin.regions.filters import RegionSubtreeFilter


class PairedUnitFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "party_org_name", "contact_name"))
    region = RegionSubtreeFilter(method="filter_region", label="区域（所属或结对组织所在）")
    level = django_filters.ChoiceFilter(choices=PairedUnit.Level.choices, label="层级")
    category = django_filters.ChoiceFilter(choices=PairedUnit.Category.choices, label="单位类别")
    rank = django_filters.ChoiceFilter(choices=PairedUnit.Rank.choices, label="机构级别")
    paired = django_filters.BooleanFilter(method="filter_paired", label="当前有结对")

    class Meta:
        model = PairedUnit
        fields = ["q", "region", "level", "category", "rank", "paired"]

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        paired_here = Pairing.objects.filter(organization__region__path__startswith=value.path).values("unit")
        return queryset.filter(Q(region__path__startswith=value.path) | Q(pk__in=paired_here))

    def filter_paired(self, queryset, name, value):
        if value is None:
            return queryset
        current = Pairing.objects.current().values("unit")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class PairingFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("unit__name", "organization__name", "unit_contact", "organization_contact"))
    region = RegionSubtreeFilter(path_lookup="organization__region__path")
    unit_level = django_filters.ChoiceFilter(field_name="unit__level", choices=PairedUnit.Level.choices, label="单位层级")
    current = django_filters.BooleanFilter(method="filter_current", label="当前有效")

    class Meta:
        model = Pairing
        fields = ["q", "region", "unit", "unit_level", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = Pairing.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class PointsRecordFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("pairing__unit__name", "pairing__organization__name", "content", "participants"))
    region = RegionSubtreeFilter(path_lookup="pairing__organization__region__path")
    status = django_filters.ChoiceFilter(choices=PointsRecord.Status.choices, label="确认状态")
    kind = django_filters.ChoiceFilter(choices=PointsRecord.Kind.choices, label="工作类别")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期从")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期到")
    example = django_filters.BooleanFilter(label="好的做法")
    mine = django_filters.BooleanFilter(method="filter_mine", label="由我确认")

    class Meta:
        model = PointsRecord
        fields = ["q", "region", "status", "kind", "date_from", "date_to", "example", "mine"]

    def filter_mine(self, queryset, name, value):
        """Records waiting for this user's confirmation (liangxin.pairing.services.awaiting_review)."""
        if not value or self.request is None:
            return queryset
        return queryset.filter(pk__in=awaiting_review(self.request.user).values("pk"))


class SelfAssessmentFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("unit__name", "notes"))
    region = RegionSubtreeFilter(path_lookup="unit__region__path", label="单位所属区域")
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(choices=SelfAssessment.Status.choices, label="状态")

    class Meta:
        model = SelfAssessment
        fields = ["q", "region", "year", "status"]


class UnitEvaluationFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("pairing__unit__name", "pairing__organization__name"))
    region = RegionSubtreeFilter(path_lookup="pairing__organization__region__path")
    year = django_filters.NumberFilter(label="年度")
    round = django_filters.ChoiceFilter(choices=UnitEvaluation.Round.choices, label="轮次")

    class Meta:
        model = UnitEvaluation
        fields = ["q", "region", "year", "round"]


class InspectionFilterSet(BaseFilterSet):
    region = RegionSubtreeFilter(label="检查范围")
    year = django_filters.NumberFilter(label="年度")
    quarter = django_filters.ChoiceFilter(choices=Inspection._meta.get_field("quarter").choices, label="季度")
    issued = django_filters.BooleanFilter(field_name="issued_on", lookup_expr="isnull", exclude=True, label="已印发通报")

    class Meta:
        model = Inspection
        fields = ["region", "year", "quarter", "issued"]
