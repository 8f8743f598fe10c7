"""Encryption at rest and blind indexes for personal data.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys in
settings.FIELD_ENCRYPTION_KEYS (the first encrypts, all decrypt, so keys can be rotated).
Because ciphertexts are randomized, uniqueness and exact search use a *blind index*: an
HMAC of the normalized value under a separate key, stored beside the ciphertext.
"""

import hashlib
import hmac
from functools import cache
from typing import cast

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    """Keyed hash of a normalized value: equal inputs give equal indexes, nothing else leaks."""
    normalized = value.strip().upper()
    key = cast(str, settings.BLIND_INDEX_KEY)  # always set: settings.py derives one in dev, requires it in production
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()
