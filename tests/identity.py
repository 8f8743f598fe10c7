"""Identification in tests: logging in the way a person does, through the login page (axes,
the lockout, needs the request, which Client.login() does not pass to authenticate()), a
session that has passed the second factor without the pages, and a cheap hasher for the
password history."""

import base64

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.accounts.models import User
from liangxin.accounts.roles import needs_second_factor
from liangxin.accounts.secondfactor import app_device, stamp_verified, usable_code


class FastHistoryHasher(PBKDF2PasswordHasher):
    """The password history's hasher with one iteration: hashing cost is not under test (the
    conftest sets MD5 for the users' passwords for the same reason)."""

    iterations = 1


def post_login(client: Client, username: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def code_for_secret(secret: str) -> str:
    """What an authenticator app shows now for a secret typed in by hand (base32, spaces allowed)."""
    key = base64.b32decode("".join(secret.split()).upper() + "=" * (-len("".join(secret.split())) % 8))
    return f"{totp(key):06d}"


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for `device` (computed from its key, as the app
    does). Tests log in faster than a person: when this 30-second step's codes are used up
    (django-otp refuses a replayed step), the replay mark is moved back; the guard itself is
    tested in tests/test_second_factor.py."""
    try:
        return usable_code(device)[0]
    except ValueError:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        device.refresh_from_db()
        return usable_code(device)[0]


def pass_second_factor(client: Client, username: str):
    """After the password: the code page as a person with an authenticator passes it, or the
    enrolment (the QR code's secret read from the pending device) for an account without one.
    Returns the page's answer (a redirect on success)."""
    user = User.objects.get(username=username)
    device = app_device(user)
    if device is None:
        client.get(reverse("accounts:otp_enrol"))
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        return client.post(reverse("accounts:otp_enrol"), {"code": current_code(device)})
    return client.post(reverse("accounts:otp_verify"), {"code": current_code(device)})


def post_login_verified(client: Client, username: str, password: str, **extra):
    """The login page, then the second factor when the account needs one; returns the login's answer."""
    response = post_login(client, username, password, **extra)
    if response.status_code == 302 and needs_second_factor(User.objects.get(username=username)):
        pass_second_factor(client, username)
    return response


def logs_in(username: str, password: str, client: Client | None = None) -> bool:
    """Whether the login page accepts the pair and the session (after the second factor, for an
    account that needs it) then reaches a page other than the password change (an account whose
    password must change would be sent there)."""
    client = client or Client()
    response = post_login_verified(client, username, password)
    if response.status_code != 302:
        return False
    return client.get(reverse("accounts:profile")).status_code == 200


def verified_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device (an authenticator app already enrolled), made if none."""
    return (TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
            or TOTPDevice.objects.create(user=user, name="测试手机", confirmed=True))


def force_login_verified(client: Client, user) -> Client:
    """client.force_login(user), with the session marked as having just passed the second factor
    the way django_otp.login marks it (the verifying device's id under DEVICE_ID_SESSION_KEY,
    which OTPMiddleware turns into user.is_verified()) and when (accounts.secondfactor).
    Every test that logs a client in without the pages uses this: a session of a role that
    needs the second factor reaches nothing without the mark."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
    stamp_verified(session)
    session.save()
    return client
