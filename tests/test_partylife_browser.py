"""A secretary on a phone records a 党课: attendees ticked from the roster, an absentee's
reason, two photos; the record shows them, and the archive counts it (also at desktop width)."""

import pytest
from django.utils import timezone

from liangxin.members.models import Member
from liangxin.partylife.models import Activity, ActivityKind
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD, id_number
from tests.instructors_helpers import PNG

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_secretary_records_a_lecture_with_attendees_and_two_photos_on_a_phone(live_server, transactional_world, settings,
                                                                                 tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = transactional_world
    away = Member.objects.create(name="王芳", id_number=id_number("11010119910101002"), organization=w.org1,
                                 party_org=w.party_org1)
    lecture = ActivityKind.objects.get(code="lecture")
    with browser_page() as page:
        log_in(page, live_server.url, "secretary1", PASSWORD)
        page.goto(f"{live_server.url}/partylife/activities/add/")
        page.wait_for_selector("#roster")
        assert page.input_value("#id_party_org") == str(w.party_org1.pk)  # its own party organization, roster shown
        page.select_option("#id_kind", str(lecture.pk))
        assert page.input_value("#id_date") == timezone.localdate().isoformat()
        page.fill("#id_hours", "2")
        page.fill("#id_place", "党员活动室")
        page.fill("#id_topic", "书记讲党课：学习党章")
        page.fill("#id_minutes", "书记讲授党章第一章，党员交流学习体会。")
        page.check(f"#attendee-{w.member1.pk}")
        page.fill(f"input[name=reason_{away.pk}]", "出差")
        page.set_input_files("#id_photos", files=[
            {"name": "现场1.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "现场2.png", "mimeType": "image/png", "buffer": PNG},
        ])
        assert _fits(page)
        screenshot(page, "partylife-record-phone")
        page.click("#save-activity")
        page.wait_for_selector("text=已保存")
        page.wait_for_selector("#activity-photos img")
        assert page.eval_on_selector_all("#activity-photos img", "imgs => imgs.filter(i => i.complete && i.naturalWidth).length") == 2
        assert "出差" in page.inner_text("#activity-absent") and "张伟" in page.inner_text("#activity-present")
        assert _fits(page)
        screenshot(page, "partylife-activity-phone")

    activity = Activity.objects.get()
    assert activity.kind == lecture and activity.photos.count() == 2
    assert activity.attendance.filter(present=True).count() == 1 and activity.attendance.get(present=False).reason == "出差"

    with browser_page(viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, "secretary1", PASSWORD)
        page.goto(f"{live_server.url}/partylife/archive/")
        table = page.inner_text("#archive-table")
        assert "党课" in table and f"{timezone.localdate().year}年" in table
        assert _fits(page)
        screenshot(page, "partylife-archive-desktop")
