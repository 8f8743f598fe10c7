import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.regions.filters import RegionSubtreeFilter
from liangxin.regions.models import Region


class RegionFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "code", "responsible_person"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="path", label="所属上级")
    level = django_filters.ChoiceFilter(choices=Region.Level.choices, label="层级")

    class Meta:
        model = Region
        # No separate "parent" filter: beside 所属上级 (the subtree) it read the same to users.
        fields = ["q", "within", "level"]
