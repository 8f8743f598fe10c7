"""A street committee on a phone enters its annual inspection by tapping each organization's
result, then reads the street's annual report on the phone and at desktop width."""

import datetime

import pytest
from django.utils import timezone

from liangxin.inspections.models import InspectionRound, Result
from liangxin.organizations.models import Organization
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_street_enters_its_inspection_and_reads_its_report_on_a_phone(live_server, transactional_world):
    w = transactional_world
    year = timezone.localdate().year
    Organization.objects.filter(pk__in=[w.org1.pk, w.org1b.pk]).update(founded_on=datetime.date(2015, 3, 1))
    round_ = InspectionRound.objects.create(region=w.street1, year=year, department="东街道党工委")
    round_.add_organizations()
    first, second = round_.results.order_by("organization__name")
    today = timezone.localdate().isoformat()
    with browser_page() as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/inspections/rounds/{round_.pk}/")
        page.click("#entry-link")
        page.wait_for_selector("#entry-form")
        page.click(f"label[for=id_r{first.pk}-result_1]")  # 合格
        page.fill(f"#id_r{first.pk}-inspected_on", today)
        page.click(f"label[for=id_r{second.pk}-result_3]")  # 不合格, without its reason
        page.fill(f"#id_r{second.pk}-inspected_on", today)
        assert _fits(page)
        page.click("#entry-form button[type=submit]")
        page.wait_for_selector(f"#row-{second.pk}.border-danger")
        assert "请写明原因" in page.inner_text(f"#row-{second.pk}")
        screenshot(page, "inspection-entry-phone")
        page.fill(f"#id_r{second.pk}-remarks", "三会一课记录缺失，限期整改")
        page.click("#entry-form button[type=submit]")
        page.wait_for_selector("text=已保存2个组织的年检结果")
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.result, second.result) == (Result.PASSED, Result.FAILED)

        page.goto(f"{live_server.url}/reports/annual/?region={w.street1.pk}&year={year}")
        page.wait_for_selector("#table-inspection")
        assert "合格1个" in page.inner_text("#annual-narrative")
        assert _fits(page)
        screenshot(page, "annual-report-phone")
    with browser_page(viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, "leader1", PASSWORD)
        page.goto(f"{live_server.url}/reports/annual/?region={w.district.pk}&year={year}")
        page.wait_for_selector("#table-coverage")
        assert _fits(page)
        screenshot(page, "annual-report-desktop")
