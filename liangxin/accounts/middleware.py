"""Rules on every request of a logged-in session: it ends after a spell without requests, an
account that needs the second factor passes it before anything else, and a password that is
too old (or set before the policy) must be changed next.

API requests authenticated by token carry no session; DRF authenticates them inside the
view, after these run, so none of these rules applies to them (tokens have their own expiry).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from liangxin.accounts.passwords import password_must_change
from liangxin.accounts.roles import needs_second_factor

LAST_SEEN = "liangxin_last_seen"
# The session is written (and its expiry moved on) at most once a minute, not on every request
# as SESSION_SAVE_EVERY_REQUEST would: on SQLite each write takes the database's write lock.
# So an idle session ends between SESSION_IDLE_SECONDS - 60 s and SESSION_IDLE_SECONDS after
# its last request, never later; the page's warning uses the server's own count.
RENEW_AFTER_SECONDS = 60


def session_remaining(request: HttpRequest) -> int | None:
    """Seconds until the session ends unless a request renews it (None: no timed session)."""
    last_seen = request.session.get(LAST_SEEN) if hasattr(request, "session") else None
    if last_seen is None:
        return None
    return max(0, int(last_seen + settings.SESSION_IDLE_SECONDS - time.time()))


def renew_session(request: HttpRequest) -> None:
    request.session[LAST_SEEN] = time.time()


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            last_seen = request.session.get(LAST_SEEN)
            idle = time.time() - last_seen if last_seen is not None else 0
            if idle >= settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, f"已超过 {settings.SESSION_IDLE_SECONDS // 60} 分钟未操作，为保护数据已自动退出，请重新登录。")
            elif last_seen is None or idle >= RENEW_AFTER_SECONDS:
                renew_session(request)
        response = self.get_response(request)
        remaining = session_remaining(request) if request.user.is_authenticated else None
        if remaining is not None:
            # The page's idle warning (session-timeout.js) reads this after each htmx request.
            response["X-Session-Remaining"] = str(remaining)
        return response


class SecondFactorRequiredMiddleware:
    """Until the session has passed the second factor, an account that needs it reaches only the
    pages that get it there: logging in and out, the code and the enrolment, keeping the
    session alive (the idle warning's script runs on those pages too). Static files are served
    before any view (WhiteNoise) and /healthz says nothing about anyone."""

    ALLOWED_VIEWS = {"accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_enrol",
                     "accounts:session_keepalive", "healthz", "favicon"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not needs_second_factor(user) or request.resolver_match.view_name in self.ALLOWED_VIEWS:
            return None
        if user.is_verified():
            return None
        reason = "请先完成双因素验证：输入身份验证器上的 6 位动态验证码。"
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=403)
        target = reverse("accounts:otp_verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


class PasswordChangeRequiredMiddleware:
    """Sends a user whose password has expired to the change page; only that page, logging out
    and keeping the session alive answer until the password is changed."""

    # The second factor's pages come first (SecondFactorRequiredMiddleware), so they stay open.
    ALLOWED_VIEWS = {"accounts:password_change", "accounts:logout", "accounts:session_keepalive",
                     "accounts:otp_verify", "accounts:otp_enrol"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in self.ALLOWED_VIEWS:
            return None
        if not password_must_change(user):
            return None
        if user.password_changed_at is None:
            reason = "为保证账号安全，请先设置一个符合密码规则的新密码。"
        else:
            reason = f"您的密码已使用超过 {settings.PASSWORD_MAX_AGE_DAYS} 天，请先修改密码。"
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=403)
        messages.warning(request, reason)
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
