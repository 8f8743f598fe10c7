"""The register of 结对共建 by persona: the district keeps its units, a street its own; a street
reads the district's units paired in its street; a paired unit sees its own pairings only;
every change is in the change log; outside objects answer 404."""

import datetime

import pytest

from liangxin.audit.models import ChangeLog
from liangxin.pairing.models import PairedUnit, Pairing
from tests.test_personas import form_payload

pytestmark = pytest.mark.django_db


def _unit_payload(world, **changes):
    data = {"name": "区审计局", "level": "district", "region": world.district.pk, "category": "organ",
            "rank": "deputy_division", "has_party_org": "on", "party_org_name": "中共区审计局支部委员会",
            "contact_name": "陈立", "notes": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_lets_the_administrator_keep_units_and_pairings_with_a_change_log(world, login):
    admin = login(world.admin)
    assert admin.get("/pairing/units/").status_code == 200
    response = admin.post("/pairing/units/add/", _unit_payload(world))
    assert response.status_code == 302, response.context["form"].errors
    unit = PairedUnit.objects.get(name="区审计局")
    assert ChangeLog.objects.for_object(unit).filter(action=ChangeLog.Action.CREATE).exists()

    start = datetime.date(2026, 1, 1)
    response = admin.post("/pairing/pairings/add/", {"unit": unit.pk, "organization": world.org1.pk,
                                                     "start_date": start.isoformat(), "unit_contact": "陈立",
                                                     "organization_contact": "刘书记"})
    assert response.status_code == 302, response.context["form"].errors
    pairing = Pairing.objects.get(unit=unit)
    assert ChangeLog.objects.for_object(pairing).exists()

    # The same pair twice in one period is refused, naming the field and the fix; what was typed stays.
    response = admin.post("/pairing/pairings/add/", {"unit": unit.pk, "organization": world.org1.pk,
                                                     "start_date": "2026-03-01", "unit_contact": "王五"})
    assert response.status_code == 200
    assert "已与这个组织结对" in response.content.decode()
    assert response.context["form"]["unit_contact"].value() == "王五"

    page = admin.get(f"/pairing/units/{unit.pk}/").content.decode()
    assert "东方电子有限公司" in page and "新增账号" in page and f"paired_unit={unit.pk}" in page


def test_it_checks_that_a_units_region_matches_its_level(world, login):
    admin = login(world.admin)
    response = admin.post("/pairing/units/add/", _unit_payload(world, level="street"))
    assert response.status_code == 200
    assert "街道单位的所属区域应为街道/乡镇/园区一级" in response.content.decode()
    response = admin.post("/pairing/units/add/", _unit_payload(world, region=""))
    assert "所属区域" in response.content.decode() and not PairedUnit.objects.filter(name="区审计局").exists()


def test_it_lets_a_street_keep_its_own_units_and_read_the_districts_paired_in_it(world, login):
    east, west = login(world.street_user), login(world.other_street_user)
    response = east.post("/pairing/units/add/", _unit_payload(world, name="东街道公共服务办公室", level="street",
                                                              region=world.street1.pk, rank="section"))
    assert response.status_code == 302, response.context["form"].errors
    own = PairedUnit.objects.get(name="东街道公共服务办公室")
    # Another street's region is not a choice for a street user.
    response = east.post("/pairing/units/add/", _unit_payload(world, name="西街道某单位", level="street", region=world.street2.pk))
    assert response.status_code == 200 and not PairedUnit.objects.filter(name="西街道某单位").exists()

    # The district's 区司法局 is paired with an organization of the west street.
    assert west.get(f"/pairing/units/{world.unit.pk}/").status_code == 200
    assert west.get(f"/pairing/units/{world.unit.pk}/edit/").status_code == 404
    assert east.get(f"/pairing/units/{world.unit.pk}/").status_code == 404
    assert west.get(f"/pairing/units/{own.pk}/").status_code == 404
    assert east.get(f"/pairing/units/{own.pk}/edit/").status_code == 200

    # A pairing in the street; one outside it is refused.
    response = east.post("/pairing/pairings/add/", {"unit": own.pk, "organization": world.org1.pk, "start_date": "2026-01-01"})
    assert response.status_code == 302, response.context["form"].errors
    response = east.post("/pairing/pairings/add/", {"unit": own.pk, "organization": world.org2.pk, "start_date": "2026-01-01"})
    assert response.status_code == 200 and not Pairing.objects.filter(unit=own, organization=world.org2).exists()
    pairing = Pairing.objects.get(unit=own)
    assert west.get(f"/pairing/pairings/{pairing.pk}/").status_code == 404


def test_it_shows_a_paired_unit_its_own_pairings_only(world, login):
    other = PairedUnit.objects.create(name="区档案馆", region=world.district)
    Pairing.objects.create(unit=other, organization=world.org1, start_date=datetime.date(2025, 1, 1))
    unit = login(world.paired_user)
    page = unit.get("/pairing/pairings/").content.decode()
    assert "西城科技有限公司" in page and "东方电子有限公司" not in page
    assert unit.get(f"/pairing/units/{world.unit.pk}/").status_code == 200
    assert unit.get(f"/pairing/units/{other.pk}/").status_code == 404
    assert unit.get("/pairing/units/add/").status_code == 403
    assert unit.get(f"/pairing/units/{world.unit.pk}/edit/").status_code == 403


def test_it_hides_contact_names_from_the_leader(world, login):
    world.unit.contact_name = "陈立"
    world.unit.save()
    page = login(world.leader).get("/pairing/units/").content.decode()
    assert "区司法局" in page and "陈立" not in page


def test_it_serves_units_and_pairings_in_the_api_scoped_like_the_pages(world, login):
    admin, east, west = login(world.admin), login(world.street_user), login(world.other_street_user)
    assert [u["name"] for u in admin.get("/api/paired-units/").json()["results"]] == ["区司法局"]
    assert west.get("/api/paired-units/").json()["count"] == 1
    assert east.get("/api/paired-units/").json()["count"] == 0
    assert east.get(f"/api/paired-units/{world.unit.pk}/").status_code == 404
    assert west.patch(f"/api/paired-units/{world.unit.pk}/", {"notes": "x"}, content_type="application/json").status_code == 404
    response = east.post("/api/paired-units/", {"name": "东街道综合行政执法队", "level": "street", "region": world.street1.pk,
                                                "category": "organ", "rank": "section"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    response = east.post("/api/paired-units/", {"name": "东街道另一单位", "level": "district", "region": world.street1.pk},
                         content_type="application/json")
    assert response.status_code == 400 and "区/县一级" in str(response.json())
    assert login(world.paired_user).get("/api/pairings/").json()["count"] == 1
    unit = PairedUnit.objects.get(name="东街道综合行政执法队")
    edit = login(world.admin).get(f"/pairing/units/{unit.pk}/edit/")
    assert form_payload(edit.context["form"])["region"] == str(world.street1.pk)
