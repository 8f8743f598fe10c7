"""Identification in tests: logging in the way a person does, through the login page (axes,
the lockout, needs the request, which Client.login() does not pass to authenticate()), and a
cheap hasher for the password history."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse


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
