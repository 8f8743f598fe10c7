"""In a real browser set to English (en-US): the error pages, a form's messages and a code
pasted into the organization form on a phone are all Chinese and right."""

import pytest

from liangxin.organizations.models import Organization
from tests.browser import PHONE, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PASTED_CODE = " 91440300MA5F00001A "  # as copied from a licence scan or a chat, spaces included


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_it_shows_chinese_error_pages_to_an_english_browser(live_server, transactional_world, viewport, size):
    with browser_page(viewport, locale="en-US") as page:
        assert page.evaluate("navigator.language") == "en-US"
        response = page.goto(f"{live_server.url}/no-such-page/")
        assert response.status == 404
        assert "页面不存在" in page.inner_text("main") and "登录" in page.inner_text("main")
        screenshot(page, f"error-404-anonymous-{size}")

        log_in(page, live_server.url, "leader1", PASSWORD)
        response = page.goto(f"{live_server.url}/organizations/999999/")
        assert response.status == 404
        assert "页面不存在" in page.inner_text("main")
        assert page.locator("nav.navbar").count() == 1  # inside the site's frame
        screenshot(page, f"error-404-{size}")

        response = page.goto(f"{live_server.url}/audit/")  # the change log: not a leader's
        assert response.status == 403
        text = page.inner_text("main")
        assert "没有权限" in text and "Forbidden" not in text
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"error-403-{size}")
        page.click("text=返回首页")
        page.wait_for_url(f"{live_server.url}/")


def test_it_tells_an_english_browser_a_required_field_in_chinese(live_server, transactional_world):
    with browser_page(DESKTOP, locale="en-US") as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/organizations/add/")
        page.click("main button[type=submit]")
        errors = page.inner_text("main")
        assert "组织名称：该字段是必填项。" in errors
        assert "This field is required" not in errors
        screenshot(page, "form-required-en-us")


def test_it_saves_a_credit_code_pasted_with_spaces_on_a_phone(live_server, transactional_world):
    w = transactional_world
    with browser_page(PHONE, locale="en-US") as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/organizations/add/")
        page.fill("#id_name", "粘贴代码科技有限公司")
        page.select_option("#id_region", str(w.grid1.pk))
        page.evaluate("code => navigator.clipboard.writeText(code)", PASTED_CODE)
        page.focus("#id_credit_code")
        page.keyboard.press("Control+V")
        assert page.input_value("#id_credit_code") == PASTED_CODE  # nothing cut off
        screenshot(page, "organization-add-pasted-code-phone")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        assert Organization.objects.get(name="粘贴代码科技有限公司").credit_code == PASTED_CODE.strip()
