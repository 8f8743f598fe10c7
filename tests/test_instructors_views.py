"""Pages, API and scoping of the instructor module by persona: an instructor sees only their
organizations, a committee only its own instructors; outside objects answer 404."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liangxin.instructors.models import (
    Evaluation,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    Visit,
    VisitPhoto,
)
from tests.instructors_helpers import PNG, instructor, visit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

LIST_PAGES = ["roster/", "assignments/", "plans/", "visits/", "reports/", "leaves/", "meetings/", "spot-checks/",
              "evaluations/", "trainings/", "evaluations/rollup/", ""]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def west(world):
    """Street 2's own instructor at org2, with a visit and a leave."""
    person = instructor(world.street2, "西指导", "区教育局", world.org2)
    return person, visit(person, world.org2, TODAY - datetime.timedelta(days=1), 120), Leave.objects.create(
        instructor=person, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=3), reason="事假")


def _photo_visit(world, media):
    v = visit(world.instructor, world.org1b, TODAY, 240)
    photo = VisitPhoto.objects.create(visit=v, image=SimpleUploadedFile("p.png", PNG), content_type="image/png", size=len(PNG))
    return v, photo


def test_it_opens_every_list_for_a_committee_and_refuses_roles_without_permission(world, login):
    street = login(world.street_user)
    for page in LIST_PAGES:
        assert street.get(f"/instructors/{page}").status_code == 200, page
    assert login(world.paired_user).get("/instructors/visits/").status_code == 403
    assert login(world.leader).get("/instructors/roster/").status_code == 403
    assert login(world.instructor_user).get("/instructors/meetings/add/").status_code == 403
    assert street.get("/instructors/xx/").status_code == 404


def test_it_shows_a_secretary_the_visits_to_its_own_organization_only(world, login):
    own = visit(world.instructor, world.org1, TODAY, 180)  # party_org1 (secretary1's) covers org1
    other = visit(world.instructor, world.org1b, TODAY, 120)
    secretary = login(world.secretary)
    page = secretary.get("/instructors/visits/").content.decode()
    assert f"/instructors/visits/{own.pk}/" in page and f"/instructors/visits/{other.pk}/" not in page
    assert secretary.get(f"/instructors/visits/{own.pk}/").status_code == 200
    assert secretary.get(f"/instructors/visits/{other.pk}/").status_code == 404
    assert secretary.get(f"/instructors/visits/{own.pk}/edit/").status_code == 403
    assert "工作日志" in secretary.get("/").content.decode()  # in the menu


def test_it_shows_the_instructor_their_workspace_as_home(world, login):
    visit(world.instructor, world.org1b, TODAY, 90)
    page = login(world.instructor_user).get("/").content.decode()
    assert "我联系的组织" in page and "东升物流有限公司" in page and "记录走访" in page
    assert "90 / 240 分钟" in page
    assert "年度工作计划未制定" in page  # a due item
    assert "西城科技" not in page
    # Other roles keep the ordinary home page.
    assert "我联系的组织" not in login(world.street_user).get("/").content.decode()


def test_it_scopes_visits_to_the_instructors_organizations(world, login, west):
    _, west_visit, _ = west
    own = visit(world.instructor, world.org1b, TODAY, 60)
    client = login(world.instructor_user)
    listing = client.get("/instructors/visits/").content.decode()
    assert "东升物流有限公司" in listing and "西城科技有限公司" not in listing
    assert client.get(f"/instructors/visits/{own.pk}/").status_code == 200
    assert client.get(f"/instructors/visits/{west_visit.pk}/").status_code == 404
    assert client.get(f"/instructors/visits/{west_visit.pk}/edit/").status_code == 404
    api = client.get("/api/instructor-visits/").json()
    assert [row["id"] for row in api["results"]] == [own.pk]


