"""One FilterSet per object, shared by the list pages and the API."""

import django_filters

from liangxin.core.filters import BaseFilterSet
from liangxin.regions.filters import RegionSubtreeFilter
from liangxin.reports.models import QUARTERS, QuarterlyBulletin


class QuarterlyBulletinFilterSet(BaseFilterSet):
    region = RegionSubtreeFilter(label="通报范围")
    year = django_filters.NumberFilter(label="年度")
    quarter = django_filters.ChoiceFilter(choices=QUARTERS, label="季度")
    status = django_filters.ChoiceFilter(choices=QuarterlyBulletin.Status.choices, label="状态")

    class Meta:
        model = QuarterlyBulletin
        fields = ["region", "year", "quarter", "status"]
