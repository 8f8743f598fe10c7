import django_tables2 as tables
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.core.tables import BaseTable, PostButtonColumn


class UserTable(BaseTable):
    phone_columns = ("username", "display_name", "role")
    username = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = User
        fields = ("username", "display_name", "role", "region", "party_org", "is_active", "last_login")
        empty_text = "没有符合条件的用户。"


class ApiTokenTable(BaseTable):
    """A user's API tokens with a revoke button (我的令牌, and the user's page for administrators)."""

    phone_columns = ("name", "created", "last_used", "expires", "revoke")
    name = tables.Column("用途")
    created = tables.DateTimeColumn("Y-m-d H:i", verbose_name="创建时间")
    last_used = tables.DateTimeColumn("Y-m-d H:i", verbose_name="最近使用", default="从未使用")
    expires = tables.TemplateColumn(
        '{{ record.expires|date:"Y-m-d H:i" }}{% if record.expired %} <span class="badge text-bg-secondary">已过期</span>{% endif %}',
        verbose_name="到期时间")
    revoke = PostButtonColumn(
        lambda record: reverse("accounts:token_revoke", args=[record.pk]),
        lambda record: "删除" if record.expired else "撤销", "bi-x-circle", variant="btn-outline-danger",
        fields=lambda record, request: {"next": request.get_full_path() if request else ""})

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm align-middle token-table"}
        orderable = False


class LockedTable(BaseTable):
    """Accounts and addresses locked after failed logins (rows: lock, account, until), with an
    unlock button."""

    phone_columns = ("target", "failures", "until", "unlock")
    target = tables.TemplateColumn(template_name="accounts/includes/locked_target.html", verbose_name="锁定对象")
    failures = tables.Column("失败次数", accessor="lock__failures")
    until = tables.Column("锁定至")
    unlock = PostButtonColumn(
        lambda record: reverse("accounts:unlock"), "解锁", "bi-unlock",
        fields=lambda record, request: {"username": record["lock"].username or "", "ip_address": record["lock"].ip_address or ""})

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm align-middle", "id": "locked-table"}
        orderable = False
