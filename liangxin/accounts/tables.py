import django_tables2 as tables

from liangxin.accounts.models import User


class UserTable(tables.Table):
    username = tables.Column(linkify=True)

    class Meta:
        model = User
        fields = ("username", "display_name", "role", "region", "party_org", "is_active", "last_login")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "没有符合条件的用户。"
