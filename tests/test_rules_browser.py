"""A street official reads a rule's flagged items on a phone: each item, its region, why it is
flagged and the parameter in force fit the screen (no sideways scrolling, no column squeezed
to one character a line)."""

import pytest
from django.urls import reverse

from tests.browser import PHONE, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD
from tests.rules_helpers import org, region

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_fits_a_rules_flagged_items_on_a_phone(live_server, transactional_world):
    grid = region(region(transactional_world.street1, "测试社区东"), "第1网格")
    for i in range(3):
        org(grid, f"深圳市东方红科技创新发展有限公司第{i}分公司", reported_formal_members=1)
    with browser_page() as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(live_server.url + reverse("rules:rule_detail", args=["ORG-2"]))
        screenshot(page, "rule-drilldown-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        row = page.locator("table tbody tr").filter(has_text="第0分公司")
        text = row.inner_text()
        # The grid is named with its community; the finding carries the parameter that flagged it.
        assert "测试社区东第1网格" in text and "正式党员1名" in text and "单独组建的正式党员数：3名" in text
        assert row.bounding_box()["height"] < 200
