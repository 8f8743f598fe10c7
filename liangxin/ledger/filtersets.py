import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.ledger.models import Census, CensusRecord
from liangxin.regions.filters import RegionSubtreeFilter


class CensusFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "region__name"), label="搜索")
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(choices=Census.Status.choices, label="状态")

    class Meta:
        model = Census
        fields = ["q", "year", "status"]


class CensusRecordFilterSet(BaseFilterSet):
    """One filter set for the census page, the API and the census export."""

    census = django_filters.NumberFilter(field_name="census_id", label="摸底编号")
    q = SearchFilter(fields=("organization__name", "organization__credit_code"), label="搜索")
    region = RegionSubtreeFilter()
    surveyed = django_filters.BooleanFilter(label="已摸底")
    has_party_org = django_filters.BooleanFilter(label="已建党组织")
    qualifies = django_filters.BooleanFilter(method="filter_qualifies", label="具备单独组建条件")

    class Meta:
        model = CensusRecord
        fields = ["census", "q", "region", "surveyed", "has_party_org", "qualifies"]

    def filter_qualifies(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = queryset.with_flags()
        return queryset.filter(qualifies_flag=value)
