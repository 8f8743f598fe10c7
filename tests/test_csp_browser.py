"""The key pages in a real browser under the Content-Security-Policy: no violation and no
script error in the console, and what the moved scripts do still happens (the coverage charts
draw and answer a hover, htmx filters a list, progress bars have their width, the error page's
back button and the phone's “更多筛选” work, Swagger UI renders)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


class Console:
    """Every console error and uncaught exception of a page (Chromium reports each refused
    inline script, handler, style or eval as a console error naming the Content Security Policy)."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def check(self, where: str) -> None:
        errors, self.errors = self.errors, []
        assert not errors, f"{where}: " + "\n".join(errors)


def visit(page, console: Console, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    console.check(url)


def test_key_pages_raise_no_csp_violation_or_script_error(live_server, transactional_world):
    call_command("snapshot")  # a month of figures, so the coverage page draws its trend chart too
    base = live_server.url
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        console = Console(page)
        log_in(page, base, "admin", PASSWORD)
        console.check("login")
        visit(page, console, base + reverse("dashboard:home"))

        # The coverage dashboard: both ECharts charts draw (a canvas each) and a hover shows a tooltip.
        visit(page, console, base + reverse("rules:coverage"))
        assert page.locator("#chart-children canvas").count() == 1 and page.locator("#chart-trend canvas").count() == 1
        box = page.locator("#chart-children").bounding_box()
        assert box["height"] == 360  # the height from app.css, no longer a style attribute
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)
        console.check("coverage chart hover")
        screenshot(page, "csp-coverage")

        visit(page, console, base + reverse("ledger:import"))
        visit(page, console, base + reverse("regions:region_list"))
        # htmx: a changed filter reloads the list in place.
        visit(page, console, base + reverse("organizations:organization_list"))
        search = page.locator("form.filter-form input[type=search]").first
        with page.expect_response(lambda r: "organizations" in r.url and r.request.headers.get("hx-request") == "true"):
            search.fill("东")
            search.press("Enter")  # the search runs on 查询 or Enter, not on every key
        page.wait_for_load_state("networkidle")
        console.check("htmx list filter")

        visit(page, console, base + reverse("accounts:token_list"))
        page.fill("#id_name", "浏览器测试")
        page.click("form.token-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#new-token input").input_value()
        console.check("token made")

        # Swagger UI renders its operations from the schema.
        visit(page, console, base + reverse("api-docs"))
        page.wait_for_selector(".opblock", timeout=20000)
        console.check("api docs")

        # An error page in the site's frame: its back button is a data attribute read by app.js.
        page.goto(base + reverse("dashboard:home"))
        page.goto(base + "/organizations/999999/")
        page.click("[data-history-back]")
        page.wait_for_url(base + reverse("dashboard:home"))
        errors = [e for e in console.errors if "404" not in e]  # the page itself answers 404
        assert not errors, errors
        console.errors.clear()


def test_the_instructor_s_phone_pages_raise_no_csp_violation(live_server, transactional_world):
    base = live_server.url
    with browser_page() as page:
        console = Console(page)
        log_in(page, base, "instructor1", PASSWORD)
        # The workspace's weekly progress bar takes its width from data-width.
        visit(page, console, base + reverse("instructors:workspace"))
        bar = page.locator("#week-progress .progress-bar")
        assert bar.evaluate("el => el.style.width").endswith("%")
        visit(page, console, base + reverse("instructors:visit_add"))
        screenshot(page, "csp-visit-form-phone")
        # The phone's “更多筛选” toggles the filter form's extra fields (was an onclick handler).
        visit(page, console, base + reverse("instructors:visit_list"))
        more = page.locator("[data-toggle-form-class]")
        if more.count():
            more.first.click()
            assert "show-more" in page.locator("form.filter-form").first.get_attribute("class")
        console.check("visit list")
