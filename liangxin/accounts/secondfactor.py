"""The second factor (TOTP, RFC 6238, on django-otp) for the roles of SECOND_FACTOR_ROLES.

django-otp marks a session verified by storing the device that verified it
(django_otp.login → DEVICE_ID_SESSION_KEY); OTPMiddleware turns that into
request.user.is_verified(). We add when it happened (VERIFIED_AT), so that an action on full
personal data can ask for a verification within the last few minutes.
"""

import time

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device

from liangxin.accounts.roles import SECOND_FACTOR_ROLES

VERIFIED_AT = "liangxin_otp_verified_at"


def needs_second_factor(user) -> bool:
    """A superuser (createsuperuser) holds every permission, so it counts as an administrator."""
    return bool(user.is_authenticated and (user.role in SECOND_FACTOR_ROLES or user.is_superuser))


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
