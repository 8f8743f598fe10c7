"""GRID-6 (002 二(三), 四 2): service centres and their subsidies, by persona; the subsidy sums
exact to the fen; parks and streets without a centre and park centres short of the city's
subsidy flagged."""

import datetime
from decimal import Decimal

from django.utils import timezone

from liangxin.grids.models import CentreSubsidy, ServiceCentre
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule

TODAY = timezone.localdate()  # the site's day, as the rules count it


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


def centre(region, **kw):
    values = {"name": f"{region.name}党群服务中心", "location": ServiceCentre.Location.STREET, "address": "中心路1号",
              "opened_on": datetime.date(2016, 3, 1)}
    values.update(kw)
    return ServiceCentre.objects.create(region=region, **values)


def test_it_lets_a_street_register_its_centre_serving_its_grids(world, login):
    client = login(world.street_user)
    data = {"name": "东街道党群服务中心", "kind": "centre", "location": "street", "region": world.street1.pk,
            "address": "东街道行政服务大楼3楼", "area": "320.5", "opened_on": "2016-06-20", "opening_hours": "周一至周六 9:00—18:00",
            "grids": [world.grid1.pk, world.grid1b.pk], "services": "党员教育；流动党员接纳"}
    response = client.post("/grids/centres/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = ServiceCentre.objects.get()
    assert made.area == Decimal("320.5") and set(made.grids.all()) == {world.grid1, world.grid1b}
    page = client.get(f"/grids/centres/{made.pk}/").content.decode()
    assert "东一社区东一第1网格" in page and "周一至周六" in page
    assert "东街道党群服务中心" in client.get(f"/regions/{world.grid1.pk}/").content.decode()
    # Another street's grid, and another street's region: refused, the form keeps the input.
    response = client.post("/grids/centres/add/", {**data, "name": "越界中心", "grids": [world.grid2.pk]})
    assert response.status_code == 200 and "服务网格：请只选择您管辖范围内在用的网格。" in response.content.decode()
    assert "东街道行政服务大楼3楼" in response.content.decode()
    assert login(world.other_street_user).get(f"/grids/centres/{made.pk}/").status_code == 404
    assert login(world.leader).get(f"/grids/centres/{made.pk}/").status_code == 200
    assert login(world.leader).get("/grids/centres/add/").status_code == 403


def test_it_keeps_the_grids_served_inside_the_centres_area(world, login):
    made = centre(world.community1, location=ServiceCentre.Location.COMMUNITY)
    response = login(world.admin).patch(f"/api/service-centres/{made.pk}/", {"grids": [world.grid2.pk]}, content_type="application/json")
    assert response.status_code == 400 and "不在“东一社区”范围内" in response.content.decode()
    response = login(world.street_user).post("/api/service-centres/", {
        "name": "网格中心", "location": "community", "region": world.grid1.pk, "address": "x"}, content_type="application/json")
    assert response.status_code == 400 and "网格请在“服务网格”中勾选" in response.content.decode()


def test_it_sums_subsidies_exactly_to_the_fen(world, login):
    park = centre(world.street1, location=ServiceCentre.Location.PARK)
    client = login(world.street_user)
    for amount in ("33333.33", "33333.33"):
        response = client.post("/grids/centre-subsidies/add/", {"centre": park.pk, "year": 2016, "kind": "park_centre",
                                                                "amount": amount, "granted_by": "市非公党工委"})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert flagged("GRID-6B")[park.pk] == "市级资金补助累计66666.66元，低于100000元"
    response = client.post("/api/centre-subsidies/", {"centre": park.pk, "year": 2017, "kind": "park_centre", "amount": "33333.34",
                                                      "granted_by": "市非公党工委"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "33333.34"
    page = client.get(f"/grids/centres/{park.pk}/")
    assert page.context["subsidy_total"] == Decimal("100000.00")
    assert "100,000.00" in page.content.decode()
    assert park.pk not in flagged("GRID-6B")
    response = client.post("/grids/centre-subsidies/add/", {"centre": park.pk, "year": 2018, "kind": "other", "amount": "1.005",
                                                            "granted_by": "区"})
    assert "金额：最多两位小数（精确到分）。" in response.content.decode()
    assert login(world.other_street_user).post("/api/centre-subsidies/", {
        "centre": park.pk, "year": 2018, "kind": "other", "amount": "5.00"}, content_type="application/json").status_code == 400
    assert CentreSubsidy.objects.count() == 3


def test_it_flags_parks_and_streets_without_a_centre_in_use(world):
    Region.objects.filter(pk=world.street1.pk).update(street_kind=Region.StreetKind.PARK)
    findings = flagged("GRID-6")
    assert findings[world.street1.pk] == "园区未建成启用党群服务中心（期限2016-04-30）"
    assert findings[world.street2.pk] == "未建成启用党群服务中心或党员活动和服务阵地"
    assert world.community1.pk not in findings and world.district.pk not in findings
    # A venue in a community does for a street, not for a park; a park's centre in building does not count.
    centre(world.community2, kind=ServiceCentre.Kind.VENUE, location=ServiceCentre.Location.COMMUNITY)
    building = centre(world.street1, location=ServiceCentre.Location.PARK, opened_on=None)
    findings = flagged("GRID-6")
    assert world.street2.pk not in findings and world.street1.pk in findings
    building.opened_on = TODAY
    building.save()
    assert world.street1.pk not in flagged("GRID-6", world.street_user)
    # A park whose deadline (a district parameter) is still ahead is not yet flagged.
    building.closed_on = TODAY
    building.save()
    ParameterOverride.objects.create(key="grid_park_centre_deadline", region=world.street1,
                                     value=int((TODAY + datetime.timedelta(days=60)).strftime("%Y%m%d")), reason="本园区进度",
                                     effective_from=datetime.date(2020, 1, 1))
    assert world.street1.pk not in flagged("GRID-6")


def test_it_refuses_to_delete_a_region_with_a_centre(world, login):
    grid = Region.objects.create(code="440399001001009", name="东一第9网格", level=Region.Level.COMMUNITY, parent=world.street1)
    centre(grid, location=ServiceCentre.Location.COMMUNITY)
    response = login(world.street_user).post(f"/regions/{grid.pk}/delete/", follow=True)
    assert "仍被其他记录引用" in response.content.decode() and Region.objects.filter(pk=grid.pk).exists()
