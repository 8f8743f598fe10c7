"""The change log as a security record: every security event on the page by kind, user and
time, for the administrator; each street only its own accounts' events."""

import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from tests.conftest import PASSWORD
from tests.identity import logs_in
from tests.test_personas import form_payload, url


def fail_login(username: str) -> None:
    response = Client().post(reverse("accounts:login"), {"username": username, "password": "wrong-password"})
    assert response.status_code == 200


def listed(client, **params) -> tuple[list[ChangeLog], int]:
    """The rows the change log page lists for these filters, and the count it shows."""
    response = client.get(reverse("audit:changelog_list"), params)
    assert response.status_code == 200
    shown = int(re.search(r"共 (\d+) 条", response.content.decode()).group(1))
    return list(response.context["table"].data.data), shown


def test_it_shows_the_administrator_every_failed_login_with_the_right_count(world, login):
    for username in ("street1", "street1", "nobody", "grid1"):
        fail_login(username)
    admin = login(world.admin)
    rows, shown = listed(admin, action="login_failed")
    assert shown == len(rows) == 4
    assert sorted(row.username for row in rows) == ["grid1", "nobody", "street1", "street1"]
    # By the username tried, whether or not an account has it.
    rows, shown = listed(admin, username="nobody")
    assert shown == 1 and [(row.action, row.user) for row in rows] == [(ChangeLog.Action.LOGIN_FAILED, None)]
    rows, shown = listed(admin, username="street1", action="login_failed")
    assert shown == len(rows) == 2
    # By time: today's, none before.
    today = timezone.localdate()
    assert listed(admin, action="login_failed", since=today.isoformat())[1] == 4
    assert listed(admin, action="login_failed", until=(today - datetime.timedelta(days=1)).isoformat()) == ([], 0)


def test_it_shows_a_street_the_security_events_of_its_own_accounts_only(world, login):
    for username in ("street1", "grid1", "street2", "nobody", "admin"):
        fail_login(username)
    rows, shown = listed(login(world.street_user), action="login_failed")
    # street1's own account and the grid account inside its street; not the other street's,
    # not the district's, not a username that no account has.
    assert sorted(row.username for row in rows) == ["grid1", "street1"] and shown == 2
    rows, shown = listed(login(world.other_street_user), action="login_failed")
    assert [row.username for row in rows] == ["street2"] and shown == 1
    assert [row.username for row in listed(login(world.grid_user), action="login_failed")[0]] == ["grid1"]
    rows, shown = listed(login(world.admin), action="login_failed")
    assert shown == 5


def test_it_logs_a_password_set_by_an_administrator_as_a_password_change(world, login):
    client = login(world.admin)
    form = client.get(url("user", "edit", world.grid_user)).context["form"]
    assert client.post(url("user", "edit", world.grid_user), form_payload(form, new_password="Another@2026x")).status_code == 302
    row = ChangeLog.objects.get(action=ChangeLog.Action.PASSWORD_CHANGE)
    assert (row.object_id, row.user, row.username) == (str(world.grid_user.pk), world.admin, "admin")
    assert "Another@2026x" not in str(row.after) and PASSWORD not in str(row.after)
    rows, shown = listed(client, action="password_change")
    assert [r.pk for r in rows] == [row.pk] and shown == 1
    # An edit that leaves the password alone is an ordinary update.
    form = client.get(url("user", "edit", world.grid_user)).context["form"]
    client.post(url("user", "edit", world.grid_user), form_payload(form, display_name="网格员改"))
    assert ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE, object_id=str(world.grid_user.pk)).count() == 1


def test_it_lists_security_events_apart_from_changes(world, login):
    fail_login("nobody")
    admin = login(world.admin)  # a login row
    form = admin.get(url("organization", "edit", world.org1)).context["form"]
    admin.post(url("organization", "edit", world.org1), form_payload(form, name="东方电子改名公司"))
    admin.post(reverse("members:member_reveal_id_number", args=[world.member1.pk]))
    rows, shown = listed(admin, category="security")
    assert sorted(row.action for row in rows) == ["login", "login_failed", "view_pii"] and shown == 3
    rows, shown = listed(admin, category="data")
    assert [row.action for row in rows] == ["update"] and shown == 1


def test_a_user_changing_their_own_password_is_logged_as_a_password_change(world, login):
    client = login(world.street_user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another@2026x", "new_password2": "Another@2026x"})
    assert response.status_code == 302
    row = ChangeLog.objects.get(action=ChangeLog.Action.PASSWORD_CHANGE)
    assert (row.object_id, row.user, row.region_path) == (str(world.street_user.pk), world.street_user, world.street1.path)
    assert logs_in("street1", "Another@2026x")
    # The street sees its own account's password change; the other street does not.
    assert listed(client, action="password_change")[1] == 1
    assert listed(login(world.other_street_user), action="password_change")[1] == 0
