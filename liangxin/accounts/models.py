import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.roles import REGION_ROLES, Role
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import ScopedQuerySet
from liangxin.core.personal import Kind, Personal


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. The role says what they may do, the jurisdiction fields where."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.LEADER)
    region = models.ForeignKey(
        "regions.Region", verbose_name="管辖区域", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users", help_text="管理员、街道/社区/网格用户和领导的管辖范围：该区域及其下级。",
    )
    party_org = models.ForeignKey(
        "partyorgs.PartyOrg", verbose_name="所在党组织", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="users", help_text="企业党组织书记的管辖范围：该党组织、其下级党组织及其覆盖的组织。",
    )
    paired_unit = models.ForeignKey(
        "pairing.PairedUnit", verbose_name="结对共建单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="users",
    )
    # When the password was last set; passwords older than PASSWORD_MAX_AGE_DAYS must be changed
    # at the next login. Empty only for accounts from before the policy (migration 0004 leaves
    # them so): their passwords were never checked against it, so they must change them now.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, editable=False,
                                               default=timezone.now)

    objects = ScopedUserManager()
    # Accounts of region roles sit in their region; accounts of the roles scoped by
    # organization sit where their party organization, managing street or pairings are
    # (otherwise no administrator could see, create or edit them). The change log files an
    # account under the first of these it has.
    scope = Scope(region=("region", "party_org__region", "instructor__region", "paired_unit__pairings__organization__region"))
    personal = Personal(display_name=Kind.NAME)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.display_name or self.username

    @property
    def role_and_name(self) -> str:
        """The role, then who: an account named after its role (区委组织部管理员) shows it once."""
        name, role = str(self), self.get_role_display()
        return role if name == role else f"{role} · {name}"

    def clean(self):
        super().clean()
        if self.role in REGION_ROLES and not self.is_superuser and self.region_id is None:
            raise ValidationError({"region": "该角色按区域管辖，请选择管辖区域。"})
        if self.role == Role.SECRETARY and self.party_org_id is None:
            raise ValidationError({"party_org": "企业党组织书记需要选择所在党组织。"})
        if self.role == Role.PAIRED_UNIT and self.paired_unit_id is None:
            raise ValidationError({"paired_unit": "结对共建单位用户需要选择所属单位。"})

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs):
        # Django keeps the new raw password in `_password` from set_password() until the save
        # (a hash upgrade at login clears it first: not a change). Every path that sets a
        # password (self-service, the administrators' form, changepassword, createsuperuser)
        # ends here, and so does deactivation: either ends the account's API tokens.
        password_set = self._password is not None
        super().save(*args, **kwargs)
        if password_set:
            self.api_tokens.revoke("密码已修改")
        elif not self.is_active:
            self.api_tokens.revoke("账号已停用")

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def audit_update_action(self, before: dict, after: dict) -> str:
        """A new password (by its owner or an administrator) is logged as a password change,
        a kind of its own on the change log page; other edits as updates."""
        changed = before.get("credential_version") != after.get("credential_version")
        return ChangeLog.Action.PASSWORD_CHANGE if changed else ChangeLog.Action.UPDATE

    def audit_snapshot(self) -> dict:
        return {
            "username": self.username, "display_name": self.display_name, "role": self.role,
            "region": self.region_id, "party_org": self.party_org_id, "paired_unit": self.paired_unit_id,
            "is_active": self.is_active,
            # A digest of the salted hash: shows that the password changed, reveals nothing.
            "credential_version": "已设置·" + hashlib.sha256(self.password.encode()).hexdigest()[:8] if self.password else "",
        }


# What a token's holder may do is its owner's jurisdiction and role: it sits where its owner does.
TOKEN_SCOPE_FIELDS = tuple(f"user__{field}" for field in User.scope.region)


class ApiTokenQuerySet(ScopedQuerySet):
    def revoke(self, reason: str) -> int:
        """Delete these tokens, one change-log row each (the reason in its detail)."""
        count = 0
        for token in self.select_related("user"):
            record(ChangeLog.Action.TOKEN_REVOKE, token, detail=f"撤销 API 令牌“{token.name}”（{token.user.username}）：{reason}")
            token.delete()
            count += 1
        return count


class ApiToken(models.Model):
    """An API token (`Authorization: Token …`). Only a SHA-256 digest of the token is stored:
    the token itself is shown once, when it is made (liangxin.accounts.tokens)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("用途", max_length=100, help_text="例如：统计报表系统对接。")
    # SHA-256 of the token, hex: a lookup by equality on a unique index. The token carries 256
    # random bits, so the digest needs neither a salt nor a slow hash to resist guessing.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    expires = models.DateTimeField("到期时间")
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    scope = Scope(region=TOKEN_SCOPE_FIELDS)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self):
        return self.name

    @property
    def expired(self) -> bool:
        return self.expires <= timezone.now()
