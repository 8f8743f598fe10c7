"""The change log (one row per change, login and PII view; masked; append-only; scoped) and
personal data at rest (encrypted column, blind-index search, masked on every screen)."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from liangxin.audit.models import ChangeLog
from liangxin.members.models import Member
from liangxin.partyorgs.models import PartyOrg
from tests.conftest import PASSWORD, id_number
from tests.test_personas import MODEL_CLASS, create_payload, form_payload, url

NEW_ID = id_number("11010119850101123")
NEW_ID_MASKED = "110101********1239"
NEW_PHONE = "13700001234"


def changes():
    """Log rows other than logins (logging a test client in with force_login leaves one)."""
    return ChangeLog.objects.exclude(action=ChangeLog.Action.LOGIN)


def log_rows(**filters):
    return ChangeLog.objects.filter(**filters)


def plain_text(row: ChangeLog) -> str:
    return json.dumps([row.before, row.after, row.detail, row.object_repr], ensure_ascii=False)


# --- one row per change ----------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["region", "organization", "partyorg", "member", "user"])
def test_it_logs_each_ui_create_update_and_delete_once(world, login, model):
    client = login(world.admin)
    payload = create_payload(world, "admin", model)
    if model == "member":
        payload["phone"] = NEW_PHONE
    key = "username" if model == "user" else "name"
    start = ChangeLog.objects.count()

    assert client.post(url(model, "add"), payload).status_code == 302
    obj = MODEL_CLASS[model].objects.get(**{key: payload[key]})
    assert ChangeLog.objects.count() == start + 1
    created = log_rows(action=ChangeLog.Action.CREATE).get()
    assert (created.object_id, created.user, created.username) == (str(obj.pk), world.admin, "admin")
    assert created.request_id is not None and created.before is None and created.after[key] == payload[key]

    form = client.get(url(model, "edit", obj)).context["form"]
    assert client.post(url(model, "edit", obj), form_payload(form, **{key: payload[key] + "改"})).status_code == 302
    assert ChangeLog.objects.count() == start + 2
    updated = log_rows(action=ChangeLog.Action.UPDATE).get()
    assert (updated.before[key], updated.after[key]) == (payload[key], payload[key] + "改")
    assert [name for name, _, _ in updated.changed_fields()] == [key]
    assert updated.request_id != created.request_id

    assert client.post(url(model, "delete", obj)).status_code == 302
    assert ChangeLog.objects.count() == start + 3
    deleted = log_rows(action=ChangeLog.Action.DELETE).get()
    assert deleted.object_id == str(obj.pk) and deleted.before[key] == payload[key] + "改"

    rows = [created, updated, deleted]
    if model == "member":
        for row in rows:
            for state in (row.before, row.after):
                if state is not None:
                    assert state["id_number"] == NEW_ID_MASKED
                    assert state["phone"] == "137****1234"
                    assert "id_number_index" not in state
    if model == "user":
        assert all("password" not in (row.before or {}) and "password" not in (row.after or {}) for row in rows)
    for row in rows:
        assert NEW_ID not in plain_text(row) and NEW_PHONE not in plain_text(row)


@pytest.mark.parametrize("resource", ["regions", "organizations", "party-orgs", "members"])
def test_it_logs_each_api_create_update_and_delete_once(world, login, resource):
    model = {"regions": "region", "organizations": "organization", "party-orgs": "partyorg", "members": "member"}[resource]
    client = login(world.admin)
    payload = create_payload(world, "admin", model)
    if model == "member":
        payload["phone"] = NEW_PHONE
    start = ChangeLog.objects.count()
    response = client.post(f"/api/{resource}/", payload, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert ChangeLog.objects.count() == start + 1
    response = client.patch(f"/api/{resource}/{pk}/", {"name": "接口改名"}, content_type="application/json")
    assert response.status_code == 200
    assert ChangeLog.objects.count() == start + 2
    # The same value again is no change: no row.
    assert client.patch(f"/api/{resource}/{pk}/", {"name": "接口改名"}, content_type="application/json").status_code == 200
    assert ChangeLog.objects.count() == start + 2
    assert client.delete(f"/api/{resource}/{pk}/").status_code == 204
    assert ChangeLog.objects.count() == start + 3
    rows = list(ChangeLog.objects.order_by("pk")[start:])
    assert [row.action for row in rows] == ["create", "update", "delete"]
    assert {row.object_id for row in rows} == {str(pk)}
    assert all(row.user == world.admin for row in rows)
    assert rows[1].before["name"] == payload["name"] and rows[1].after["name"] == "接口改名"
    for row in rows:
        assert NEW_ID not in plain_text(row) and NEW_PHONE not in plain_text(row)
    if model == "member":
        assert rows[0].after["id_number"] == NEW_ID_MASKED


@pytest.mark.parametrize(("model", "name"), [("organization", "org1"), ("partyorg", "party_org1"), ("member", "member1"),
                                             ("region", "grid1"), ("user", "street_user")])
def test_it_logs_nothing_for_a_save_without_a_change(world, login, model, name):
    client = login(world.admin)
    obj = getattr(world, name)
    if model == "member":
        # The world made it without the form, which fills in the birth date from the id number.
        Member.objects.filter(pk=obj.pk).update(birth_date="1990-03-07")
    form = client.get(url(model, "edit", obj)).context["form"]
    response = client.post(url(model, "edit", obj), form_payload(form))
    assert response.status_code == 302, response.context["form"].errors
    assert not changes().exists()


def test_it_logs_nothing_for_a_refused_save_or_delete(world, login):
    client = login(world.street_user)
    form = client.get(url("organization", "edit", world.org1)).context["form"]
    assert client.post(url("organization", "edit", world.org1), form_payload(form, employees=-1)).status_code == 200
    # A region still holding organizations is protected: the delete is refused, no row remains.
    admin = login(world.admin)
    assert admin.post(url("region", "delete", world.grid1)).status_code == 302
    assert admin.delete(f"/api/regions/{world.grid1.pk}/").status_code == 409
    assert not changes().exists()


def test_it_logs_many_to_many_changes_in_the_same_row(world, login):
    client = login(world.street_user)
    form = client.get(url("partyorg", "edit", world.party_org1)).context["form"]
    data = form_payload(form, mode="joint", organizations=[world.org1.pk, world.org1b.pk])
    assert client.post(url("partyorg", "edit", world.party_org1), data).status_code == 302
    row = changes().get()
    assert (row.before["organizations"], row.after["organizations"]) == ([world.org1.pk], sorted([world.org1.pk, world.org1b.pk]))
    assert row.before["mode"] == "standalone" and row.after["mode"] == "joint"


# --- logins, logouts, PII views ----------------------------------------------------------------------

def test_it_logs_a_login_a_failed_login_and_a_logout_once_each(world):
    client = Client()
    login_url = reverse("accounts:login")
    response = client.post(login_url, {"username": "street1", "password": "wrong-password"})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    failed = ChangeLog.objects.get()
    assert (failed.action, failed.username, failed.user) == (ChangeLog.Action.LOGIN_FAILED, "street1", None)
    assert "wrong-password" not in plain_text(failed)

    assert client.post(login_url, {"username": "street1", "password": PASSWORD}).status_code == 302
    assert ChangeLog.objects.count() == 2
    logged_in = ChangeLog.objects.get(action=ChangeLog.Action.LOGIN)
    assert logged_in.username == "street1" and logged_in.user.username == "street1"
    assert logged_in.region_path == logged_in.user.region.path  # so the street sees its own logins

    assert client.post(reverse("accounts:logout")).status_code == 302
    assert ChangeLog.objects.count() == 3
    assert ChangeLog.objects.get(action=ChangeLog.Action.LOGOUT).username == "street1"
    assert client.get(reverse("dashboard:home")).status_code == 302  # really logged out


def test_it_logs_a_failed_login_for_an_unknown_user(world):
    Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    row = ChangeLog.objects.get()
    assert (row.action, row.username, row.region_path) == (ChangeLog.Action.LOGIN_FAILED, "nobody", "")


def test_it_logs_each_view_of_a_full_id_number(world, login):
    reveal = reverse("members:member_reveal_id_number", args=[world.member1.pk])
    response = login(world.admin).post(reveal)
    assert response.status_code == 200
    assert world.member1.id_number in response.content.decode()
    row = changes().get()
    assert (row.action, row.object_id, row.user) == (ChangeLog.Action.VIEW_PII, str(world.member1.pk), world.admin)
    assert world.member1.id_number not in plain_text(row)
    login(world.admin).post(reveal)
    assert changes().filter(action=ChangeLog.Action.VIEW_PII).count() == 2
    # A street user lacks members.view_id_number: refused, and nothing to log.
    assert login(world.street_user).post(reveal).status_code == 403
    assert changes().count() == 2


# --- append-only -------------------------------------------------------------------------------------

def test_it_refuses_to_edit_or_delete_log_rows(world, login):
    login(world.admin).post(reverse("members:member_reveal_id_number", args=[world.member1.pk]))
    row = changes().get()
    row.detail = "篡改"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.filter(pk=row.pk).update(detail="篡改")
    with pytest.raises(PermissionError):
        ChangeLog.objects.update(detail="篡改")
    with pytest.raises(PermissionError):
        ChangeLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        ChangeLog.objects.all().delete()
    assert ChangeLog.objects.get(pk=row.pk).detail == "查看完整身份证号"


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _touches_the_log(callback) -> bool:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    return getattr(view_class, "model", None) is ChangeLog or getattr(queryset, "model", None) is ChangeLog


def test_it_has_no_url_that_edits_or_deletes_log_rows(world, login):
    touching = [route for route, callback in _patterns(get_resolver()) if _touches_the_log(callback)]
    assert touching == ["audit/"]
    client = login(world.admin)
    client.post(reverse("members:member_reveal_id_number", args=[world.member1.pk]))
    row = changes().get()
    before = ChangeLog.objects.count()
    assert client.post("/audit/", {"detail": "x"}).status_code == 405
    assert client.delete("/audit/").status_code == 405
    for path in (f"/audit/{row.pk}/", f"/audit/{row.pk}/edit/", f"/audit/{row.pk}/delete/", "/api/changelog/",
                 f"/api/changelog/{row.pk}/"):
        assert client.post(path).status_code == 404, path
        assert client.delete(path).status_code == 404, path
    assert ChangeLog.objects.count() == before
    assert ChangeLog.objects.get(pk=row.pk).detail == "查看完整身份证号"


# --- the change log list is scoped ------------------------------------------------------------------

def test_it_shows_each_street_only_its_own_changes(world, login):
    street1 = login(world.street_user)
    form = street1.get(url("organization", "edit", world.org1)).context["form"]
    assert street1.post(url("organization", "edit", world.org1), form_payload(form, name="东方电子改名公司")).status_code == 302
    form = login(world.other_street_user).get(url("organization", "edit", world.org2)).context["form"]
    login(world.other_street_user).post(url("organization", "edit", world.org2), form_payload(form, name="西城改名公司"))
    street1_row, street2_row = ChangeLog.objects.get(object_repr="东方电子改名公司"), ChangeLog.objects.get(object_repr="西城改名公司")

    def listed(client, **params):
        response = client.get(reverse("audit:changelog_list"), {"action": "update", **params})
        assert response.status_code == 200
        return {row.pk for row in response.context["table"].data.data}, response.content.decode()

    rows, html = listed(login(world.other_street_user))
    assert rows == {street2_row.pk} and "东方电子改名公司" not in html
    assert listed(login(world.other_street_user), object_repr="东方")[0] == set()
    rows, html = listed(street1)
    assert rows == {street1_row.pk} and "西城改名公司" not in html
    assert listed(login(world.grid_user))[0] == {street1_row.pk}
    assert listed(login(world.admin))[0] == {street1_row.pk, street2_row.pk}
    # Home page "recent changes" follows the same scope.
    recent = login(world.other_street_user).get(reverse("dashboard:home")).context["recent_changes"]
    assert street2_row in recent and street1_row not in recent
    assert all(row.region_path.startswith(world.street2.path) for row in recent)
    # And the object's own page shows its history.
    detail = street1.get(url("organization", "detail", world.org1)).content.decode()
    assert "东方电子有限公司" in detail and "东方电子改名公司" in detail


# --- personal data at rest and on screen -----------------------------------------------------------

def _raw_member_columns():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_index, phone FROM members_member")
        return cursor.fetchall()


def test_it_stores_no_plain_id_number_or_phone(world, login):
    login(world.admin).post(url("member", "add"), {**create_payload(world, "admin", "member"), "phone": NEW_PHONE})
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    party_org.secretary_phone = "13600001111"
    party_org.save()
    rows = _raw_member_columns()
    assert len(rows) == 3
    plains = [world.member1.id_number, world.member2.id_number, NEW_ID, world.member1.phone, world.member2.phone, NEW_PHONE]
    for row in rows:
        for value in row:
            assert not re.search(r"\d{11,}", value or ""), value
            assert all(plain not in (value or "") for plain in plains)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secretary_phone FROM partyorgs_partyorg WHERE id = %s", [party_org.pk])
        assert "13600001111" not in cursor.fetchone()[0]
    assert PartyOrg.objects.get(pk=party_org.pk).secretary_phone == "13600001111"
    # The model still reads the plain values back.
    assert Member.objects.get(pk=world.member1.pk).id_number == world.member1.id_number
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(before AS TEXT), CAST(after AS TEXT) FROM audit_changelog")
        for before, after in cursor.fetchall():
            assert NEW_ID not in f"{before}{after}" and NEW_PHONE not in f"{before}{after}"


def test_it_finds_a_member_by_the_full_id_number_only(world, login):
    client = login(world.street_user)
    full = world.member1.id_number

    def found(q):
        ui = client.get(reverse("members:member_list"), {"q": q})
        api = client.get("/api/members/", {"q": q}).json()
        return {m.pk for m in ui.context["table"].data.data}, {row["id"] for row in api["results"]}

    assert found(full) == ({world.member1.pk}, {world.member1.pk})
    assert found(f" {full} ") == ({world.member1.pk}, {world.member1.pk})
    for partial in (full[:14], full[-4:], full[6:14], full[:17]):
        assert found(partial) == (set(), set()), partial
    # Another street's member is not found by their number either.
    assert found(world.member2.id_number) == (set(), set())


def test_it_finds_an_id_number_ending_in_x_typed_in_lower_case(world, login):
    Member.objects.create(name="孙晓", id_number="11010119850101005x", organization=world.org1)
    stored = Member.objects.get(name="孙晓")
    assert stored.id_number == "11010119850101005X"
    client = login(world.street_user)
    response = client.get("/api/members/", {"q": "11010119850101005x"})
    assert [row["name"] for row in response.json()["results"]] == ["孙晓"]


def test_it_shows_personal_data_masked_on_every_screen_and_response(world, login):
    client = login(world.admin)
    plain_id, plain_phone = world.member1.id_number, world.member1.phone
    masked_id, masked_phone = "110101********0011", "138****0011"
    assert plain_id == "110101199003070011"
    pages = [
        client.get(reverse("members:member_list")),
        client.get(url("member", "detail", world.member1)),
        client.get(url("member", "edit", world.member1)),
        client.get(url("organization", "detail", world.org1)),
        client.get(url("partyorg", "detail", world.party_org1)),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert plain_id not in html and plain_phone not in html, response.request["PATH_INFO"]
    assert masked_id in pages[0].content.decode() and masked_id in pages[1].content.decode()
    assert masked_phone in pages[0].content.decode()
    for response in (client.get("/api/members/"), client.get(f"/api/members/{world.member1.pk}/")):
        text = response.content.decode()
        assert plain_id not in text and plain_phone not in text
        assert masked_id in text and masked_phone in text
    created = client.post("/api/members/", {**create_payload(world, "admin", "member"), "phone": NEW_PHONE},
                          content_type="application/json")
    assert created.status_code == 201
    assert NEW_ID not in created.content.decode() and created.json()["id_number_masked"] == NEW_ID_MASKED
