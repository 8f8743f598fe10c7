"""Names of downloaded files: Chinese, as users name their spreadsheets, with the date."""

import re
from urllib.parse import quote

from django.utils import timezone

_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def dated_filename(title: str, suffix: str = ".xlsx") -> str:
    """两新组织 → 两新组织-20261130.xlsx (today in the site's time zone)."""
    return f"{title}-{timezone.localdate():%Y%m%d}{suffix}"


def attachment_disposition(filename: str) -> str:
    """A Content-Disposition header for a download named in Chinese: RFC 6266/5987
    `filename*=UTF-8''…` for browsers, and an ASCII `filename` for old clients made of what
    the name has in ASCII (规则ORG-7-20261130.xlsx → ORG-7-20261130.xlsx)."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    ascii_stem = _NOT_ASCII_NAME.sub("-", stem).strip("-.") or "liangxin"
    if not re.search(r"[A-Za-z]", ascii_stem):
        ascii_stem = f"liangxin-{ascii_stem}"
    fallback = f"{ascii_stem}.{suffix}" if suffix else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