def test_it_shows_a_committee_only_its_own_instructors(world, login, west):
    west_person, west_visit, west_leave = west
    street1 = login(world.street_user)
    roster = street1.get("/instructors/roster/").content.decode()
    assert "王指导" in roster and "西指导" not in roster
    assert street1.get(f"/instructors/roster/{west_person.pk}/").status_code == 404
    assert street1.get(f"/instructors/visits/{west_visit.pk}/").status_code == 404
    assert street1.get(f"/instructors/leaves/{west_leave.pk}/").status_code == 404
    assert street1.get(f"/api/instructors/{west_person.pk}/").status_code == 404
    compliance = street1.get("/instructors/").content.decode()
    assert "王指导" in compliance and "西指导" not in compliance
    street2 = login(world.other_street_user)
    assert street2.get(f"/instructors/roster/{world.instructor.pk}/").status_code == 404
    assert "西指导" in street2.get("/instructors/").content.decode()


def test_it_keeps_an_instructors_personal_records_to_themselves(world, login):
    colleague = instructor(world.street1, "周指导", "区统计局", world.org1b)  # same organization
    theirs = Evaluation.objects.create(instructor=colleague, year=2025, half=2, qualitative_score=60, owner_score=60,
                                       employee_score=60, member_score=60, results_score=60)
    leave = Leave.objects.create(instructor=colleague, start_date=TODAY, end_date=TODAY, reason="事假")
    client = login(world.instructor_user)
    assert client.get(f"/instructors/evaluations/{theirs.pk}/").status_code == 404
    assert client.get(f"/instructors/leaves/{leave.pk}/").status_code == 404
    assert client.get("/api/instructor-evaluations/").json()["count"] == 0
    # The colleague's visits at the shared organization are part of its history; changing them is not.
    theirs_visit = visit(colleague, world.org1b, TODAY, 60)
    assert client.get(f"/instructors/visits/{theirs_visit.pk}/").status_code == 200
    assert client.get(f"/instructors/visits/{theirs_visit.pk}/edit/").status_code == 404


def test_it_records_a_visit_with_photos_and_validates_them(world, login, media):
    client = login(world.instructor_user)
    form = client.get("/instructors/visits/add/").content.decode()
    assert 'capture="environment"' in form and 'name="instructor"' not in form
    data = {"organization": world.org1b.pk, "date": TODAY.isoformat(), "arrived_at": "09:00", "left_at": "11:30",
            "activities": ["policy", "mass"], "problems": "工会未建", "follow_up": "下周协调总工会"}
    bad = client.post("/instructors/visits/add/", {**data, "photos": SimpleUploadedFile("x.png", b"<script>", "image/png")})
    assert "不是JPEG、PNG或WebP格式的照片" in bad.content.decode()
    assert not Visit.objects.exists()
    outside = client.post("/instructors/visits/add/", {**data, "organization": world.org2.pk})
    assert outside.status_code == 200 and not Visit.objects.exists()  # not one of their organizations
    response = client.post("/instructors/visits/add/", {**data, "photos": [
        SimpleUploadedFile("a.png", PNG, "image/png"), SimpleUploadedFile("b.jpg", PNG, "image/jpeg")]})
    assert response.status_code == 302 and response["Location"] == "/"
    saved = Visit.objects.get()
    assert saved.minutes == 150 and saved.activity_list == ["policy", "mass"] and saved.instructor == world.instructor
    photos = list(saved.photos.all())
    assert len(photos) == 2 and {p.content_type for p in photos} == {"image/png"}  # decided by the bytes
    assert all(str(media) in p.image.path and p.image.name.endswith(".png") for p in photos)


def test_it_refuses_a_photo_that_is_too_large(world, login, media, monkeypatch):
    from liangxin.instructors import forms

    monkeypatch.setattr(forms, "PHOTO_MAX_BYTES", len(PNG) - 1)
    data = {"organization": world.org1b.pk, "date": TODAY.isoformat(), "hours": "1",
            "photos": SimpleUploadedFile("a.png", PNG, "image/png")}
    response = login(world.instructor_user).post("/instructors/visits/add/", data)
    assert "请压缩后再上传" in response.content.decode() and not Visit.objects.exists()


