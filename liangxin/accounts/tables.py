import django_tables2 as tables

from liangxin.accounts.models import User
from liangxin.core.tables import BaseTable


class UserTable(BaseTable):
    phone_columns = ("username", "display_name", "role")
    username = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = User
        fields = ("username", "display_name", "role", "region", "party_org", "is_active", "last_login")
        empty_text = "没有符合条件的用户。"
