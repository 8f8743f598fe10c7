"""The second factor (等保 身份鉴别: two kinds of authentication for administrators): a TOTP
(RFC 6238) from any authenticator app, with ten single-use recovery codes, on django-otp, for
the roles of SECOND_FACTOR_ROLES (accounts.roles.needs_second_factor).

django-otp marks a session verified by storing the device that verified it
(django_otp.login → DEVICE_ID_SESSION_KEY); OTPMiddleware turns that into
request.user.is_verified(). We add when it happened (VERIFIED_AT), so that an action on full
personal data can ask for a verification within the last few minutes.

Failed codes count toward the login lockout (liangxin.accounts.lockout): five failures of
either factor lock the account for the cool-off. django-otp's own per-device throttle is off
(OTP_*_THROTTLE_FACTOR = 0) so that there is one rule, the one the lockout page states.
"""

import base64
import time

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.accounts import lockout
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import path_of

VERIFIED_AT = "liangxin_otp_verified_at"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "身份验证器"
RECOVERY_DEVICE_NAME = "恢复码"


def stamp_verified(session: SessionBase) -> None:
    session[VERIFIED_AT] = time.time()


def mark_verified(request: HttpRequest, device: Device) -> None:
    """The session passed the second factor with `device`, now (django-otp's mark and our time)."""
    otp_login(request, device)
    stamp_verified(request.session)


def seconds_since_verified(session: SessionBase) -> float | None:
    """How long ago this session passed the second factor (None: never, or its device is gone)."""
    verified_at = session.get(VERIFIED_AT)
    if verified_at is None or DEVICE_ID_SESSION_KEY not in session:
        return None
    return time.time() - verified_at


def verified_recently(request: HttpRequest) -> bool:
    """Whether this session passed the second factor within SECOND_FACTOR_RECENT_MINUTES: what
    an export or a view of full 身份证号 asks for."""
    if not getattr(request.user, "is_verified", lambda: False)():
        return False
    elapsed = seconds_since_verified(request.session)
    return elapsed is not None and elapsed <= settings.SECOND_FACTOR_RECENT_MINUTES * 60


def reverify_url(next_url: str) -> str:
    """Where to ask for the code again before going on to `next_url`."""
    return reverse("accounts:otp_verify") + "?" + urlencode({"next": next_url})


# ---- devices -------------------------------------------------------------------------------

def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator (one per user: enrolling again needs a reset)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled: the same secret on every visit until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm(device: TOTPDevice) -> list[str]:
    """The device becomes the user's authenticator; fresh recovery codes replace any old ones.
    Returns the codes, which are shown once (they are stored as django-otp stores them)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=device.user).delete()
        recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def enrol_directly(user, name: str = APP_DEVICE_NAME) -> tuple[TOTPDevice, bool]:
    """A confirmed authenticator for `user` without the enrolment page (the `otp` command and the
    demo: a host-level capability, like createsuperuser). Returns (device, created); the caller
    logs it (the command does; the demo's seed data is nobody's act)."""
    device = app_device(user)
    if device is not None:
        return device, False
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=False)
        confirm(device)
    return device, True


def reset(user) -> int:
    """Forget every device of the user (authenticator and recovery codes): the next login enrols
    anew. Sessions verified by them lose the mark (OTPMiddleware finds no device)."""
    with transaction.atomic():
        removed = sum(model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
                      for model in (TOTPDevice, StaticDevice))
    return removed


def usable_code(device: TOTPDevice) -> tuple[str, int]:
    """The code the device accepts now, and for how many seconds. django-otp refuses a code of
    a time step already used (replay), so after a login in this 30-second step the next step's
    code is the one (accepted within the tolerance of one step)."""
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        raise ValueError("当前时间段的验证码都已用过，请半分钟后再试。")
    valid_until = device.t0 + (step + device.tolerance + 1 - device.drift) * device.step
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}", int(valid_until - time.time())


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, as authenticator apps take it by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG element: no image request, no script."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff",
                                                              title="扫码添加到身份验证器")
    return mark_safe(svg)  # noqa: S308 -- segno's own markup of our own URL


# ---- checking a code -----------------------------------------------------------------------

def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def check_code(user, code: str) -> Device | None:
    """The device that accepts `code`: the authenticator (six digits) or one recovery code,
    which is used up. None when neither does."""
    code = normalise(code)
    if not code:
        return None
    if code.isdigit():
        device = app_device(user)
        with transaction.atomic():
            if device is not None and device.verify_token(code):
                return device
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if device.verify_token(code):
                return device
    return None


def passed(request: HttpRequest, device: Device, *, enrolled: bool = False) -> None:
    """A right code: the session is verified, the account's login failures are forgotten (the
    password alone does not clear them for these accounts), and the change log says how."""
    user = request.user
    mark_verified(request, device)
    lockout.unlock(username=user.username)
    if enrolled:
        action, detail = ChangeLog.Action.OTP_ENROL, "启用双因素认证（扫码绑定身份验证器），生成恢复码"
    elif isinstance(device, StaticDevice):
        left = device.token_set.count()
        action, detail = ChangeLog.Action.OTP_RECOVERY, f"用恢复码通过双因素验证，剩余 {left} 个恢复码"
    else:
        action, detail = ChangeLog.Action.OTP_VERIFY, "双因素验证通过"
    record(action, user, user=user, region_path=path_of(user), detail=detail)


def failed(request: HttpRequest, *, enrolling: bool = False) -> bool:
    """A wrong code: logged, and counted as a login failure of the account and the address (the
    lockout's counters, so five failures of either factor lock it). Returns whether the
    account is now locked."""
    user = request.user
    detail = "启用双因素认证时验证码错误" if enrolling else "双因素验证码错误"
    record(ChangeLog.Action.OTP_FAILED, user, user=user, region_path=path_of(user), detail=detail)
    # Axes's handler, not the user_login_failed signal: the change log's receiver of that signal
    # would add a 登录失败 row (“用户名或密码错误”) for what is a wrong code.
    AxesProxyHandler.user_login_failed(sender=failed, credentials={"username": user.username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))
