"""QR codes as inline SVG (segno): no image request, no script, nothing the CSP must allow.
Used for the second factor's enrolment and for links handed out on paper (evaluation invitations)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, title: str, scale: int = 4) -> SafeString:
    svg = segno.make(data, error="m").svg_inline(scale=scale, border=2, dark="#000", light="#fff", title=title)
    return mark_safe(svg)  # noqa: S308 -- segno's own markup of our own data
