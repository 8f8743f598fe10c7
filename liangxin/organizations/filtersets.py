import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.organizations.models import Organization
from liangxin.regions.filters import RegionSubtreeFilter


class OrganizationFilterSet(BaseFilterSet):
    """One filter set for the list page, the API and the Excel export."""

    q = SearchFilter(fields=("name", "credit_code", "owner_name", "address"), label="搜索")
    region = RegionSubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label="组织类别")
    status = django_filters.ChoiceFilter(choices=Organization.Status.choices, label="经营状态")
    scale = django_filters.ChoiceFilter(choices=Organization.Scale.choices, label="规模")
    industry = django_filters.ChoiceFilter(choices=Organization.Industry.choices, label="行业")
    has_party_org = django_filters.BooleanFilter(method="filter_has_party_org", label="已建党组织")
    employees_min = django_filters.NumberFilter(field_name="employees", lookup_expr="gte", label="从业人员≥")

    class Meta:
        model = Organization
        fields = ["q", "region", "kind", "status", "scale", "industry", "has_party_org", "employees_min"]

    def filter_has_party_org(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.covered() if value else queryset.uncovered()
