"""Party life by persona (issue 14, STD-5): the secretary records an activity from the roster
with photos and finds it in the archive and on the member's page; the street reads it, the
other street does not; the archive's zip holds a folder per year and kind and an index that
matches the records; an administrator extends the classification."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.members.models import Member
from liangxin.partylife.archive import ROOT
from liangxin.partylife.models import Activity, ActivityKind, ActivityPhoto, Attendance
from tests.conftest import id_number
from tests.instructors_helpers import PNG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def kind(code):
    return ActivityKind.objects.get(code=code)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def roster(world):
    """party_org1 holds member1 and a second member."""
    second = Member.objects.create(name="王芳", id_number=id_number("11010119910101002"), organization=world.org1,
                                   party_org=world.party_org1)
    return world.member1, second


def activity(party_org, code, date, *, present=(), absent=(), photos=0, hours="1.5", topic="学习"):
    item = Activity.objects.create(party_org=party_org, kind=kind(code), date=date, place="党员活动室",
                                   hours=Decimal(hours), topic=topic, minutes="纪要")
    for member in present:
        Attendance.objects.create(activity=item, member=member, present=True)
    for member in absent:
        Attendance.objects.create(activity=item, member=member, present=False, reason="出差")
    for _ in range(photos):
        photo = ActivityPhoto(activity=item, content_type="image/png", size=len(PNG))
        photo.image.save("photo.png", SimpleUploadedFile("p.png", PNG), save=True)
    return item


def test_it_lets_a_secretary_record_a_lecture_from_the_roster_with_photos(world, login, roster, media):
    present, away = roster
    client = login(world.secretary)
    page = client.get(reverse("partylife:activity_add"))
    assert page.status_code == 200
    assert f'value="{present.pk}"' in page.content.decode() and "王芳" in page.content.decode()  # its own roster at once
    photos = [SimpleUploadedFile(f"{n}.png", PNG, content_type="image/png") for n in "ab"]
    response = client.post(reverse("partylife:activity_add"), {
        "party_org": world.party_org1.pk, "kind": kind("lecture").pk, "date": TODAY.isoformat(), "hours": "2",
        "place": "党员活动室", "topic": "学习党章", "host": "张伟", "minutes": "书记讲党课",
        "attendees": [present.pk], f"reason_{away.pk}": "出差", "photos": photos,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Activity.objects.get(topic="学习党章")
    assert item.recorded_by == world.secretary
    assert {(a.member_id, a.present, a.reason) for a in item.attendance.all()} == {(present.pk, True, ""), (away.pk, False, "出差")}
    assert item.photos.count() == 2 and item.photos.first().content_type == "image/png"
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "王芳</a>：出差" in detail and reverse("partylife:activityphoto_file", args=[item.photos.first().pk]) in detail
    archive = client.get(reverse("partylife:archive")).content.decode()
    assert f"{TODAY.year}年" in archive and f"year={TODAY.year}&amp;kind={kind('lecture').pk}" in archive
    listed = client.get(reverse("partylife:activity_list"), {"year": TODAY.year, "kind": kind("lecture").pk}).content.decode()
    assert "学习党章" in listed
    member_page = client.get(present.get_absolute_url()).content.decode()
    assert "参加的组织生活" in member_page and "学习党章" in member_page
    assert "学习党章" not in client.get(away.get_absolute_url()).content.decode()  # absent: not attended


def test_the_form_keeps_what_was_typed_and_names_the_missing_fields(world, login, roster):
    client = login(world.secretary)
    response = client.post(reverse("partylife:activity_add"), {
        "party_org": world.party_org1.pk, "kind": kind("lecture").pk, "date": (TODAY + datetime.timedelta(days=2)).isoformat(),
        "hours": "2", "place": "", "topic": "学习党章", "minutes": "纪要",
    })
    text = response.content.decode()
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "日期不能晚于今天" in text and "请在名册中勾选出席的党员" in text and 'value="学习党章"' in text
    # A member of another party organization is not on the roster: not a valid choice.
    response = client.post(reverse("partylife:activity_add"), {
        "party_org": world.party_org1.pk, "kind": kind("lecture").pk, "date": TODAY.isoformat(), "hours": "2",
        "place": "室", "topic": "学习", "minutes": "纪要", "attendees": [world.member2.pk],
    })
    assert response.status_code == 200 and not Activity.objects.exists()


def test_others_load_the_roster_of_the_party_organization_they_pick(world, login, roster):
    client = login(world.admin)
    first = client.get(reverse("partylife:activity_add")).content.decode()
    assert "请先选择党组织" in first
    loaded = client.post(reverse("partylife:activity_add"), {"party_org": world.party_org1.pk, "topic": "主题", "_load": "1"})
    text = loaded.content.decode()
    assert loaded.status_code == 200 and "王芳" in text and 'value="主题"' in text and not Activity.objects.exists()


def test_the_archive_is_scoped_by_street_and_closed_to_roles_without_it(world, login, roster):
    item = activity(world.party_org1, "general_meeting", TODAY, present=roster)
    other = activity(world.party_org2, "general_meeting", TODAY, present=[world.member2])
    street = login(world.street_user)
    assert street.get(item.get_absolute_url()).status_code == 200
    assert street.get(other.get_absolute_url()).status_code == 404
    assert street.get(reverse("partylife:activity_add")).status_code == 403  # the secretary records
    assert login(world.other_street_user).get(item.get_absolute_url()).status_code == 404
    assert login(world.leader).get(reverse("partylife:archive")).status_code == 403
    assert login(world.secretary).get(other.get_absolute_url()).status_code == 404
    api = login(world.street_user).get("/api/activities/").json()
    assert [row["id"] for row in api["results"]] == [item.pk]


def test_the_archive_zip_holds_a_folder_per_year_and_kind_and_an_index_matching_the_records(world, login, roster, media):
    last_year = datetime.date(TODAY.year - 1, 6, 15)
    records = [
        activity(world.party_org1, "lecture", last_year, present=roster[:1], absent=roster[1:], photos=2, topic="党课：党史"),
        activity(world.party_org1, "general_meeting", TODAY, present=roster, photos=1, topic="党员大会"),
        activity(world.party_org1, "policy_study", TODAY, present=roster, topic="学习/民法典?"),
    ]
    activity(world.party_org2, "lecture", TODAY, present=[world.member2], topic="别的街道")
    client = login(world.secretary)
    response = client.get(reverse("partylife:archive_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    folders = {name.rsplit("/", 1)[0] for name in names if name.endswith("记录.txt")}
    assert len(folders) == 3
    assert {f.split("/")[1:3] and "/".join(f.split("/")[1:3]) for f in folders} == {
        f"{TODAY.year - 1}年/党课", f"{TODAY.year}年/支部党员大会", f"{TODAY.year}年/政策法规学习"}
    photos = [name for name in names if "/照片" in name]
    assert len(photos) == 3 and archive.read(photos[0]) == PNG
    lecture = next(f for f in folders if "党课" in f)
    text = archive.read(f"{lecture}/记录.txt").decode()
    assert "缺席（1人）：王芳（出差）" in text and "出席（1人）：张伟" in text
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read(f"{ROOT}/索引.xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("年度", "活动类别", "日期", "党组织", "主题")
    index = {row[4]: row for row in rows[1:]}
    assert set(index) == {r.topic for r in records}
    assert index["党课：党史"][7:10] == (1, 1, 2)  # present, absent, photos
    assert {f"{ROOT}/{row[10]}" for row in rows[1:]} == folders
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT, detail="导出组织生活档案3条").exists()
    # Filtered by year and kind, the zip holds just that.
    only = client.get(reverse("partylife:archive_export"), {"year": TODAY.year - 1})
    names = zipfile.ZipFile(io.BytesIO(b"".join(only.streaming_content))).namelist()
    assert sum(name.endswith("记录.txt") for name in names) == 1


def test_an_administrator_extends_the_classification(world, login):
    admin = login(world.admin)
    response = admin.post(reverse("partylife:activitykind_add"), {"name": "志愿服务", "order": 200, "active": "on"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = ActivityKind.objects.get(name="志愿服务")
    assert new.code == "" and new.region is None
    form = login(world.secretary).get(reverse("partylife:activity_add")).content.decode()
    assert "志愿服务" in form
    assert login(world.street_user).get(reverse("partylife:activitykind_add")).status_code == 403
    assert login(world.secretary).get(reverse("partylife:activitykind_edit", args=[new.pk])).status_code == 403
