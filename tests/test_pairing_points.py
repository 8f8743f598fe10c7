"""The points record by persona: the paired unit records, the organization's Party leader confirms
or returns (the street where there is no party organization), only confirmed records count, the
points table is policy data with caps and effective dates."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.audit.models import ChangeLog
from liangxin.pairing.models import PairedUnit, Pairing, PointsRecord
from liangxin.pairing.services import cadence, review, year_points
from liangxin.rules.models import ParameterOverride
from tests.instructors_helpers import PNG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def leader2(world):
    """The Party leader of 西城科技 (org2), the organization 区司法局 (world.unit) is paired with."""
    user = User(username="secretary2", role=Role.SECRETARY, party_org=world.party_org2, display_name="西城书记")
    user.set_password("x")
    user.save()
    return user


def _record(pairing, kind="visit", date=TODAY, status=PointsRecord.Status.PENDING, **kw):
    return PointsRecord.objects.create(pairing=pairing, kind=kind, date=date, content="指导完善三会一课制度",
                                       participants="单位党支部书记等3人", results="制度上墙", status=status, **kw)


def _pairing(world):
    return Pairing.objects.get(unit=world.unit, organization=world.org2)


def test_it_lets_the_unit_record_and_the_leader_confirm_and_the_points_move(world, login, leader2, media):
    unit = login(world.paired_user)
    home = unit.get("/").content.decode()
    assert "记录共建行动" in home and "西城科技有限公司" in home and "本月到访" in home
    form = unit.get("/pairing/records/add/").context["form"]
    assert list(form.fields["pairing"].queryset) == [_pairing(world)]
    response = unit.post("/pairing/records/add/", {
        "pairing": _pairing(world).pk, "date": TODAY.isoformat(), "kind": "visit", "content": "走访企业，指导党支部换届准备",
        "participants": "单位党支部书记等3人；企业党支部书记", "results": "拟定换届工作方案",
        "photos": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")]})
    assert response.status_code == 302 and response["Location"] == "/"
    record = PointsRecord.objects.get()
    assert record.status == PointsRecord.Status.PENDING and record.recorded_by == world.paired_user and record.photos.count() == 1
    assert year_points([world.unit], TODAY.year)[world.unit.pk].total == 0  # unconfirmed: does not count
    assert cadence(_pairing(world))[0].status == "pending"

    leader = login(leader2)
    assert "1条积分行动记录待您确认" in leader.get("/").content.decode()
    page = leader.get(f"/pairing/records/{record.pk}/").content.decode()
    assert "confirm-record" in page and "单位党支部书记等3人" in page
    photo = record.photos.get()
    assert leader.get(f"/pairing/photos/{photo.pk}/").status_code == 200
    response = leader.post(f"/pairing/records/{record.pk}/review/", {"decision": "confirm"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.points, record.reviewed_by) == (PointsRecord.Status.CONFIRMED, 2, leader2)
    assert ChangeLog.objects.for_object(record).filter(action=ChangeLog.Action.UPDATE).exists()
    assert year_points([world.unit], TODAY.year)[world.unit.pk].total == 2
    assert cadence(_pairing(world))[0].status == "confirmed"
    assert 'id="year-points">2<' in unit.get("/").content.decode()

    # Confirmed: the unit can neither change nor delete it any more.
    response = unit.post(f"/pairing/records/{record.pk}/edit/", {"pairing": _pairing(world).pk, "date": TODAY.isoformat(),
                                                                 "kind": "activity", "content": "x", "participants": "x", "results": "x"})
    assert response.status_code == 200 and "已确认，不能再修改" in response.content.decode()
    assert unit.get(f"/pairing/records/{record.pk}/delete/").status_code == 404


def test_it_does_not_count_a_returned_record_and_asks_for_a_reason(world, login, leader2):
    record = _record(_pairing(world))
    leader = login(leader2)
    leader.post(f"/pairing/records/{record.pk}/review/", {"decision": "return", "reason": ""})
    record.refresh_from_db()
    assert record.status == PointsRecord.Status.PENDING
    leader.post(f"/pairing/records/{record.pk}/review/", {"decision": "return", "reason": "参加人员未写明企业一方"})
    record.refresh_from_db()
    assert (record.status, record.points) == (PointsRecord.Status.RETURNED, 0)
    assert year_points([world.unit], TODAY.year)[world.unit.pk].total == 0

    unit = login(world.paired_user)
    assert "参加人员未写明企业一方" in unit.get("/").content.decode()
    edit = unit.get(f"/pairing/records/{record.pk}/edit/")
    assert "退回原因" in edit.content.decode()
    response = unit.post(f"/pairing/records/{record.pk}/edit/", {
        "pairing": _pairing(world).pk, "date": record.date.isoformat(), "kind": "visit", "content": record.content,
        "participants": "单位党支部书记等3人；企业党支部书记、工会主席", "results": record.results})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == PointsRecord.Status.PENDING


def test_it_lets_only_the_organizations_leader_or_else_the_street_confirm(world, login, leader2):
    record = _record(_pairing(world))
    assert login(world.secretary).post(f"/pairing/records/{record.pk}/review/", {"decision": "confirm"}).status_code == 404
    # The west street: 西城科技 has its own party organization, so the street does not confirm.
    assert login(world.other_street_user).post(f"/pairing/records/{record.pk}/review/", {"decision": "confirm"}).status_code == 403
    assert login(world.paired_user).post(f"/pairing/records/{record.pk}/review/", {"decision": "confirm"}).status_code == 403
    record.refresh_from_db()
    assert record.status == PointsRecord.Status.PENDING

    # 东升物流 has no party organization: its street confirms.
    unit = PairedUnit.objects.create(name="东街道公共服务办公室", level="street", region=world.street1)
    pairing = Pairing.objects.create(unit=unit, organization=world.org1b, start_date=datetime.date(2025, 1, 1))
    other = _record(pairing)
    street = login(world.street_user)
    assert "1条积分行动记录待您确认" in street.get("/").content.decode()
    assert street.post(f"/pairing/records/{other.pk}/review/", {"decision": "confirm"}).status_code == 302
    other.refresh_from_db()
    assert other.status == PointsRecord.Status.CONFIRMED


def test_it_keeps_a_unit_to_its_own_records(world, login):
    other_unit = PairedUnit.objects.create(name="区档案馆", region=world.district)
    other = Pairing.objects.create(unit=other_unit, organization=world.org1, start_date=datetime.date(2025, 1, 1))
    theirs = _record(other)
    unit = login(world.paired_user)
    assert unit.get(f"/pairing/records/{theirs.pk}/").status_code == 404
    response = unit.post("/pairing/records/add/", {"pairing": other.pk, "date": TODAY.isoformat(), "kind": "visit",
                                                   "content": "x", "participants": "x", "results": "x"})
    assert response.status_code == 200 and PointsRecord.objects.count() == 1
    # Every column of 附件2 is required, and what was typed stays.
    response = unit.post("/pairing/records/add/", {"pairing": _pairing(world).pk, "date": TODAY.isoformat(), "kind": "visit",
                                                   "content": "走访", "participants": "", "results": ""})
    assert response.status_code == 200 and "参加人员" in response.content.decode()
    assert response.context["form"]["content"].value() == "走访"


def test_it_caps_each_kind_and_reads_the_table_in_force_on_the_records_date(world):
    pairing = _pairing(world)
    start = datetime.date(TODAY.year, 1, 1)
    for day in range(14):
        _record(pairing, date=start + datetime.timedelta(days=day), status=PointsRecord.Status.CONFIRMED, points=2)
    row = year_points([world.unit], TODAY.year)[world.unit.pk]
    assert (row.total, row.counts["visit"], row.over_cap) == (24, 14, 2)

    ParameterOverride.objects.create(key="pairing_points_activity", region=world.district, value=8, effective_from=start,
                                     reason="本区积分表")
    record = _record(pairing, kind="activity", date=start)
    leader = User.objects.create(username="s2", role=Role.SECRETARY, party_org=world.party_org2)
    review(record, leader, confirm=True)
    assert record.points == 8


def test_it_serves_the_record_in_the_api_created_by_the_unit_and_reviewed_by_the_leader(world, login, leader2):
    unit = login(world.paired_user)
    response = unit.post("/api/points-records/", {"pairing": _pairing(world).pk, "date": TODAY.isoformat(), "kind": "activity",
                                                  "content": "联合开展主题党日", "participants": "双方党员20人",
                                                  "results": "新发展入党积极分子1名"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "pending"
    assert unit.post(f"/api/points-records/{pk}/review/", {"decision": "confirm"}, content_type="application/json").status_code == 403
    leader = login(leader2)
    response = leader.post(f"/api/points-records/{pk}/review/", {"decision": "return"}, content_type="application/json")
    assert response.status_code == 400 and "退回原因" in str(response.json())
    response = leader.post(f"/api/points-records/{pk}/review/", {"decision": "confirm"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["points"] == 5
    assert unit.patch(f"/api/points-records/{pk}/", {"content": "改"}, content_type="application/json").status_code == 400
    assert login(world.secretary).get(f"/api/points-records/{pk}/").status_code == 404
