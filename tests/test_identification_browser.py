"""Identification in a real browser: a street official changes their password from the profile
page (a weak one first, refused with the rule), logs in again with the new one; an idle page
warns before the session ends and “继续使用” keeps it; a locked account's login page says until when."""

import pytest
from django.urls import reverse

from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

DESKTOP = {"width": 1280, "height": 900}  # the logout button is in the open menu bar

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_changes_a_password_end_to_end(live_server, transactional_world):
    with browser_page(viewport=DESKTOP) as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(live_server.url + reverse("accounts:profile"))
        page.click("text=修改密码")
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password1", "xkcdwxyz")
        page.fill("#id_new_password2", "xkcdwxyz")
        page.click("main button[type=submit]")
        assert "至少 3 类" in page.inner_text("main")
        screenshot(page, "password-change-refused")
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password1", "Dong@Jie2027")
        page.fill("#id_new_password2", "Dong@Jie2027")
        page.click("main button[type=submit]")
        page.wait_for_url(live_server.url + reverse("accounts:profile"))
        assert "密码已修改" in page.inner_text("main")
        if page.locator(".navbar-toggler").is_visible():  # the phone's folded menu
            page.click(".navbar-toggler")
        page.click("nav .dropdown-toggle:has-text('street1')")  # the account's own menu
        page.click("nav button:has-text('退出')")
        page.wait_for_url(f"{live_server.url}{reverse('accounts:login')}*")
        log_in(page, live_server.url, "street1", "Dong@Jie2027")


def test_an_idle_page_warns_and_stays_when_asked(live_server, transactional_world, settings):
    settings.SESSION_IDLE_SECONDS = 63  # the warning comes 60 s before the end: after ~3 s here
    with browser_page() as page:
        # An account without the second factor: the 3 s must not go on the code pages.
        log_in(page, live_server.url, "grid1", PASSWORD)
        warning = page.locator("#session-timeout-warning")
        assert warning.is_hidden()
        warning.wait_for(state="visible", timeout=10_000)
        assert "秒后将自动退出" in warning.inner_text()
        screenshot(page, "idle-warning")
        warning.locator("button").click()
        warning.wait_for(state="hidden", timeout=5_000)
        # Still logged in: the keep-alive renewed the session.
        page.goto(live_server.url + reverse("accounts:profile"))
        assert page.url.endswith(reverse("accounts:profile"))


def test_a_locked_account_s_login_page_says_until_when(live_server, transactional_world):
    with browser_page() as page:
        for _ in range(5):
            page.goto(live_server.url + reverse("accounts:login"))
            page.fill("#id_username", "grid1")
            page.fill("#id_password", "Wrong#pass1")
            page.click("main button[type=submit]")
        text = page.inner_text("main")
        assert "已暂时锁定" in text and "后再试" in text
        screenshot(page, "login-locked")
