"""Personal data by role (issue 10, 访问控制 and 数据保密性): the declared levels hold in the API,
the pages, the exports, the search and the change log's display; every phone and 身份证号 is
encrypted at rest. The route walk (tests/test_routes.py) reads every answer of every route for
the same; these tests show each output at its threshold."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from liangxin.accounts.roles import PERSONAL_DATA, Role
from liangxin.audit.log import tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import crypto, personal
from liangxin.core.fields import EncryptedCharField
from liangxin.core.templatetags.liangxin import visible_changes
from liangxin.instructors.models import Instructor
from tests.personal_data import (
    INSTRUCTOR_PHONE,
    OWNER,
    SECRETARY,
    give_the_world_personal_data,
)


@pytest.fixture
def personal_world(world):
    give_the_world_personal_data(world)
    return world


def test_it_declares_a_level_for_every_role_and_kind():
    assert set(PERSONAL_DATA) == set(Role)
    for role, levels in PERSONAL_DATA.items():
        assert set(levels) == set(personal.Kind), role
    assert set(PERSONAL_DATA[Role.LEADER].values()) == {personal.Level.HIDDEN}
    # Phones and 身份证号 are masked on every screen, for every role.
    assert all(levels[k] <= personal.Level.MASKED for levels in PERSONAL_DATA.values()
               for k in (personal.Kind.PHONE, personal.Kind.ID_NUMBER))


def test_it_encrypts_every_phone_and_id_number_at_rest():
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if ("phone" in field.name or "id_number" in field.name) and not field.name.endswith("_index"):
                found.append(f"{model._meta.label}.{field.name}")
                assert isinstance(field, EncryptedCharField), f"{model._meta.label}.{field.name} is stored in plain text"
    assert {"members.Member.id_number", "members.Member.phone", "partyorgs.PartyOrg.secretary_phone",
            "instructors.Instructor.phone"} <= set(found)


def test_it_stores_an_instructors_phone_encrypted_and_masks_it(personal_world, login):
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM instructors_instructor WHERE id = %s", [personal_world.instructor.pk])
        stored = cursor.fetchone()[0]
    assert INSTRUCTOR_PHONE not in stored and crypto.decrypt(stored) == INSTRUCTOR_PHONE
    client = login(personal_world.street_user)
    data = client.get(reverse("instructor-detail", args=[personal_world.instructor.pk])).json()
    assert data["phone_masked"] == "136****2222" and "phone" not in data
    page = client.get(reverse("instructors:instructor_detail", args=[personal_world.instructor.pk])).content.decode()
    assert "136****2222" in page and INSTRUCTOR_PHONE not in page


def test_the_edit_form_never_shows_a_stored_phone_and_keeps_it_when_left_empty(personal_world, login):
    client = login(personal_world.street_user)
    url = reverse("instructors:instructor_edit", args=[personal_world.instructor.pk])
    page = client.get(url).content.decode()
    assert INSTRUCTOR_PHONE not in page and "当前为 136****2222；留空则保持不变。" in page
    instructor = personal_world.instructor
    response = client.post(url, {"name": instructor.name, "dispatching_unit": "区发改局", "source": instructor.source,
                                 "region": instructor.region_id, "phone": "", "position": "科员"})
    assert response.status_code == 302, response.content.decode()[:2000]
    instructor.refresh_from_db()
    assert instructor.phone == INSTRUCTOR_PHONE and instructor.position == "科员"


def test_the_leader_gets_no_personal_field_from_the_api(personal_world, login):
    client = login(personal_world.leader)
    org = client.get(reverse("organization-detail", args=[personal_world.org1.pk])).json()
    assert org["name"] == personal_world.org1.name
    assert org["owner_name"] is None and org["owner_is_member"] is None
    party = client.get(reverse("partyorg-detail", args=[personal_world.party_org2.pk])).json()
    assert party["name"] == personal_world.party_org2.name
    assert (party["secretary"], party["secretary_name"], party["secretary_phone_masked"], party["deputy_secretary"]) == (None,) * 4
    first = client.get(reverse("partyorg-detail", args=[personal_world.party_org1.pk])).json()
    assert first["secretary"] is None


def test_a_street_user_gets_names_in_full_and_phones_masked(personal_world, login):
    client = login(personal_world.street_user)
    org = client.get(reverse("organization-detail", args=[personal_world.org1.pk])).json()
    assert (org["owner_name"], org["owner_is_member"]) == (OWNER, True)
    party = login(personal_world.admin).get(reverse("partyorg-detail", args=[personal_world.party_org2.pk])).json()
    assert party["secretary_name"] == SECRETARY and party["secretary_phone_masked"] == "137****1111"


def test_a_paired_unit_sees_names_but_not_party_membership(personal_world, login):
    org = login(personal_world.paired_user).get(reverse("organization-detail", args=[personal_world.org2.pk])).json()
    assert org["owner_is_member"] is None


def test_the_leaders_pages_show_the_placeholder_and_no_person(personal_world, login):
    client = login(personal_world.leader)
    page = client.get(reverse("organizations:organization_detail", args=[personal_world.org1.pk])).content.decode()
    assert "东方电子有限公司" in page and OWNER not in page and personal_world.member1.name not in page
    assert '出资人</dt><dd class="col-7 col-md-8">—</dd>' in page
    assert '出资人是否党员</dt><dd class="col-7 col-md-8">—</dd>' in page
    party = client.get(reverse("partyorgs:partyorg_list")).content.decode()
    assert personal_world.party_org1.name in party and "书记" not in party and personal_world.member1.name not in party
    # The member roster is not the leader's at all: 403, and no menu entry for it.
    assert client.get(reverse("members:member_list")).status_code == 403
    assert reverse("members:member_list") not in client.get(reverse("dashboard:home")).content.decode()


def test_the_instructors_card_names_them_only_for_roles_that_see_names(personal_world, login):
    url = reverse("organizations:organization_detail", args=[personal_world.org1b.pk])
    assert personal_world.instructor.name in login(personal_world.street_user).get(url).content.decode()
    page = login(personal_world.leader).get(url).content.decode()
    assert personal_world.instructor.name not in page and "已选派指导员 1 名" in page


def _export(client, key):
    response = client.get(reverse("ledger:export", args=[key]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_exports_write_personal_data_at_the_roles_level(personal_world, login):
    leader = {row["组织名称"]: row for row in _export(login(personal_world.leader), "organizations")}
    street = {row["组织名称"]: row for row in _export(login(personal_world.street_user), "organizations")}
    name = personal_world.org1.name
    assert street[name]["出资人"] == OWNER and street[name]["出资人是否党员"] == "是"
    assert street[name]["党组织书记"] == personal_world.member1.name
    assert not leader[name]["出资人"] and not leader[name]["出资人是否党员"] and not leader[name]["党组织书记"]
    assert leader[name]["从业人员数"] == 120  # the figures stay
    party = {row["党组织名称"]: row for row in _export(login(personal_world.admin), "partyorgs")}
    assert party[personal_world.party_org2.name]["书记电话"] == "137****1111"
    leader_party = {row["党组织名称"]: row for row in _export(login(personal_world.leader), "partyorgs")}
    assert not leader_party[personal_world.party_org2.name]["书记电话"]
    assert not leader_party[personal_world.party_org2.name]["党组织书记"]


def test_a_hidden_name_is_not_searchable(personal_world, login):
    url = reverse("organization-list") + f"?q={OWNER}"
    assert [o["id"] for o in login(personal_world.street_user).get(url).json()["results"]] == [personal_world.org1.pk]
    assert login(personal_world.leader).get(url).json()["results"] == []
    # What is not personal is still searched.
    url = reverse("organization-list") + "?q=东方电子"
    assert login(personal_world.leader).get(url).json()["count"] == 1


def test_the_change_logs_display_follows_the_levels(personal_world, login):
    org = personal_world.org1
    with tracked(org):
        org.owner_name = "陈新"
        org.save()
    entry = ChangeLog.objects.filter(object_id=str(org.pk), action=ChangeLog.Action.UPDATE).latest("pk")
    # Each field by its Chinese name (issue 12, item 12), its values as the viewer may see them.
    assert ("出资人", OWNER, "陈新") in visible_changes({"user": personal_world.street_user}, entry)
    assert ("出资人", None, None) in visible_changes({"user": personal_world.leader}, entry)
    page = login(personal_world.street_user).get(reverse("organizations:organization_detail", args=[org.pk])).content.decode()
    assert f"{OWNER} → 陈新" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_instructors_phones_in_place_and_back(transactional_world):
    instructor = transactional_world.instructor
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("instructors")
    table = Instructor._meta.db_table
    try:
        executor.migrate([("instructors", "0004_instructor_management")])
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", ["13600009999", instructor.pk])
        executor = MigrationExecutor(connection)
        executor.migrate([("instructors", "0005_encrypt_instructor_phone")])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [instructor.pk])
            stored = cursor.fetchone()[0]
        assert stored != "13600009999" and crypto.decrypt(stored) == "13600009999"
        assert Instructor.objects.get(pk=instructor.pk).phone == "13600009999"
        executor = MigrationExecutor(connection)
        executor.migrate([("instructors", "0004_instructor_management")])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [instructor.pk])
            assert cursor.fetchone()[0] == "13600009999"
    finally:
        MigrationExecutor(connection).migrate(latest)
