"""The grids' API (officers, tracking records, promising employees, grid changes), scoped like
the pages: street1 reads and writes its own, street2 gets 404, a leader 403 where it has no
permission, personal fields masked as core/personal.py declares."""


from django.utils import timezone

from liangxin.grids.models import GridChange, Officer, PromisingEmployee, TrackingRecord

TODAY = timezone.localdate().isoformat()


def test_it_creates_an_officer_and_reads_the_phone_masked(world, login):
    client = login(world.street_user)
    response = client.post("/api/grid-officers/", {"region": world.community1.pk, "duty": "leader", "name": "陈静",
                                                   "phone": "139 1234 5678", "start_date": "2026-01-05"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    officer = Officer.objects.get(name="陈静")
    assert officer.phone == "13912345678"
    body = client.get(f"/api/grid-officers/{officer.pk}/").json()
    assert body["phone_masked"] == "139****5678" and "phone" not in body and body["name"] == "陈静"
    assert "13912345678" not in client.get("/api/grid-officers/").content.decode()
    assert login(world.other_street_user).get(f"/api/grid-officers/{officer.pk}/").status_code == 404
    assert login(world.leader).get("/api/grid-officers/").status_code == 403


def test_it_refuses_an_officer_for_a_grid_or_another_street(world, login):
    client = login(world.street_user)
    response = client.post("/api/grid-officers/", {"region": world.grid1.pk, "duty": "staff", "name": "陈静", "start_date": TODAY},
                           content_type="application/json")
    assert response.status_code == 400 and "网格不设分管领导" in response.content.decode()
    response = client.post("/api/grid-officers/", {"region": world.street2.pk, "duty": "staff", "name": "陈静", "start_date": TODAY},
                           content_type="application/json")
    assert response.status_code == 400 and not Officer.objects.exists()
    response = client.post("/api/grid-officers/", {"region": world.community1.pk, "duty": "staff", "name": "陈静",
                                                   "phone": "12345", "start_date": TODAY}, content_type="application/json")
    assert response.status_code == 400 and "phone" in response.json()


def test_it_records_tracking_with_its_author_inside_the_grid(world, login):
    client = login(world.grid_user)
    response = client.post("/api/grid-tracking-records/", {"region": world.grid1.pk, "recorded_on": TODAY, "content": "走访3家企业"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    record = TrackingRecord.objects.get()
    assert record.recorded_by == world.grid_user and response.json()["recorded_by"] == world.grid_user.pk
    other = TrackingRecord.objects.create(region=world.grid2, content="西街道记录")
    assert {row["id"] for row in client.get("/api/grid-tracking-records/").json()["results"]} == {record.pk}
    assert login(world.street_user).get(f"/api/grid-tracking-records/{other.pk}/").status_code == 404
    assert login(world.other_street_user).get(f"/api/grid-tracking-records/{other.pk}/").status_code == 200
    assert client.delete(f"/api/grid-tracking-records/{record.pk}/").status_code == 403  # a grid does not delete


def test_it_hides_promising_employees_from_a_leader_and_another_street(world, login):
    person = PromisingEmployee.objects.create(organization=world.org1, name="孙晓明", reason="技术骨干")
    rows = login(world.street_user).get("/api/promising-employees/").json()["results"]
    assert [row["name"] for row in rows] == ["孙晓明"]
    assert login(world.other_street_user).get(f"/api/promising-employees/{person.pk}/").status_code == 404
    assert login(world.leader).get("/api/promising-employees/").status_code == 403
    response = login(world.other_street_user).post("/api/promising-employees/", {"organization": world.org1.pk, "name": "某人",
                                                                                 "reason": "x", "noted_on": TODAY},
                                                   content_type="application/json")
    assert response.status_code == 400 and PromisingEmployee.objects.count() == 1


def test_it_lists_grid_changes_read_only_where_either_grid_is(world, login):
    client = login(world.street_user)
    preview = client.post(f"/grids/{world.grid1b.pk}/move/", {"organizations": [world.org1b.pk], "target": world.grid1.pk})
    client.post(f"/grids/{world.grid1b.pk}/move/", {"organizations": [world.org1b.pk], "target": world.grid1.pk, "confirm": "1",
                                                     "plan": preview.context["plan"]})
    change = GridChange.objects.get()
    body = client.get(f"/api/grid-changes/{change.pk}/").json()
    assert body["kind"] == "move" and body["region"] == world.grid1b.pk and body["organizations"] == [world.org1b.pk]
    assert client.get("/api/grid-changes/?kind=split").json()["results"] == []
    assert client.post("/api/grid-changes/", {"kind": "split", "region": world.grid1.pk, "summary": "x"},
                       content_type="application/json").status_code == 405
    assert client.delete(f"/api/grid-changes/{change.pk}/").status_code == 405
    assert login(world.other_street_user).get(f"/api/grid-changes/{change.pk}/").status_code == 404
    assert login(world.leader).get(f"/api/grid-changes/{change.pk}/").status_code == 200
