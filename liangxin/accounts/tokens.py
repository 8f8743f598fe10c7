"""API tokens (等保 访问控制): made, checked and ended here; the model is accounts.models.ApiToken.

A token is 32 random bytes (43 URL-safe characters) shown once, when it is made; the database
keeps its SHA-256 digest only. It works until it expires (API_TOKEN_DAYS after it was made,
never extended by use) or is revoked: by its owner or an administrator, and by the account
itself when its password is set (User.save), when it is deactivated (User.save) and when
axes locks it (liangxin.accounts.lockout). Each creation and revocation is a change-log row.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions

from liangxin.accounts.models import ApiToken, User
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.models import ScopedQuerySet

# The last-used time is written at most this often per token: a script's every request would
# otherwise be a write (on SQLite, the database's write lock).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the saved row, and the token itself (never stored)."""
    token = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, digest=digest(token),
        expires=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    record(ChangeLog.Action.TOKEN_CREATE, row,
           detail=f"创建 API 令牌“{name}”（{user.username}），有效期至 {timezone.localtime(row.expires):%Y-%m-%d %H:%M}")
    return row, token


def revocable_by(user) -> ScopedQuerySet:
    """The tokens `user` may revoke: their own, and those of the accounts an administrator
    manages (ApiToken's scope: its owner's place)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    own = ApiToken.objects.filter(user=user)
    return own | ApiToken.objects.scoped(user, "delete")


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`, as DRF's own, against the digests of ApiToken."""

    def authenticate_credentials(self, key: str):
        row = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        if row is None:
            raise exceptions.AuthenticationFailed("令牌无效或已被撤销。")
        if row.expired:
            raise exceptions.AuthenticationFailed("令牌已过期，请重新生成。")
        if not row.user.is_active:
            raise exceptions.AuthenticationFailed("该账号已停用。")
        now = timezone.now()
        if row.last_used is None or now - row.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=row.pk).update(last_used=now)
            row.last_used = now
        return row.user, row
