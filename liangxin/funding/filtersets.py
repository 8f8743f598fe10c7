import django_filters

from liangxin.core.filters import BaseFilterSet
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.regions.filters import RegionSubtreeFilter


class _YearFilterSet(BaseFilterSet):
    year = django_filters.NumberFilter(label="年度")


class AllocationFilterSet(_YearFilterSet):
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    party_org_name = django_filters.CharFilter(field_name="party_org__name", lookup_expr="icontains", label="党组织")

    class Meta:
        model = Allocation
        fields = ["year", "region", "party_org_name"]


class ExpenseFilterSet(_YearFilterSet):
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    party_org_name = django_filters.CharFilter(field_name="party_org__name", lookup_expr="icontains", label="党组织")
    purpose = django_filters.ChoiceFilter(choices=Expense.Purpose.choices, label="用途")

    class Meta:
        model = Expense
        fields = ["year", "region", "party_org_name", "purpose"]


class DuesReturnFilterSet(_YearFilterSet):
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    party_org_name = django_filters.CharFilter(field_name="party_org__name", lookup_expr="icontains", label="党组织")

    class Meta:
        model = DuesReturn
        fields = ["year", "region", "party_org_name"]


class SetAsideFilterSet(_YearFilterSet):
    region = RegionSubtreeFilter(path_lookup="organization__region__path")
    organization_name = django_filters.CharFilter(field_name="organization__name", lookup_expr="icontains", label="组织")

    class Meta:
        model = SetAside
        fields = ["year", "region", "organization_name"]
