"""A street user splits an oversized grid on the grid page, on a phone (GRID-1, GRID-2)."""

import datetime

import pytest

from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.parameters import GRID_MAX
from tests.browser import PHONE, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_street_split_an_oversized_grid_on_a_phone(live_server, transactional_world):
    w = transactional_world
    ParameterOverride.objects.create(key=GRID_MAX, region=w.district, value=3, reason="测试",
                                     effective_from=datetime.date(2020, 1, 1))
    for i in range(5):
        Organization.objects.create(name=f"深圳市东方红科技创新发展有限公司第{i}分公司", region=w.grid1,
                                    address=f"东区华南大道{i + 1}号", industry="C")
    with browser_page() as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/regions/{w.grid1.pk}/")
        page.get_by_role("link", name="拆分网格").click()
        page.get_by_label("按行业（同一行业的划在一起）").check()
        page.get_by_label("按地址（同一道路、门牌相邻的划在一起）").check()
        page.get_by_role("button", name="预览拆分方案").click()
        parts = page.locator("[data-part]")
        assert parts.count() == 2
        assert "企业 3 家 / 上限 3 家" in parts.nth(0).inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "grid-split-preview-phone")
        page.get_by_role("button", name="确认拆分").click()
        page.wait_for_url(f"{live_server.url}/regions/{w.grid1.pk}/")
        assert "拆分为2个网格" in page.locator(".alert").first.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "grid-split-done-phone")
    new = Region.objects.get(parent=w.community1, name="东一第3网格")
    assert Organization.objects.filter(region=new).count() == 3
    assert Organization.objects.filter(region=w.grid1).count() == 3


def test_it_fits_the_grid_pages_on_a_phone(live_server, transactional_world):
    """The street committee's other grid pages at 390x844: the grid, its tracking, merge and move,
    the officers' list and form; nothing wider than the phone, no console error."""
    w = transactional_world
    errors = []
    with browser_page() as page:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        log_in(page, live_server.url, "street1", PASSWORD)
        for path, name in ((f"/regions/{w.grid1.pk}/", "grid"), (f"/grids/{w.grid1.pk}/tracking/", "grid-tracking"),
                           (f"/grids/{w.grid1.pk}/merge/", "grid-merge"), (f"/grids/{w.grid1.pk}/move/", "grid-move"),
                           ("/grids/officers/", "officers"), ("/grids/officers/add/", "officer-add")):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            screenshot(page, f"{name}-phone")
    assert not errors, errors
