"""A street user registers its 党群服务中心 and a subsidy on a phone (390 px) and a desktop
(1366 px): nothing wider than the screen, the total exact to the fen, no console error (GRID-6)."""

import pytest

from liangxin.grids.models import CentreSubsidy, ServiceCentre
from tests.browser import PHONE, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_it_registers_a_centre_and_its_subsidy(live_server, transactional_world, viewport):
    w = transactional_world
    errors = []
    with browser_page(viewport=viewport) as page:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/grids/centres/")
        page.get_by_role("link", name="新增").first.click()
        page.fill("#id_name", "东街道党群服务中心")
        page.get_by_label("所在场所").select_option(label="街道")
        page.click(".ts-wrapper:has(#id_region-ts-control) .ts-control")
        page.keyboard.type("东街道")
        page.locator(".ts-dropdown .option").filter(has_text="东街道").first.click()
        page.fill("#id_address", "东街道行政服务大楼3楼")
        page.get_by_label("面积（平方米）").fill("320.5")
        page.get_by_label("启用日期").fill("2016-06-20")
        page.get_by_label("开放时间").fill("周一至周六 9:00—18:00")
        page.locator("#id_grids").select_option([str(w.grid1.pk), str(w.grid1b.pk)])
        page.click("main button[type=submit]")
        centre = ServiceCentre.objects.get()
        page.wait_for_url(f"{live_server.url}/grids/centres/{centre.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.get_by_role("link", name="登记补助").click()
        page.get_by_label("年度").fill("2016")
        page.get_by_label("补助类型").select_option("county_pilot")
        page.get_by_label("金额（元）").fill("50000.05")
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/grids/centre-subsidies/" in url and "/add/" not in url)
        page.goto(f"{live_server.url}/grids/centres/{centre.pk}/")
        assert page.locator("#subsidy-total").inner_text() == "50,000.05"
        assert "东一社区东一第1网格" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"service-centre-{viewport['width']}")
    assert CentreSubsidy.objects.get().centre == centre
    assert not errors, errors
