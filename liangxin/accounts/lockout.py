"""Login lockout on django-axes (等保 level 3: 登录失败处理, 限制非法登录次数). Wrong
second-factor codes count as failures too (accounts.secondfactor.failed).

Axes counts failures per lockout parameter (here the username and the client address) but
compares every count with one limit. An office reaches the platform from one address, so
the address gets a larger allowance of its own (LOGIN_ADDRESS_FAILURE_LIMIT): five typos by
five colleagues must not lock the whole office, while spraying many usernames from one
address is still stopped. The handler below applies the two limits; everything else
(storage, cool-off, the authentication backend) is axes's own.
"""

import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from liangxin.accounts.models import ApiToken
from liangxin.accounts.roles import needs_second_factor
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog


class GradedLockoutHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"], in that order: the username's
    failures are held against AXES_FAILURE_LIMIT, the address's against its own larger limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_username, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # The address has used its allowance: every username from it counts as locked.
            return max(by_username, settings.AXES_FAILURE_LIMIT)
        return by_username

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A success clears the account's failures only: logging into an account of one's own
        # must not wipe the count of an address that is spraying others.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def user_logged_in(self, sender, request, user, **kwargs):
        # For an account that must pass the second factor the password is half a login: its
        # success must not clear the failures (or an attacker holding the password would
        # wipe the count of wrong codes before each round). A right code clears them
        # (accounts.secondfactor.passed). Axes's access log is off, so nothing else is skipped.
        if needs_second_factor(user):
            return
        super().user_logged_in(sender, request, user, **kwargs)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        already_locked = bool(request is not None and getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and request.axes_locked_out and not already_locked:
            _log_lockout(request, credentials)


@dataclass(frozen=True)
class Lock:
    """A username or a client address that may not log in until `until`."""

    username: str | None
    ip_address: str | None
    failures: int
    until: datetime.datetime


def _lock_end(attempts, limit: int, cool_off: datetime.timedelta) -> tuple[int, datetime.datetime] | None:
    """(failures, end) if the attempts within the cool-off reach `limit`: the lock ends when
    enough of the newest rows have aged out that the rest fall below the limit."""
    rows = list(attempts.filter(attempt_time__gte=timezone.now() - cool_off)
                .order_by("-attempt_time").values_list("failures_since_start", "attempt_time"))
    total = sum(failures for failures, _ in rows)
    if total < limit:
        return None
    running = 0
    for failures, time in rows:
        running += failures
        if running >= limit:
            return total, time + cool_off
    return None  # unreachable: total >= limit


def lock_of_username(username: str) -> Lock | None:
    found = _lock_end(AccessAttempt.objects.filter(username=username), settings.AXES_FAILURE_LIMIT, get_cool_off())
    return Lock(username, None, *found) if found else None


def lock_of_address(ip_address: str) -> Lock | None:
    found = _lock_end(AccessAttempt.objects.filter(ip_address=ip_address), settings.LOGIN_ADDRESS_FAILURE_LIMIT,
                      get_cool_off())
    return Lock(None, ip_address, *found) if found else None


def lock_for(username: str | None, ip_address: str | None) -> Lock | None:
    """The lock a login by `username` from `ip_address` runs into (the later-ending one if both)."""
    locks = [lock for lock in (lock_of_username(username) if username else None,
                               lock_of_address(ip_address) if ip_address else None) if lock]
    return max(locks, key=lambda lock: lock.until) if locks else None


def current_locks() -> list[Lock]:
    """Every username and address locked now, for the administrators' page."""
    cool_off = get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    usernames = recent.values("username").annotate(n=Sum("failures_since_start")).filter(
        n__gte=settings.AXES_FAILURE_LIMIT).values_list("username", flat=True)
    addresses = recent.exclude(ip_address=None).values("ip_address").annotate(n=Sum("failures_since_start")).filter(
        n__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT).values_list("ip_address", flat=True)
    locks = [lock_of_username(name) for name in usernames] + [lock_of_address(ip) for ip in addresses]
    return sorted((lock for lock in locks if lock), key=lambda lock: lock.until, reverse=True)


def unlock(*, username: str | None = None, ip_address: str | None = None) -> int:
    """Forget the failures of a username or an address (the caller logs who did it)."""
    attempts = AccessAttempt.objects.filter(username=username) if username else AccessAttempt.objects.filter(
        ip_address=ip_address)
    count, _ = attempts.delete()
    return count


def local_time(moment: datetime.datetime) -> str:
    """A lock's end as the user reads it: time of day, with the date when it is not today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def lockout_message(lock: Lock | None) -> str:
    # Says neither whether the password was right nor whether the account exists.
    until = f"，请于 {local_time(lock.until)} 后再试" if lock else "，请稍后再试"
    return f"登录失败次数过多，该账号已暂时锁定{until}；如需提前解锁，请联系管理员。"


def _log_lockout(request: HttpRequest, credentials: dict | None) -> None:
    from django.contrib.auth import get_user_model

    username = get_client_username(request, credentials) or ""
    ip_address = request.axes_ip_address
    lock = lock_of_username(username) if username else None
    account = get_user_model().objects.filter(username=username).first() if username else None
    if lock is not None:
        detail = f"用户名 {username} 连续登录失败 {lock.failures} 次，锁定至 {local_time(lock.until)}"
    else:
        lock = lock_of_address(ip_address)
        until = local_time(lock.until) if lock else "冷却期结束"
        detail = f"来自 {ip_address} 的登录失败达 {settings.LOGIN_ADDRESS_FAILURE_LIMIT} 次（最后尝试用户名 {username}），该地址锁定至 {until}"
    # Filed under the account when there is one (its administrators see it), else the whole tree's.
    record(ChangeLog.Action.LOCKOUT, account, user=account, detail=detail)


# Connected here because this module is axes's handler (AXES_HANDLER), the one that sends the
# signal: it is loaded before any lockout can happen.
@receiver(user_locked_out, dispatch_uid="liangxin.accounts.lockout.revoke_tokens")
def revoke_tokens_of_a_locked_account(sender, request=None, username: str | None = None, **kwargs) -> None:
    """A locked account's API tokens end with the lock (等保 访问控制). The signal also comes for
    an address locked after spraying many usernames, and for each refused try during a lock;
    the account of a username that is not itself locked keeps its tokens."""
    if username and lock_of_username(username) is not None:
        ApiToken.objects.filter(user__username=username).revoke("登录失败次数过多，账号已锁定")


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE. The login page has already put the lockout message in its form;
    the answer keeps that page and says 429. Any other caller gets the message alone."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    lock = lock_for(get_client_username(request, credentials), getattr(request, "axes_ip_address", None))
    return HttpResponse(lockout_message(lock), status=429, content_type="text/plain; charset=utf-8")
