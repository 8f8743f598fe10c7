"""The second factor in a real browser, on a phone: a street official's first login enrols an
authenticator (the secret read off the page, as typed into an app by hand; the QR code is an
inline SVG), keeps the recovery codes, reaches the site; the next login asks for the code,
computed from the device's key as the phone would."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.accounts.secondfactor import VERIFIED_AT, app_device
from liangxin.audit.models import ChangeLog
from tests.browser import PHONE, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD
from tests.identity import code_for_secret, current_code
from tests.test_csp_browser import Console, visit

DESKTOP = {"width": 1366, "height": 900}

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def password(page, base: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", "street2")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_a_first_login_enrols_and_the_next_asks_for_the_code(live_server, transactional_world):
    base = live_server.url
    with browser_page() as page:
        password(page, base)
        page.wait_for_url(f"{base}/accounts/otp/enrol/*")
        qr = page.locator("#otp-qr svg")
        assert qr.is_visible() and qr.bounding_box()["width"] >= 150
        field = page.locator("#id_code")
        assert field.get_attribute("inputmode") == "numeric" and field.get_attribute("autocomplete") == "one-time-code"
        screenshot(page, "otp-enrol-phone")
        page.fill("#id_code", "000000" if code_for_secret(page.inner_text("#otp-secret")) != "000000" else "111111")
        page.click("#otp-form button[type=submit]")
        assert "验证码不正确" in page.inner_text("main")
        page.fill("#id_code", code_for_secret(page.inner_text("#otp-secret")))
        page.click("#otp-form button[type=submit]")
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10 and "只显示这一次" in page.inner_text("main")
        screenshot(page, "otp-recovery-codes-phone")
        page.click("text=我已保存恢复码，继续")
        page.wait_for_url(f"{base}/")
        assert page.locator("nav.navbar").count() == 1  # a page of the site (the code pages have no menu)

    with browser_page() as page:
        password(page, base)
        page.wait_for_url(f"{base}/accounts/otp/?next=*")
        screenshot(page, "otp-verify-phone")
        page.fill("#id_code", current_code(app_device(User.objects.get(username="street2"))))
        page.click("#otp-form button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(base + reverse("members:member_list"))
        assert page.url == base + reverse("members:member_list")


def age_verification(page, seconds: float) -> None:
    """Move the browser session's last verification back, as if `seconds` had passed."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=key)
    session[VERIFIED_AT] = time.time() - seconds
    session.save()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_code_pages_and_the_full_export_keep_to_the_csp(live_server, transactional_world, size):
    """Enrol (the QR code an inline SVG that draws), recovery codes, the code page asked again
    before full 身份证号, the reason form and its download, and the user page's reset: no CSP
    violation or script error, at a phone's and a desktop's size."""
    base = live_server.url
    viewport = {"phone": PHONE, "desktop": DESKTOP}[size]
    with browser_page(viewport=viewport) as page:
        console = Console(page)
        password(page, base)
        page.wait_for_url(f"{base}/accounts/otp/enrol/*")
        console.check("enrol")
        qr = page.locator("#otp-qr svg")
        box = qr.bounding_box()
        assert box["width"] >= 150 and box["width"] == box["height"] and box["x"] + box["width"] <= viewport["width"]
        # The modules are drawn: the dark path has its stroke (an attribute, which the CSP allows).
        assert qr.locator("path.qrline").evaluate("el => getComputedStyle(el).stroke") == "rgb(0, 0, 0)"
        screenshot(page, f"otp-enrol-{size}")
        page.fill("#id_code", code_for_secret(page.inner_text("#otp-secret")))
        page.click("#otp-form button[type=submit]")
        page.wait_for_selector("#recovery-codes")
        console.check("recovery codes")
        screenshot(page, f"otp-recovery-codes-{size}")

    with browser_page(viewport=viewport) as page:
        console = Console(page)
        log_in(page, base, "admin", PASSWORD)
        console.check("admin login")
        members = base + reverse("members:member_list")
        visit(page, console, members)
        page.click("a[href^='/ledger/export/members-full-id-numbers/']")
        page.wait_for_selector("#export-full-form")
        console.check("full export form")
        screenshot(page, f"otp-export-full-{size}")
        # Past the recent window, the same link asks for the code again first, then comes back.
        age_verification(page, settings.SECOND_FACTOR_RECENT_MINUTES * 60 + 2)
        page.goto(members)
        page.click("a[href^='/ledger/export/members-full-id-numbers/']")
        page.wait_for_url(f"{base}/accounts/otp/?next=*")
        assert "分钟内验证过身份" in page.inner_text("main")
        console.check("code asked again")
        screenshot(page, f"otp-verify-again-{size}")
        page.fill("#id_code", current_code(app_device(User.objects.get(username="admin"))))
        page.click("#otp-form button[type=submit]")
        page.wait_for_selector("#export-full-form")
        page.fill("#id_reason", "报送党员信息核查")
        with page.expect_download() as download:
            page.click("#export-full-form button[type=submit]")
        assert "含完整身份证号" in download.value.suggested_filename
        console.check("full export")
        assert ChangeLog.objects.filter(action="view_pii", username="admin", detail__contains="报送党员信息核查").exists()

        # An administrator's view of a user who has an authenticator, with the reset button.
        street2 = User.objects.get(username="street2")
        visit(page, console, base + reverse("accounts:user_detail", args=[street2.pk]))
        assert page.locator("#second-factor button[type=submit]").is_visible()
        screenshot(page, f"otp-user-reset-{size}")
