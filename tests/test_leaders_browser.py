"""The leaders' overview in a real browser (issue 17 item 5): the leader's home on a phone, and
the meeting room's wall screen at 1920x1080 (the ?screen=1 layout and the Fullscreen API), with
no script error under the Content-Security-Policy."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def test_it_fits_the_leaders_phone(live_server, transactional_world):
    call_command("snapshot")  # a year of months: the figures get their sparklines
    with browser_page() as page:
        errors = _errors(page)
        log_in(page, live_server.url, "leader1", PASSWORD)
        page.wait_for_load_state("networkidle")
        assert page.locator("#leaders-overview").count() == 1
        assert page.locator("#chart-children canvas").count() == 1
        assert page.locator(".leaders-spark canvas").count() >= 1
        # Nothing wider than the phone: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert "东街道" in page.inner_text("#children-table")
        screenshot(page, "leaders-phone")
        assert not errors, errors


def test_it_fills_a_meeting_rooms_wall_screen(live_server, transactional_world):
    call_command("snapshot")
    with browser_page(viewport={"width": 1920, "height": 1080}) as page:
        errors = _errors(page)
        log_in(page, live_server.url, "leader1", PASSWORD)
        page.click("#open-screen")
        page.wait_for_url(lambda url: "screen=1" in url)
        page.wait_for_load_state("networkidle")
        assert page.locator("#mainnav").count() == 0
        # The dark background and the large type of the screen layout.
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(15, 28, 46)"
        assert float(page.evaluate("getComputedStyle(document.querySelector('.leaders-value')).fontSize")[:-2]) >= 48
        screenshot(page, "leaders-screen-1920")
        # The key figures, the chart and the lists all on the one screen, without scrolling.
        assert page.locator("#instructors").bounding_box()["y"] + page.locator("#instructors").bounding_box()["height"] <= 1080
        assert page.evaluate("document.documentElement.scrollWidth") <= 1920
        # The Fullscreen API from the button (a user gesture), and back.
        page.click("#fullscreen-toggle")
        page.wait_for_function("document.fullscreenElement !== null")
        # The label follows the fullscreenchange event, which can come a tick after the element is set.
        page.wait_for_selector("#fullscreen-toggle:has-text('退出全屏')", timeout=5000)
        page.click("#fullscreen-toggle")
        page.wait_for_function("document.fullscreenElement === null")
        page.click("#leave-screen")
        page.wait_for_url(lambda url: "screen=1" not in url)
        assert page.url.startswith(live_server.url + reverse("reports:leaders"))
        assert not errors, errors
