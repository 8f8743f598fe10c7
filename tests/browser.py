"""Real headless Chromium (Debian's package) driven by Playwright, for the pages that matter."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from liangxin.accounts.models import User
from liangxin.accounts.secondfactor import app_device
from tests.identity import code_for_secret, current_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

requires_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (apt-get install chromium): browser tests skipped"
)


@contextmanager
def browser_page(viewport=PHONE, locale: str = "zh-CN"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        try:
            page = browser.new_page(viewport=viewport, locale=locale)
            yield page
        finally:
            browser.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, base_url: str, username: str, password: str) -> None:
    """The login page, then (for an account that needs it) the second factor: the code page, with
    the code the account's authenticator shows now (the test and the live server share the
    database), or the enrolment, with the code for the secret the page shows."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/otp/" in url or url == f"{base_url}/")
    if "/accounts/otp/enrol/" in page.url:
        page.fill("#id_code", code_for_secret(page.inner_text("#otp-secret")))
        page.click("#otp-form button[type=submit]")
        page.click("#recovery-codes ~ a")
    elif "/accounts/otp/" in page.url:
        page.fill("#id_code", current_code(app_device(User.objects.get(username=username))))
        page.click("#otp-form button[type=submit]")
    page.wait_for_url(f"{base_url}/")
