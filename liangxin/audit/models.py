"""One table for every change, login, export and view of unmasked personal data."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils import timezone

from liangxin.audit import chain
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import ScopedQuerySet


class ChangeLogQuerySet(ScopedQuerySet):
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
        # The second factor (liangxin.accounts.secondfactor).
        OTP_ENROL = "otp_enrol", "启用双因素认证"
        OTP_VERIFY = "otp_verify", "双因素验证通过"
        OTP_FAILED = "otp_failed", "双因素验证失败"
        OTP_RECOVERY = "otp_recovery", "使用恢复码"
        OTP_RESET = "otp_reset", "重置双因素设备"

    # The kinds that record a change of the ledger; every other kind is a security event
    # (who came in or was refused, what left the system, who saw full personal data).
    DATA_ACTIONS = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT)

    # Stamped when the row is written (chain.stamp: one time for a batch).
    time = models.DateTimeField("时间", default=timezone.now, db_index=True)
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
    # PROTECT, not SET_NULL: a content type removed would rewrite log rows and break the chain.
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    # Tamper evidence (liangxin.audit.chain): row_mac, an HMAC of the content, written with the
    # row; seq and chain_hash, its place in the chain and the HMAC of the previous row's
    # chain_hash and this row_mac, set once when the row is sealed after its transaction
    # commits (NULL until then). Rows sealed before row_macs existed have row_mac "".
    row_mac = models.CharField("内容校验值", max_length=64, blank=True, default="", editable=False)
    seq = models.BigIntegerField("链序号", null=True, blank=True, unique=True, editable=False)
    chain_hash = models.CharField("校验值", max_length=64, null=True, blank=True, editable=False)

    objects = ChangeLogQuerySet.as_manager()
    # Log rows carry the region path of the object they concern (or of the actor for
    # logins), so a street sees the history of its own objects only.
    # Rows that no region holds (a failed login for a username with no account, an account
    # placed nowhere) are the whole tree's: its administrators see them, no one below does.
    scope = Scope(path="region_path", unplaced_to_root=True)

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
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(ChangeLog)):
            chain.stamp([self])  # sealed into the chain once the caller's transaction commits
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("变更日志不可删除")

    @classmethod
    def resume_hash(cls) -> str:
        """What the first row of an empty table chains onto: the last archive's anchor, if any."""
        anchor = ArchiveAnchor.objects.order_by("-pk").first()
        return anchor.last_hash if anchor is not None else chain.GENESIS

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]

    def changed_field_labels(self) -> list[tuple[str, object, object]]:
        """changed_fields with each field's Chinese name (its verbose_name) for the page; the
        stored key where the model or field no longer exists."""
        model = self.content_type.model_class() if self.content_type is not None else None
        labels = {}
        if model is not None:
            labels = {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
            labels.update({f.attname: str(f.verbose_name) for f in model._meta.concrete_fields})
        return [(labels.get(name, name), old, new) for name, old, new in self.changed_fields()]


class ArchiveAnchor(models.Model):
    """Where the chain resumes after `liangxin audit-archive` removed the rows before a date:
    the hash of the last row archived (the first remaining row's predecessor), signed with the
    audit key so that no one can remove rows and write an anchor of their own. Append-only."""

    created = models.DateTimeField("归档时间", default=timezone.now)
    before = models.DateField("归档截止日期")
    first_id = models.BigIntegerField("首条编号")
    last_id = models.BigIntegerField("末条编号")
    rows = models.PositiveIntegerField("条数")
    last_hash = models.CharField("末条校验值", max_length=64)
    file_name = models.CharField("归档文件", max_length=255)
    file_sha256 = models.CharField("文件摘要", max_length=64)
    signature = models.CharField("签名", max_length=64)

    class Meta:
        verbose_name = "变更日志归档"
        verbose_name_plural = "变更日志归档"
        ordering = ["-last_id"]

    def __str__(self):
        return f"{self.before:%Y-%m-%d} 前 {self.rows} 条（{self.file_name}）"

    def _signed_content(self) -> dict:
        return {"before": self.before.isoformat(), "first_id": self.first_id, "last_id": self.last_id, "rows": self.rows,
                "last_hash": self.last_hash, "file_name": self.file_name, "file_sha256": self.file_sha256}

    def sign(self) -> None:
        self.signature = chain.sign(chain.canonical_json(self._signed_content()))

    def signature_ok(self) -> bool:
        return chain.signature_ok(chain.canonical_json(self._signed_content()), self.signature)
