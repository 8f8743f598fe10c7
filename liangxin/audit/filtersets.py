import django_filters

from liangxin.audit.models import ChangeLog
from liangxin.core.filters import BaseFilterSet


class ChangeLogFilterSet(BaseFilterSet):
    username = django_filters.CharFilter(lookup_expr="icontains", label="用户名")
    category = django_filters.ChoiceFilter(choices=[("security", "安全事件"), ("data", "数据变更")], method="filter_category",
                                           label="类别")
    action = django_filters.ChoiceFilter(choices=ChangeLog.Action.choices, label="操作")
    object_repr = django_filters.CharFilter(lookup_expr="icontains", label="对象")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = ChangeLog
        fields = ["username", "category", "action", "object_repr", "since", "until"]

    def filter_category(self, queryset, name, value):
        data = queryset.filter(action__in=ChangeLog.DATA_ACTIONS)
        return data if value == "data" else queryset.exclude(action__in=ChangeLog.DATA_ACTIONS)
