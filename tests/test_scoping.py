"""Jurisdiction semantics, stale scope and escalation: the failures of other systems that
issue 2 asks us to rule out."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import NOTHING, Scope, jurisdiction_of, path_of, register_resolver
from liangxin.core.models import ScopedQuerySet
from liangxin.instructors.models import Assignment
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from tests.conftest import id_number
from tests.test_personas import form_payload


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


def org_page(client, org) -> int:
    return client.get(reverse("organizations:organization_detail", args=[org.pk])).status_code


def make_user(username, role, **kw) -> User:
    # No password: tests log in with force_login, and hashing is slow.
    return User.objects.create(username=username, role=role, display_name=username, **kw)


# --- what each persona sees ------------------------------------------------------------------------

def test_it_gives_a_street_user_their_streets_subtree_only(world):
    user = world.street_user
    assert names(Region.objects.scoped(user)) == {"东街道", "东一社区", "东一第1网格", "东一第2网格"}
    assert names(Organization.objects.scoped(user)) == {"东方电子有限公司", "东升物流有限公司"}
    assert names(PartyOrg.objects.scoped(user)) == {"东方电子有限公司党支部"}
    assert names(Member.objects.scoped(user)) == {"张伟"}


def test_it_keeps_a_sibling_whose_id_shares_the_first_digits_out_of_the_subtree(world):
    # Paths are ids followed by "/": the subtree of "1/2/" must not take in "1/23/".
    look_alike = Region.objects.create(code="440399009", name="相似编号街道", level=Region.Level.STREET, parent=world.district)
    Region.objects.filter(pk=look_alike.pk).update(path=world.street1.path[:-1] + "3/")
    Organization.objects.create(name="相似编号企业", region=look_alike)
    assert "相似编号街道" not in names(Region.objects.scoped(world.street_user))
    assert "相似编号企业" not in names(Organization.objects.scoped(world.street_user))


def test_it_tells_own_node_from_own_node_and_below(world, login):
    community_user = make_user("community1", Role.COMMUNITY, region=world.community1)
    # A grid user: their grid only, not the other grid of the same community.
    assert names(Organization.objects.scoped(world.grid_user)) == {"东方电子有限公司"}
    assert names(Region.objects.scoped(world.grid_user)) == {"东一第1网格"}
    # A community user: their community and both of its grids.
    assert names(Organization.objects.scoped(community_user)) == {"东方电子有限公司", "东升物流有限公司"}
    assert names(Region.objects.scoped(community_user)) == {"东一社区", "东一第1网格", "东一第2网格"}
    assert org_page(login(world.grid_user), world.org1b) == 404
    assert org_page(login(community_user), world.org1b) == 200


def test_it_shows_an_instructor_only_the_organizations_assigned_today(world, login):
    today = timezone.localdate()
    client = login(world.instructor_user)
    assert names(Organization.objects.scoped(world.instructor_user)) == {"东升物流有限公司"}
    ended = Assignment.objects.create(instructor=world.instructor, organization=world.org1,
                                      start_date=datetime.date(2024, 1, 1), end_date=today - datetime.timedelta(days=1))
    future = Assignment.objects.create(instructor=world.instructor, organization=world.org2,
                                       start_date=today + datetime.timedelta(days=1))
    assert names(Organization.objects.scoped(world.instructor_user)) == {"东升物流有限公司"}
    assert org_page(client, world.org1) == 404
    assert org_page(client, world.org2) == 404
    # Ending today still counts; the page follows at once.
    Assignment.objects.filter(pk=ended.pk).update(end_date=today)
    assert org_page(client, world.org1) == 200
    assert names(Organization.objects.scoped(world.instructor_user)) == {"东方电子有限公司", "东升物流有限公司"}
    # What comes with an assigned organization: its party organization and members.
    assert names(PartyOrg.objects.scoped(world.instructor_user)) == {"东方电子有限公司党支部"}
    assert names(Member.objects.scoped(world.instructor_user)) == {"张伟"}
    assert future.organization not in Organization.objects.scoped(world.instructor_user)


def test_it_shows_a_secretary_their_party_org_its_sub_orgs_and_what_they_cover(world, login):
    child = PartyOrg.objects.create(name="东方电子物流党小组支部", region=world.grid1b, parent=world.party_org1)
    child.organizations.add(world.org1b)
    grandchild = PartyOrg.objects.create(name="东方电子三级支部", region=world.grid1b, parent=child)
    Member.objects.create(name="周敏", id_number=id_number("11010119880808001"), party_org=grandchild)
    user = world.secretary
    assert names(PartyOrg.objects.scoped(user)) == {"东方电子有限公司党支部", "东方电子物流党小组支部", "东方电子三级支部"}
    assert names(Organization.objects.scoped(user)) == {"东方电子有限公司", "东升物流有限公司"}
    assert names(Member.objects.scoped(user)) == {"张伟", "周敏"}
    client = login(user)
    assert client.get(reverse("partyorgs:partyorg_detail", args=[child.pk])).status_code == 200
    assert client.get(reverse("partyorgs:partyorg_detail", args=[world.party_org2.pk])).status_code == 404
    assert org_page(client, world.org1b) == 200
    assert org_page(client, world.org2) == 404


def test_it_shows_a_paired_unit_its_current_pairings_only(world, login):
    assert names(Organization.objects.scoped(world.paired_user)) == {"西城科技有限公司"}
    Pairing.objects.create(unit=world.unit, organization=world.org1, start_date=datetime.date(2024, 1, 1),
                           end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert names(Organization.objects.scoped(world.paired_user)) == {"西城科技有限公司"}
    assert org_page(login(world.paired_user), world.org1) == 404


def test_it_shows_a_leader_organizations_but_no_personal_data(world, login):
    client = login(world.leader)
    assert Organization.objects.scoped(world.leader).count() == 3
    assert not Member.objects.scoped(world.leader).exists()
    assert client.get(reverse("members:member_list")).status_code == 403
    assert client.get("/api/members/").status_code == 403
    page = client.get(reverse("organizations:organization_detail", args=[world.org1.pk]))
    assert page.status_code == 200
    assert world.member1.name not in page.content.decode()
    page = client.get(reverse("partyorgs:partyorg_detail", args=[world.party_org1.pk]))
    assert world.member1.name not in page.content.decode()


def test_it_scopes_a_user_without_a_jurisdiction_to_nothing(world, login):
    lost = make_user("lost", Role.COMMITTEE)
    assert not Organization.objects.scoped(lost).exists()
    assert not Region.objects.scoped(lost).exists()
    assert login(lost).get("/api/organizations/").json()["count"] == 0
    inactive = make_user("gone", Role.ADMIN, region=world.district, is_active=False)
    assert not Organization.objects.scoped(inactive).exists()


# --- stale scope ---------------------------------------------------------------------------------

def test_it_follows_a_region_move_at_once(world, login):
    street1, street2, admin = login(world.street_user), login(world.other_street_user), login(world.admin)
    # Both streets have looked before the move, so anything cached would now be stale.
    assert org_page(street1, world.org1) == 200 and org_page(street2, world.org1) == 404
    assert street1.get("/api/organizations/").json()["count"] == 2

    edit = reverse("regions:region_edit", args=[world.community1.pk])
    form = admin.get(edit).context["form"]
    response = admin.post(edit, form_payload(form, parent=world.street2.pk))
    assert response.status_code == 302, response.context["form"].errors

    world.street2.refresh_from_db()
    for region in (world.community1, world.grid1, world.grid1b):
        region.refresh_from_db()
        assert region.path.startswith(world.street2.path), region
    assert world.grid1.path == f"{world.community1.path}{world.grid1.pk}/"
    assert names(Organization.objects.scoped(world.street_user)) == set()
    assert names(Organization.objects.scoped(world.other_street_user)) == {"东方电子有限公司", "东升物流有限公司", "西城科技有限公司"}
    assert org_page(street1, world.org1) == 404 and org_page(street2, world.org1) == 200
    assert street1.get("/api/organizations/").json()["count"] == 0
    assert street2.get("/api/organizations/").json()["count"] == 3
    assert street2.get(reverse("members:member_detail", args=[world.member1.pk])).status_code == 200
    assert street1.get(reverse("members:member_detail", args=[world.member1.pk])).status_code == 404
    # The grid user moved with their grid and keeps exactly what they had.
    assert names(Organization.objects.scoped(world.grid_user)) == {"东方电子有限公司"}


def test_it_follows_a_change_of_a_users_region_at_once(world, login):
    street1 = login(world.street_user)
    assert org_page(street1, world.org2) == 404
    admin = login(world.admin)
    edit = reverse("accounts:user_edit", args=[world.street_user.pk])
    response = admin.post(edit, form_payload(admin.get(edit).context["form"], region=world.street2.pk))
    assert response.status_code == 302
    assert org_page(street1, world.org2) == 200
    assert org_page(street1, world.org1) == 404


def test_it_follows_a_new_assignment_at_once(world, login):
    client = login(world.instructor_user)
    assert org_page(client, world.org2) == 404
    Assignment.objects.create(instructor=world.instructor, organization=world.org2, start_date=timezone.localdate())
    assert org_page(client, world.org2) == 200


# --- escalation ----------------------------------------------------------------------------------

def test_it_refuses_a_street_user_editing_their_own_account(world, login):
    client = login(world.street_user)
    edit = reverse("accounts:user_edit", args=[world.street_user.pk])
    assert client.get(edit).status_code == 403
    payload = {"username": "street1", "role": "admin", "region": world.district.pk, "is_active": "on"}
    assert client.post(edit, payload).status_code == 403
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_add"), {**payload, "username": "mine"}).status_code == 403
    world.street_user.refresh_from_db()
    assert (world.street_user.role, world.street_user.region_id) == (Role.COMMITTEE, world.street1.pk)
    assert not User.objects.filter(username="mine").exists()


def test_it_keeps_an_administrators_own_role_and_region_out_of_reach(world, login):
    client = login(world.admin)
    edit = reverse("accounts:user_edit", args=[world.admin.pk])
    form = client.get(edit).context["form"]
    assert form.fields["region"].disabled and form.fields["role"].disabled
    payload = form_payload(form, display_name="管理员甲", role="leader", region=world.street2.pk)
    payload.pop("is_active", None)  # unticked: would deactivate, if it were not disabled
    response = client.post(edit, payload)
    assert response.status_code == 302
    world.admin.refresh_from_db()
    assert world.admin.display_name == "管理员甲"  # the rest of the form was saved
    assert (world.admin.role, world.admin.region_id, world.admin.is_active) == (Role.ADMIN, world.district.pk, True)


def test_it_refuses_an_administrator_granting_a_region_above_their_own(world, login):
    street_admin = make_user("street1admin", Role.ADMIN, region=world.street1)
    client = login(street_admin)
    edit = reverse("accounts:user_edit", args=[world.grid_user.pk])
    response = client.post(edit, form_payload(client.get(edit).context["form"], region=world.district.pk))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    world.grid_user.refresh_from_db()
    assert world.grid_user.region_id == world.grid1.pk
    # And the users of another street do not exist for them.
    assert client.get(reverse("accounts:user_edit", args=[world.other_street_user.pk])).status_code == 404


def test_it_lets_the_district_administrator_create_a_secretary_account(world, login):
    client = login(world.admin)
    response = client.post(reverse("accounts:user_add"), {
        "username": "secretary2", "display_name": "西城书记", "role": "secretary", "party_org": world.party_org2.pk,
        "new_password": "Xy9#kLm2pq", "is_active": "on",
    })
    assert response.status_code == 302, response.context["form"].errors
    created = User.objects.get(username="secretary2")
    assert names(Organization.objects.scoped(created)) == {"西城科技有限公司"}


def test_it_refuses_moving_an_organization_to_another_streets_grid(world, login):
    client = login(world.street_user)
    edit = reverse("organizations:organization_edit", args=[world.org1.pk])
    form = client.get(edit).context["form"]
    assert world.grid2 not in form.fields["region"].queryset
    response = client.post(edit, form_payload(form, region=world.grid2.pk))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    response = client.patch(f"/api/organizations/{world.org1.pk}/", {"region": world.grid2.pk},
                            content_type="application/json")
    assert response.status_code == 400
    assert "region" in response.json()
    assert Organization.objects.get(pk=world.org1.pk).region_id == world.grid1.pk
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE).exists()


def test_it_refuses_a_grid_user_moving_an_organization_to_the_neighbouring_grid(world, login):
    client = login(world.grid_user)
    response = client.patch(f"/api/organizations/{world.org1.pk}/", {"region": world.grid1b.pk},
                            content_type="application/json")
    assert response.status_code == 400
    assert Organization.objects.get(pk=world.org1.pk).region_id == world.grid1.pk


def test_it_rolls_back_a_save_that_would_leave_the_jurisdiction(world, login):
    # Emptying both relations moves a member out of every region: in-scope choices alone
    # cannot prevent that, the check after the save must (and undo it).
    client = login(world.street_user)
    edit = reverse("members:member_edit", args=[world.member1.pk])
    response = client.post(edit, form_payload(client.get(edit).context["form"], organization="", party_org=""))
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    member = Member.objects.get(pk=world.member1.pk)
    assert (member.organization_id, member.party_org_id) == (world.org1.pk, world.party_org1.pk)
    response = client.patch(f"/api/members/{world.member1.pk}/", {"organization": None, "party_org": None},
                            content_type="application/json")
    assert response.status_code == 400
    assert "不在您的管辖范围内" in " ".join(response.json()["non_field_errors"])
    member = Member.objects.get(pk=world.member1.pk)
    assert (member.organization_id, member.party_org_id) == (world.org1.pk, world.party_org1.pk)
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE).exists()


@pytest.mark.parametrize("persona", ["street_user", "secretary"])
def test_it_refuses_an_outside_party_org_for_a_member(world, login, persona):
    client = login(getattr(world, persona))
    payload = {"name": "钱多", "id_number": id_number("11010119870707001"), "category": "full",
               "position": "staff", "organization": world.org1.pk, "party_org": world.party_org2.pk}
    response = client.post(reverse("members:member_add"), payload)
    assert response.status_code == 200
    assert "party_org" in response.context["form"].errors
    response = client.post("/api/members/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "party_org" in response.json()
    response = client.patch(f"/api/members/{world.member1.pk}/", {"party_org": world.party_org2.pk},
                            content_type="application/json")
    assert response.status_code == 400
    assert not Member.objects.filter(name="钱多").exists()
    assert Member.objects.get(pk=world.member1.pk).party_org_id == world.party_org1.pk


def test_it_refuses_covering_an_outside_organization(world, login):
    client = login(world.grid_user)
    edit = reverse("partyorgs:partyorg_edit", args=[world.party_org1.pk])
    form = client.get(edit).context["form"]
    response = client.post(edit, form_payload(form, mode="joint", organizations=[world.org1.pk, world.org1b.pk]))
    assert response.status_code == 200
    assert "organizations" in response.context["form"].errors
    response = client.patch(f"/api/party-orgs/{world.party_org1.pk}/",
                            {"mode": "joint", "organizations": [world.org1.pk, world.org2.pk]},
                            content_type="application/json")
    assert response.status_code == 400
    assert list(PartyOrg.objects.get(pk=world.party_org1.pk).organizations.all()) == [world.org1]


def test_it_refuses_a_secretary_moving_their_party_org_away(world, login):
    client = login(world.secretary)
    response = client.patch(f"/api/party-orgs/{world.party_org1.pk}/", {"region": world.grid2.pk},
                            content_type="application/json")
    assert response.status_code == 400
    response = client.patch(f"/api/party-orgs/{world.party_org1.pk}/", {"parent": world.party_org2.pk},
                            content_type="application/json")
    assert response.status_code == 400
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    assert (party_org.region_id, party_org.parent_id) == (world.grid1.pk, None)


# --- scoping declared once -----------------------------------------------------------------------

def test_it_has_every_scoped_model_declare_where_its_rows_sit():
    undeclared = [
        model._meta.label for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet) and not isinstance(getattr(model, "scope", None), Scope)
    ]
    assert undeclared == []


def test_it_lists_a_paired_unit_once_however_many_of_its_pairings_are_in_the_subtree(world):
    Pairing.objects.create(unit=world.unit, organization=world.org1, start_date=datetime.date(2025, 1, 1))
    Pairing.objects.create(unit=world.unit, organization=world.org1b, start_date=datetime.date(2025, 1, 1))
    # No role may list paired units yet: the declaration itself is what is checked.
    in_street = PairedUnit.scope.filter(PairedUnit, jurisdiction_of(world.street_user))
    assert list(PairedUnit.objects.filter(in_street)) == [world.unit]


def test_it_files_a_change_under_the_first_declared_region_that_is_set(world):
    assert path_of(world.member1) == world.grid1.path  # where they work, before their party organization
    world.member1.organization = None
    assert path_of(world.member1) == world.grid1.path  # their party organization's region
    assert path_of(world.instructor_user) == world.street1.path  # an account: its instructor's managing street
    assert path_of(Pairing.objects.get(unit=world.unit)) == world.grid2.path
    assert path_of(world.unit) == world.unit.region.path  # a unit is kept by its district or street


def test_it_resolves_each_role_once():
    with pytest.raises(ImproperlyConfigured, match="instructor"):
        register_resolver([Role.INSTRUCTOR], lambda user: NOTHING)
