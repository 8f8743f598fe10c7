"""The second factor in a real browser, on a phone: a street official's first login enrols an
authenticator (the secret read off the page, as typed into an app by hand; the QR code is an
inline SVG), keeps the recovery codes, reaches the site; the next login asks for the code,
computed from the device's key as the phone would."""

import pytest
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.accounts.secondfactor import app_device
from tests.browser import browser_page, requires_browser, screenshot
from tests.conftest import PASSWORD
from tests.identity import code_for_secret, current_code

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
