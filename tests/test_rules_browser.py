"""A street official reads a rule's flagged items on a phone: each item, its region, why it is
flagged and the parameter in force fit the screen (no sideways scrolling, no column squeezed
to one character a line)."""

import datetime

import pytest
from django.urls import reverse

from liangxin.rules.models import ParameterOverride
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
        # The grid is named with its community; the parameters in force are shown once at the
        # top of the page, not on every row (issue 12, item 14).
        assert "测试社区东第1网格" in text and "正式党员1名" in text and "单独组建的正式党员数" not in text
        assert "单独组建的正式党员数：3名" in page.locator(".card", has_text="适用参数").first.inner_text()
        assert row.bounding_box()["height"] < 200
        # A grid with its own value: its rows carry it, with where it comes from.
        ParameterOverride.objects.create(key="standalone_min_members", region=grid, value=5, reason="本网格文件",
                                         effective_from=datetime.date(2020, 1, 1))
        page.reload()
        text = page.locator("table tbody tr").filter(has_text="第0分公司").inner_text()
        assert "单独组建的正式党员数：5名" in text and "第1网格设定" in text
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("username", ["street1", "admin"])
def test_it_shows_a_years_trend_and_a_figures_table_that_fit_a_phone(live_server, transactional_world, username):
    from django.core.management import call_command

    grid = region(region(transactional_world.street1, "趋势社区"), "第1网格")
    today = datetime.date.today()
    for i in range(4):  # founded over the last months: the trend has something to show
        org(grid, f"趋势测试有限公司{i}", founded_on=today - datetime.timedelta(days=70 * i + 10), reported_formal_members=i)
    call_command("snapshot")  # the first run reconstructs the year
    errors: list[str] = []
    with browser_page() as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        log_in(page, live_server.url, username, PASSWORD)
        page.goto(live_server.url + reverse("rules:coverage"))
        page.wait_for_function("window.echarts && echarts.getInstanceByDom(document.getElementById('chart-trend'))")
        screenshot(page, f"coverage-phone-{username}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        points = page.evaluate("echarts.getInstanceByDom(document.getElementById('chart-trend')).getOption().xAxis[0].data")
        assert len(points) == 12 and points[-1] == today.strftime("%Y-%m")
        # Every figure of the COV-2 table, 党员 and 党组织 included, is on the screen with its label.
        cells = page.locator("#overview-table td")
        assert cells.count() == 12
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cells.nth(i).inner_text()
        labels = page.evaluate("""[...document.querySelectorAll('#overview-table tbody tr:first-child td')]
            .map((td) => getComputedStyle(td, '::before').content)""")
        assert labels == ['"组织（家）"', '"从业人员（人）"', '"党员（组织台账数）（名）"', '"党组织（个）"']
    assert not errors
