"""GRID-3 (a lead party organization and a responsible person per grid) and GRID-4 (a leader in
charge and a staff member per street and community), by persona."""

import datetime

from liangxin.grids.models import Officer
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.registry import get_rule
from tests.test_personas import form_payload


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


def staff(world, region, duty, **kw):
    return Officer.objects.create(region=region, duty=duty, name="李明", phone="13800002222", **kw)


class TestLead:
    def lead(self, world, grid, party_org=None, person="王芳", phone="13912345678"):
        grid.lead_party_org, grid.responsible_person, grid.responsible_phone = party_org, person, phone
        grid.save()

    def test_it_flags_a_grid_without_a_lead_organization(self, world):
        self.lead(world, world.grid1, world.party_org1)
        findings = flagged("GRID-3")
        assert world.grid1.pk not in findings
        assert findings[world.grid1b.pk] == "未确定牵头党组织"

    def test_it_flags_a_dissolved_or_idle_lead_and_a_missing_person(self, world):
        self.lead(world, world.grid1, world.party_org1)
        world.party_org1.status = PartyOrg.Status.DISSOLVED
        world.party_org1.save()
        assert flagged("GRID-3")[world.grid1.pk] == "牵头党组织已撤销"
        world.party_org1.status = PartyOrg.Status.ACTIVE
        world.party_org1.save()
        Organization.objects.filter(pk=world.org1.pk).update(status=Organization.Status.CLOSED)
        assert flagged("GRID-3")[world.grid1.pk] == "牵头党组织所在组织已停业或注销"
        Organization.objects.filter(pk=world.org1.pk).update(status=Organization.Status.NORMAL)
        self.lead(world, world.grid1, world.party_org1, phone="")
        assert flagged("GRID-3")[world.grid1.pk] == "未登记责任人联系电话"
        self.lead(world, world.grid1, world.party_org1, person="")
        assert flagged("GRID-3")[world.grid1.pk] == "未确定网格责任人"

    def test_it_ignores_closed_grids_and_other_streets_for_a_street(self, world):
        Region.objects.filter(pk=world.grid1b.pk).update(closed_on=datetime.date(2026, 1, 1), merged_into=world.grid1)
        findings = flagged("GRID-3", world.street_user)
        assert world.grid1b.pk not in findings and world.grid2.pk not in findings and world.grid1.pk in findings

    def test_it_keeps_the_phone_encrypted_and_masked(self, world, login):
        from django.db import connection

        self.lead(world, world.grid1, world.party_org1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT responsible_phone FROM regions_region WHERE id = %s", [world.grid1.pk])
            assert "13912345678" not in cursor.fetchone()[0]
        page = login(world.street_user).get(f"/regions/{world.grid1.pk}/").content.decode()
        assert "13912345678" not in page and "139****5678" in page
        form = login(world.street_user).get(f"/regions/{world.grid1.pk}/edit/").content.decode()
        assert "13912345678" not in form

    def test_it_refuses_a_lead_from_another_community(self, world, login):
        other = PartyOrg.objects.create(name="东二社区党委", region=world.street1, type=PartyOrg.Type.COMMITTEE)
        client = login(world.street_user)
        form = client.get(f"/regions/{world.grid1.pk}/edit/").context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data.update(lead_party_org=other.pk, responsible_phone="13912345678")
        response = client.post(f"/regions/{world.grid1.pk}/edit/", data)
        assert "牵头党组织应为本网格内企业的党组织或“东一社区”的党组织" in response.content.decode()
        data.update(lead_party_org=world.party_org1.pk, responsible_person="王芳")
        assert client.post(f"/regions/{world.grid1.pk}/edit/", data).status_code == 302
        world.grid1.refresh_from_db()
        assert world.grid1.lead_party_org == world.party_org1 and world.grid1.responsible_phone == "13912345678"


class TestOfficers:
    def test_it_flags_streets_and_communities_without_their_two_people(self, world):
        staff(world, world.street1, Officer.Duty.LEADER)
        staff(world, world.street1, Officer.Duty.STAFF)
        staff(world, world.community1, Officer.Duty.LEADER)
        staff(world, world.community2, Officer.Duty.STAFF, end_date=datetime.date(2020, 1, 1), start_date=datetime.date(2019, 1, 1))
        findings = flagged("GRID-4")
        assert world.street1.pk not in findings
        assert findings[world.community1.pk] == "未明确具体负责的工作人员"
        assert findings[world.community2.pk] == "未明确分管领导和具体负责的工作人员"
        assert findings[world.street2.pk] == "未明确分管领导和具体负责的工作人员"
        assert world.grid1.pk not in findings and world.district.pk not in findings

    def test_it_lets_a_street_name_its_communitys_leader(self, world, login):
        client = login(world.street_user)
        response = client.post("/grids/officers/add/", {"region": world.community1.pk, "duty": "leader", "name": "陈静",
                                                       "position": "社区党委书记", "phone": "139 1234 5678", "start_date": "2026-01-05"})
        assert response.status_code == 302
        officer = Officer.objects.get(name="陈静")
        assert officer.phone == "13912345678"
        listing = client.get("/grids/officers/").content.decode()
        assert "陈静" in listing and "13912345678" not in listing
        assert world.community1.pk not in {pk for pk, f in flagged("GRID-4").items() if "分管领导" in f and pk == world.community1.pk}

    def test_it_refuses_a_grid_and_another_street(self, world, login):
        client = login(world.street_user)
        response = client.post("/grids/officers/add/", {"region": world.grid1.pk, "duty": "staff", "name": "陈静", "start_date": "2026-01-05"})
        assert "街道（乡镇、园区）或社区（村、园区片区），网格不设分管领导" in response.content.decode()
        response = client.post("/grids/officers/add/", {"region": world.street2.pk, "duty": "staff", "name": "陈静", "start_date": "2026-01-05"})
        assert response.status_code == 200 and not Officer.objects.exists()
        other = staff(world, world.street2, Officer.Duty.STAFF)
        assert client.get(f"/grids/officers/{other.pk}/").status_code == 404

    def test_it_shows_officers_to_a_community_but_not_to_a_leader(self, world, login):
        officer = staff(world, world.community1, Officer.Duty.STAFF)
        assert login(world.grid_user).get(f"/grids/officers/{officer.pk}/").status_code == 404  # a grid is below the community
        assert login(world.leader).get("/grids/officers/").status_code == 403
        assert login(world.street_user).get(f"/grids/officers/{officer.pk}/edit/").status_code == 200


class TestTracking:
    """GRID-5: a grid's organizations and members added and removed in a period, exact, from the
    change log whatever path made the change."""

    def test_it_counts_a_period_exactly(self, world, login):
        client = login(world.street_user)
        # Before the period (no log row in it): an organization already in the grid.
        early = Organization.objects.create(name="早先企业", region=world.grid1)
        # In the period, through the pages: one created, one moved in, one closed, one moved out.
        response = client.post("/organizations/add/", {"name": "新开企业有限公司", "kind": "enterprise", "status": "normal",
                                                       "region": world.grid1.pk, "employees": 3})
        assert response.status_code == 302
        new = Organization.objects.get(name="新开企业有限公司")
        url = f"/grids/{world.grid1b.pk}/move/"
        preview = client.post(url, {"organizations": [world.org1b.pk], "target": world.grid1.pk})
        client.post(url, {"organizations": [world.org1b.pk], "target": world.grid1.pk, "confirm": "1",
                          "plan": preview.context["plan"]})
        preview = client.post(f"/grids/{world.grid1.pk}/move/", {"organizations": [new.pk], "target": world.grid1b.pk})
        client.post(f"/grids/{world.grid1.pk}/move/", {"organizations": [new.pk], "target": world.grid1b.pk, "confirm": "1",
                                                       "plan": preview.context["plan"]})
        form = client.get(f"/organizations/{early.pk}/edit/").context["form"]
        assert client.post(f"/organizations/{early.pk}/edit/", form_payload(form, status="closed")).status_code == 302
        # A member registered in org1 in the period.
        from tests.conftest import id_number

        client.post("/members/add/", {"name": "赵新", "id_number": id_number("11010119850101123"), "category": "full",
                                      "position": "staff", "organization": world.org1.pk, "party_org": world.party_org1.pk})
        today = datetime.date.today()
        page = client.get(f"/grids/{world.grid1.pk}/tracking/", {"start": (today - datetime.timedelta(days=3)).isoformat(),
                                                                   "end": today.isoformat()})
        t = page.context["tracking"]
        assert sorted(e.object_repr for e in t.organizations_added) == ["东升物流有限公司", "新开企业有限公司"]
        assert sorted(e.object_repr for e in t.organizations_removed) == ["新开企业有限公司", "早先企业"]
        assert len(t.members_in) == 1 and not t.members_out
        # The grid's other side of the moves.
        t1b = client.get(f"/grids/{world.grid1b.pk}/tracking/").context["tracking"]
        assert [e.object_repr for e in t1b.organizations_added] == ["新开企业有限公司"]
        assert [e.object_repr for e in t1b.organizations_removed] == ["东升物流有限公司"]
        assert login(world.other_street_user).get(f"/grids/{world.grid1.pk}/tracking/").status_code == 404

    def test_it_flags_grids_without_a_recent_record(self, world, login):
        from liangxin.grids.models import TrackingRecord

        client = login(world.grid_user)
        response = client.post("/grids/tracking-records/add/", {"region": world.grid1.pk, "recorded_on": datetime.date.today().isoformat(),
                                                                "content": "走访5家企业，新增1家，流入党员1名。"})
        assert response.status_code == 302
        assert TrackingRecord.objects.get().recorded_by == world.grid_user
        TrackingRecord.objects.create(region=world.grid1b, recorded_on=datetime.date.today() - datetime.timedelta(days=40), content="旧记录")
        findings = flagged("GRID-5B")
        assert world.grid1.pk not in findings
        assert findings[world.grid1b.pk].startswith("最近一次动态跟踪记录为")
        assert findings[world.grid2.pk] == "没有动态跟踪记录"

    def test_it_masks_promising_employees_like_members(self, world, login):
        from liangxin.grids.models import PromisingEmployee

        client = login(world.grid_user)
        response = client.post("/grids/promising-employees/add/", {"organization": world.org1.pk, "name": "孙晓明", "reason": "技术骨干，主动靠近党组织",
                                                                   "noted_on": datetime.date.today().isoformat()})
        assert response.status_code == 302
        person = PromisingEmployee.objects.get()
        assert "孙晓明" in client.get(f"/grids/{world.grid1.pk}/tracking/").content.decode()
        assert login(world.leader).get(f"/grids/promising-employees/{person.pk}/").status_code == 403
        assert "孙晓明" not in login(world.leader).get(f"/grids/{world.grid1.pk}/tracking/").content.decode()
        assert login(world.other_street_user).get(f"/grids/promising-employees/{person.pk}/").status_code == 404
