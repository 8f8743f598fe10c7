"""Identification in tests: logging in the way a person does, through the login page (axes,
the lockout, needs the request, which Client.login() does not pass to authenticate()), a
session that has passed the second factor without the pages, and a cheap hasher for the
password history."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.accounts.secondfactor import stamp_verified


class FastHistoryHasher(PBKDF2PasswordHasher):
    """The password history's hasher with one iteration: hashing cost is not under test (the
    conftest sets MD5 for the users' passwords for the same reason)."""

    iterations = 1


def post_login(client: Client, username: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def logs_in(username: str, password: str, client: Client | None = None) -> bool:
    """Whether the login page accepts the pair and the session then reaches a page other than
    the password change (an account whose password must change would be sent there)."""
    client = client or Client()
    response = post_login(client, username, password)
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
