import django_filters

from liangxin.audit.models import ChangeLog
from liangxin.core.filters import BaseFilterSet


class ChangeLogFilterSet(BaseFilterSet):
    username = django_filters.CharFilter(lookup_expr="icontains", label="用户名")
    action = django_filters.ChoiceFilter(choices=ChangeLog.Action.choices, label="操作")
    object_repr = django_filters.CharFilter(lookup_expr="icontains", label="对象")
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = ChangeLog
        fields = ["username", "action", "object_repr", "since", "until"]
