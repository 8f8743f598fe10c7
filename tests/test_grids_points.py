"""REP-3 (003 §三 二): leading cadres' contact points with their visits, and demonstration
points with a review date; shown on the organization and grid pages; by persona."""

import datetime

from django.utils import timezone

from liangxin.grids.models import ContactPoint, ContactVisit, DemonstrationPoint
from liangxin.rules.registry import get_rule

TODAY = timezone.localdate()  # the site's day, as the rules count it


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


def test_it_records_a_contact_point_on_an_organization_and_its_visits(world, login):
    client = login(world.street_user)
    response = client.post("/grids/contact-points/add/", {"leader_name": "王建国", "leader_position": "街道党工委书记",
                                                          "organization": world.org1.pk, "start_date": "2025-01-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    point = ContactPoint.objects.get()
    assert point.region == world.grid1  # the organization's grid, so the row has its region path
    assert flagged("REP-3")[point.pk] == "建立联系后没有走访记录"
    response = client.post("/grids/contact-visits/add/", {"contact_point": point.pk, "visited_on": TODAY.isoformat(),
                                                          "content": "调研党组织建设"})
    assert response.status_code == 302
    assert point.pk not in flagged("REP-3")
    ContactVisit.objects.update(visited_on=TODAY - datetime.timedelta(days=100))
    assert flagged("REP-3")[point.pk].startswith("最近一次走访为")
    org_page = client.get(f"/organizations/{world.org1.pk}/").content.decode()
    grid_page = client.get(f"/regions/{world.grid1.pk}/").content.decode()
    assert "街道党工委书记联系点" in org_page and "王建国" in org_page and "街道党工委书记联系点" in grid_page
    assert login(world.other_street_user).get(f"/grids/contact-points/{point.pk}/").status_code == 404
    assert "王建国" not in login(world.leader).get(f"/regions/{world.grid1.pk}/").content.decode()
    assert login(world.leader).get("/api/contact-points/").status_code == 403


def test_it_refuses_a_contact_point_with_neither_or_both_places(world, login):
    client = login(world.street_user)
    response = client.post("/grids/contact-points/add/", {"leader_name": "王建国", "leader_position": "书记", "start_date": "2025-01-01"})
    assert "请选择联系的组织，或在“网格/区域”中选择联系的网格。" in response.content.decode()
    response = client.post("/grids/contact-points/add/", {"leader_name": "王建国", "leader_position": "书记", "start_date": "2025-01-01",
                                                          "organization": world.org1.pk, "region": world.grid1b.pk})
    assert "联系的组织和网格只能填一项" in response.content.decode()
    response = client.post("/api/contact-points/", {"leader_name": "李立新", "leader_position": "街道办主任", "region": world.grid1b.pk,
                                                    "start_date": "2025-01-01"}, content_type="application/json")
    assert response.status_code == 201 and ContactPoint.objects.get().region == world.grid1b
    response = login(world.other_street_user).post("/api/contact-points/", {
        "leader_name": "x", "leader_position": "y", "organization": world.org1.pk}, content_type="application/json")
    assert response.status_code == 400


def test_it_designates_demonstration_points_and_flags_those_past_review(world, login):
    client = login(world.street_user)
    response = client.post("/grids/demonstration-points/add/", {
        "name": "东方电子党建工作示范点", "organization": world.org1.pk, "designated_on": "2024-06-01", "designated_by": "区委组织部",
        "reasons": "“双强六好”党组织", "review_due": (TODAY - datetime.timedelta(days=1)).isoformat(), "status": "active"})
    assert response.status_code == 302, response.content.decode()[:2000]
    point = DemonstrationPoint.objects.get()
    assert flagged("REP-3B")[point.pk].endswith("已过，尚未复核")
    assert "东方电子党建工作示范点" in client.get(f"/organizations/{world.org1.pk}/").content.decode()
    leader_page = login(world.leader).get(f"/regions/{world.grid1.pk}/").content.decode()
    assert "东方电子党建工作示范点" in leader_page  # names an organization, no person
    point.review_due, point.reviewed_on = TODAY + datetime.timedelta(days=365), TODAY
    point.save()
    assert point.pk not in flagged("REP-3B")
    response = client.post("/grids/demonstration-points/add/", {"name": "x", "organization": world.org1.pk, "designated_on": "2024-06-01",
                                                                "designated_by": "区", "reasons": "y", "review_due": "2024-01-01",
                                                                "status": "active"})
    assert "复核日期应晚于命名日期。" in response.content.decode()
    assert login(world.other_street_user).get(f"/api/demonstration-points/{point.pk}/").status_code == 404
