import django_filters

from liangxin.core.filters import BaseFilterSet
from liangxin.inspections.models import InspectionResult, InspectionRound, Result
from liangxin.regions.filters import RegionSubtreeFilter

PENDING = "pending"  # a result not yet entered (stored empty)


class InspectionRoundFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(label="年度")
    region = RegionSubtreeFilter(path_lookup="region__path")

    class Meta:
        model = InspectionRound
        fields = ["year", "region"]


class InspectionResultFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(field_name="round__year", label="年度")
    round = django_filters.NumberFilter(field_name="round", label="年检")
    region = RegionSubtreeFilter(path_lookup="organization__region__path")
    result = django_filters.ChoiceFilter(choices=[*Result.choices, (PENDING, "未录入")], label="年检结果",
                                         method="filter_result")
    organization_name = django_filters.CharFilter(field_name="organization__name", lookup_expr="icontains", label="组织")

    class Meta:
        model = InspectionResult
        fields = ["year", "round", "region", "result", "organization_name"]

    def filter_result(self, queryset, name, value):
        return queryset.filter(result="" if value == PENDING else value)
