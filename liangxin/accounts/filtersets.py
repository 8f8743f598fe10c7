import django_filters

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.core.filters import BaseFilterSet, SearchFilter


class UserFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("username", "display_name"), label="搜索")
    role = django_filters.ChoiceFilter(choices=Role.choices, label="角色")

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]