def test_it_serves_photos_only_through_the_scoped_view(world, login, media, client):
    _, photo = _photo_visit(world, media)
    url = f"/instructors/photos/{photo.pk}/"
    own = login(world.instructor_user).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PNG
    assert own["Content-Type"] == "image/png" and own["X-Content-Type-Options"] == "nosniff"
    assert login(world.street_user).get(url).status_code == 200
    assert login(world.other_street_user).get(url).status_code == 404
    assert login(world.secretary).get(url).status_code == 404  # a visit to another party organization's company
    assert login(world.paired_user).get(url).status_code == 403
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.get(f"/media/{photo.image.name}").status_code == 404  # never public media


def test_it_lets_the_instructor_report_and_the_committee_accept(world, login):
    client = login(world.instructor_user)
    response = client.post("/instructors/reports/add/", {
        "organization": world.org1b.pk, "kind": "transfer", "event_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "report_date": TODAY.isoformat(), "description": "股权转让", "new_status": "",
    })
    assert response.status_code == 302
    report = MajorEventReport.objects.get()
    assert report.instructor == world.instructor and report.days_to_report == 2
    detail = login(world.street_user).get(f"/instructors/reports/{report.pk}/").content.decode()
    assert "majoreventreport_handle" not in detail and "/handle/" in detail  # the committee may accept it


def test_it_exports_the_compliance_sheet(world, login):
    visit(world.instructor, world.org1b, TODAY, 30)
    world.instructor.dispatching_unit = "=HYPERLINK(\"x\")"
    world.instructor.save()
    response = login(world.street_user).get("/instructors/?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("指导员", "派出单位", "联系组织数", "本周到企业（分钟）")
    assert rows[1][0] == "王指导" and rows[1][1].startswith("'=")  # formula neutralised
    assert len(rows) == 2


def test_it_shows_each_instructors_minutes_and_weeks_on_the_compliance_page(world, login):
    visit(world.instructor, world.org1b, TODAY, 30)
    page = login(world.street_user).get("/instructors/").content.decode()
    row = page[page.index("王指导"):]
    row = row[:row.index("</tr>")]
    assert "30/240" in row or "30/0（免）" in row  # this week's minutes against what the week requires
    assert re.search(r"\d+/\d+", row[row.index("30/"):].split("</td>", 1)[1])  # the quarter's weeks met / required


def test_it_sorts_the_compliance_table(world, login):
    instructor(world.street1, "阿指导", "区财政局", world.org1)
    client = login(world.street_user)
    ascending = client.get("/instructors/?sort=name").content.decode()
    descending = client.get("/instructors/?sort=-name").content.decode()
    assert ascending.index("王指导") < ascending.index("阿指导")  # by code point: 王 U+738B, 阿 U+963F
    assert descending.index("阿指导") < descending.index("王指导")


def test_it_draws_instructors_at_random_for_a_spot_check(world, login):
    for n in range(4):
        instructor(world.street1, f"抽{n}", "区财政局", world.org1)
    page = login(world.street_user).get("/instructors/spot-checks/draw/?count=2").content.decode()
    assert page.count("记录抽查") == 2
    assert "西" not in "".join(line for line in page.splitlines() if "记录抽查" in line)


def test_it_refuses_a_meeting_attended_by_another_committees_instructor(world, login, west):
    west_person = west[0]
    admin = login(world.admin)
    payload = {"region": world.street1.pk, "date": TODAY.isoformat(), "title": "第一季度例会"}
    refused = admin.post("/instructors/meetings/add/", {**payload, "instructors_present": [world.instructor.pk, west_person.pk]})
    assert refused.status_code == 200
    assert "西指导不由本党(工)委管理。" in refused.content.decode()
    api = admin.post("/api/instructor-meetings/", {**payload, "instructors_present": [west_person.pk]})
    assert api.status_code == 400 and api.json()["instructors_present"] == ["西指导不由本党(工)委管理。"]
    assert not QuarterlyMeeting.objects.exists()
    assert admin.post("/instructors/meetings/add/", {**payload, "instructors_present": [world.instructor.pk]}).status_code == 302
    assert list(QuarterlyMeeting.objects.get().instructors_present.all()) == [world.instructor]
