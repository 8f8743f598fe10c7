"""A paired unit on a phone records an action with a photo; the organization's Party leader
confirms it on a phone; the unit's points move."""

import datetime

import pytest
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.pairing.models import PointsRecord
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD
from tests.instructors_helpers import PNG

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_unit_record_with_a_photo_and_the_leader_confirm_on_phones(live_server, transactional_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = transactional_world
    leader = User(username="secretary2", role=Role.SECRETARY, party_org=w.party_org2, display_name="西城书记")
    leader.set_password(PASSWORD)
    leader.save()
    with browser_page() as page:
        log_in(page, live_server.url, "pairing1", PASSWORD)
        main = page.inner_text("main")
        assert "西城科技有限公司" in main and "本月到访" in main
        screenshot(page, "pairing-workspace-phone")
        page.click("#record-action")
        page.wait_for_selector("#id_pairing")
        assert page.input_value("#id_date") == timezone.localdate().isoformat()
        page.select_option("#id_kind", "visit")
        page.fill("#id_content", "走访企业，指导党支部换届准备")
        page.fill("#id_participants", "单位党支部书记等3人；企业党支部书记")
        page.fill("#id_results", "拟定换届工作方案")
        page.set_input_files("#id_photos", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
        screenshot(page, "pairing-record-form-phone")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        assert page.url == f"{live_server.url}/"
        assert "已记录，待确认" in page.inner_text("main")
        assert page.inner_text("#year-points") == "0"

    record = PointsRecord.objects.get()
    assert record.photos.count() == 1 and record.status == PointsRecord.Status.PENDING

    with browser_page() as page:
        log_in(page, live_server.url, "secretary2", PASSWORD)
        page.click("#pairing-todos a")
        page.click(f"a[href='/pairing/records/{record.pk}/']")
        page.wait_for_selector("#record-photos img")
        assert page.eval_on_selector("#record-photos img", "img => img.complete && img.naturalWidth") == 1
        screenshot(page, "pairing-confirm-phone")
        page.click("#confirm-record")
        page.wait_for_selector("text=已确认，计2分")
        screenshot(page, "pairing-confirmed-phone")

    record.refresh_from_db()
    assert record.status == PointsRecord.Status.CONFIRMED and record.points == 2
    assert record.reviewed_on == timezone.localdate() and record.date <= timezone.localdate() + datetime.timedelta(days=0)


def test_an_evaluator_answers_by_link_on_a_phone_once(live_server, transactional_world):
    """附件4 by link or QR code: no account, the phone's own browser, one answer."""
    from liangxin.pairing import evaluations
    from liangxin.pairing.models import Invitation, Pairing

    w = transactional_world
    evaluation, _ = evaluations.open_round(Pairing.objects.get(unit=w.unit), timezone.localdate().year, "mid_year", w.admin)
    invitation = evaluation.invitations.get(evaluator="employees")
    url = live_server.url + evaluations.link(invitation)
    with browser_page() as page:
        page.goto(url)
        assert "区司法局" in page.inner_text("main") and "员工代表" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.click("#submit-evaluation")  # nothing chosen: each item is named
        page.wait_for_selector(".invalid-feedback")
        assert "请为“每月到访、指导帮助”选择一项评价" in page.inner_text("main")
        for item in Invitation.ITEMS:
            page.check(f"input[name={item}][value='80']")
        page.fill("#id_comments", "希望多组织职工文体活动")
        screenshot(page, "pairing-evaluation-phone")
        page.click("#submit-evaluation")
        page.wait_for_selector("#evaluation-done")
        assert "提交成功" in page.inner_text("#evaluation-done")
        page.goto(url)
        assert "只能提交一次" in page.inner_text("#evaluation-done")
        assert page.locator("#evaluation-form").count() == 0
    invitation.refresh_from_db()
    assert invitation.score == 80 and invitation.comments == "希望多组织职工文体活动"


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_the_inspection_page_shows_the_drafted_bulletin_at_phone_and_desktop_width(live_server, transactional_world, viewport):
    from liangxin.pairing.models import Inspection, Pairing

    w = transactional_world
    year = timezone.localdate().year - 1
    pairing = Pairing.objects.get(unit=w.unit)
    PointsRecord.objects.create(pairing=pairing, kind="activity", date=datetime.date(year, 2, 20), content="联合开展主题党日活动",
                                participants="双方党员20人", results="交流经验", status=PointsRecord.Status.CONFIRMED, points=5)
    inspection = Inspection.objects.create(region=w.district, year=year, quarter=1, inspected_on=datetime.date(year, 4, 10),
                                           findings="查阅记录本，走访结对组织。")
    with browser_page(viewport=viewport) as page:
        log_in(page, live_server.url, "admin", PASSWORD)
        page.goto(f"{live_server.url}/pairing/inspections/{inspection.pk}/")
        assert "区司法局" in page.inner_text("#bulletin-points") and "5" in page.inner_text("#bulletin-points")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"pairing-inspection-{viewport['width']}")
        page.check("#mark-examples input[type=checkbox]")
        page.click("#save-examples")
        page.wait_for_selector("text=好的做法”标注")
        assert "联合开展主题党日活动" in page.inner_text("main")
