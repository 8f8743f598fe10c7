"""One table for every change, login, export and view of unmasked personal data."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import ScopedQuerySet


def is_tree_root(path: str) -> bool:
    """Whether a materialized region path ("1/", "1/5/", …) is a root's: one id, one slash."""
    return path.count("/") == 1


class ChangeLogQuerySet(ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction, action: str = "view"):
        # Rows that no region holds (a failed login for a username with no account, an account
        # placed nowhere) belong to the whole tree: its administrators see them, no one below does.
        q = super().jurisdiction_filter(jurisdiction, action)
        if jurisdiction.region_path and is_tree_root(jurisdiction.region_path):
            q |= Q(region_path="")
        return q

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def update(self, **kwargs):
        raise PermissionError("变更日志不可修改")

    def delete(self):
        raise PermissionError("变更日志不可删除")


class ChangeLog(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGOUT = "logout", "退出"
        EXPORT = "export", "导出"
        VIEW_PII = "view_pii", "查看完整个人信息"
        IMPORT = "import", "导入"
        PASSWORD_CHANGE = "password_change", "修改密码"
        LOCKOUT = "lockout", "账号锁定"
        UNLOCK = "unlock", "解除锁定"
        TOKEN_CREATE = "token_create", "创建令牌"
        TOKEN_REVOKE = "token_revoke", "撤销令牌"
        ARCHIVE = "archive", "归档日志"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        # PROTECT: deleting an account must not rewrite its log rows; accounts are deactivated.
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    request_id = models.UUIDField("请求编号", null=True, blank=True, db_index=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    # Indexed by (content_type, object_id) below, which serves content-type lookups too.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     db_index=False)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    objects = ChangeLogQuerySet.as_manager()
    # Log rows carry the region path of the object they concern (or of the actor for
    # logins), so a street sees the history of its own objects only.
    scope = Scope(path="region_path")

    class Meta:
        verbose_name = "变更日志"
        verbose_name_plural = "变更日志"
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("变更日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("变更日志不可删除")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
