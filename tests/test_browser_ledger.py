"""A street clerk on a phone: logs in, finds an organization, adds one with a mistake, fixes it."""

import pytest

from liangxin.organizations.models import Organization
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_street_clerk_search_and_add_an_organization_on_a_phone(live_server, transactional_world):
    w = transactional_world
    with browser_page() as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        assert "东街道" in page.inner_text("main")
        screenshot(page, "home-street1-phone")

        page.goto(f"{live_server.url}/organizations/")
        page.fill("input[name=q]", "东方")
        page.wait_for_selector("text=东方电子有限公司")
        assert "西城科技" not in page.inner_text("#object-table")  # another street's organization
        screenshot(page, "organizations-street1-phone")

        page.goto(f"{live_server.url}/organizations/add/")
        page.fill("#id_name", "东湖新材料有限公司")
        page.fill("#id_credit_code", "91440399MA00000099")  # wrong check character
        page.select_option("#id_region", str(w.grid1.pk))
        page.fill("#id_employees", "35")
        page.click("main button[type=submit]")
        error = page.inner_text(".invalid-feedback")
        assert "统一社会信用代码" in error and "校验位" in error
        assert page.input_value("#id_name") == "东湖新材料有限公司"  # what the user typed is kept
        screenshot(page, "organization-add-error-phone")

        code = w.org1.credit_code[:-3] + "123"
        from stdnum.cn import uscc

        code = code[:17] + uscc.calc_check_digit(code[:17])
        page.fill("#id_credit_code", code)
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        created = Organization.objects.get(name="东湖新材料有限公司")
        assert created.region_id == w.grid1.pk and created.credit_code == code
        screenshot(page, "organization-detail-phone")
