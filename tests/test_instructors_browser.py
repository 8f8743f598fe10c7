"""An instructor on a phone, in the enterprise: logs in, records a visit with a photo, sees the
week's progress; the photo is served to permitted users only."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from liangxin.instructors.models import Visit
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD
from tests.identity import force_login_verified
from tests.instructors_helpers import PNG

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_an_instructor_record_a_visit_with_a_photo_on_a_phone(live_server, transactional_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = transactional_world
    with browser_page() as page:
        log_in(page, live_server.url, "instructor1", PASSWORD)
        main = page.inner_text("main")
        assert "我联系的组织" in main and "东升物流有限公司" in main and "0 / 240 分钟" in main
        screenshot(page, "instructor-workspace-phone")

        page.click("#record-visit")
        page.wait_for_selector("#id_organization")
        assert page.input_value("#id_organization") == str(w.org1b.pk)  # their only organization, preselected
        assert page.input_value("#id_date") == timezone.localdate().isoformat()
        page.fill("#id_arrived_at", "09:00")
        page.fill("#id_left_at", "13:00")
        page.check("input[name=activities][value=policy]")
        page.check("input[name=activities][value=activists]")
        page.fill("#id_problems", "尚未建立工会")
        page.fill("#id_follow_up", "协调街道总工会指导组建")
        page.set_input_files("#id_photos", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
        screenshot(page, "instructor-visit-form-phone")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        assert page.url == f"{live_server.url}/"
        assert "240 / 240 分钟" in page.inner_text("#week-progress")
        screenshot(page, "instructor-workspace-after-visit-phone")

        visit = Visit.objects.get()
        assert (visit.organization_id, visit.minutes, visit.activity_list) == (w.org1b.pk, 240, ["policy", "activists"])
        assert visit.date == timezone.localdate() and visit.instructor_id == w.instructor.pk
        photo = visit.photos.get()
        photo_url = f"{live_server.url}/instructors/photos/{photo.pk}/"

        page.goto(f"{live_server.url}/instructors/visits/{visit.pk}/")
        page.wait_for_selector("#visit-photos img")
        loaded = page.eval_on_selector("#visit-photos img", "img => img.complete && img.naturalWidth")
        assert loaded == 1  # the 1×1 PNG, rendered by the browser from the scoped view
        response = page.request.get(photo_url)
        assert response.status == 200 and response.body() == PNG
        screenshot(page, "instructor-visit-detail-phone")

    anonymous = Client().get(f"/instructors/photos/{photo.pk}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    other_street = Client()
    force_login_verified(other_street, w.other_street_user)
    assert other_street.get(f"/instructors/photos/{photo.pk}/").status_code == 404
    own_street = Client()
    force_login_verified(own_street, w.street_user)
    assert own_street.get(f"/instructors/photos/{photo.pk}/").status_code == 200
    assert visit.date <= timezone.localdate() < visit.date + datetime.timedelta(days=1)
