import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.regions.filters import RegionSubtreeFilter
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import PARAMETERS, Rule


def violation_filterset(rule: Rule) -> type[django_filters.FilterSet]:
    """The one filter set of a rule's drill-down: the page, its Excel export and the API use it.
    The search box looks in the rule's search fields; the region filter follows the rule's own
    region path."""

    class ViolationFilterSet(BaseFilterSet):
        q = SearchFilter(fields=rule.search_lookups, label="名称")
        region = RegionSubtreeFilter(path_lookup=rule.region_path_field)

        class Meta:
            model = rule.model_class
            fields = ["q", "region"]

    if not rule.stages:
        return ViolationFilterSet

    class StageFilterSet(ViolationFilterSet):
        # The `stage` annotation of a stage rule's query (ORG-10): the distribution's links.
        stage = django_filters.ChoiceFilter(choices=rule.stages, label="阶段", empty_label="全部阶段")

        class Meta(ViolationFilterSet.Meta):
            fields = ["q", "region", "stage"]

    return StageFilterSet


class ParameterOverrideFilterSet(BaseFilterSet):
    key = django_filters.ChoiceFilter(choices=lambda: [(k, p.title) for k, p in sorted(PARAMETERS.items())], label="参数")
    region = RegionSubtreeFilter()

    class Meta:
        model = ParameterOverride
        fields = ["key", "region"]
