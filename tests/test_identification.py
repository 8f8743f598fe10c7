"""Identification (等保 身份鉴别) by persona, at each threshold: the password policy on every path
that sets a password, its expiry and history, the lockout, and the idle timeout."""

import datetime
import io
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.lockout import local_time
from liangxin.accounts.middleware import LAST_SEEN
from liangxin.accounts.models import User
from liangxin.accounts.tokens import issue
from liangxin.audit.models import ChangeLog
from tests.conftest import PASSWORD
from tests.identity import logs_in, post_login, post_login_verified

LOCKED = "已暂时锁定"
WRONG = "用户名或密码不正确"
WEAK = {
    "xkcdwxyz": "至少 3 类",  # eight lowercase letters: the issue's example
    "Ab1!": "至少 8 位",
    "P@ssw0rd": "常见弱密码",
}


# --------------------------------------------------------------------------- password policy
def change_password(client: Client, old: str, new: str):
    return client.post(reverse("accounts:password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": new})


def test_it_changes_a_password_by_self_service_and_logs_it(world, login):
    # Was a 500: the change log was handed request.user, a lazy wrapper with no manager.
    client = login(world.street_user)
    response = change_password(client, PASSWORD, "Dong@Jie2027")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    assert logs_in("street1", "Dong@Jie2027")
    assert ChangeLog.objects.filter(action=ChangeLog.Action.PASSWORD_CHANGE, object_id=str(world.street_user.pk)).count() == 1
    # The session that changed it stays logged in.
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(("weak", "rule"), WEAK.items())
def test_it_refuses_a_weak_password_on_self_service_naming_the_rule(world, login, weak, rule):
    response = change_password(login(world.grid_user), PASSWORD, weak)
    assert response.status_code == 200
    assert rule in response.content.decode()
    assert logs_in("grid1", PASSWORD)


def test_it_refuses_a_password_like_the_username(world, login):
    response = change_password(login(world.street_user), PASSWORD, "Street1!")
    assert "密码与用户名太相似" in response.content.decode()


def test_it_counts_three_of_four_classes(world, login):
    client = login(world.grid_user)
    # Lower + digit + symbol, without an upper-case letter: three classes are enough.
    assert change_password(client, PASSWORD, "wangge#2027").status_code == 302
    # Lower + upper only: two classes.
    response = change_password(client, "wangge#2027", "WangGeYuanDong")
    assert "现在只有：大写字母、小写字母" in response.content.decode()


@pytest.mark.parametrize(("weak", "rule"), WEAK.items())
def test_it_refuses_a_weak_password_in_the_administrators_form(world, login, weak, rule):
    client = login(world.admin)
    response = client.post(reverse("accounts:user_add"), {
        "username": "newclerk", "display_name": "新办事员", "role": "community", "region": world.grid1.pk,
        "is_active": "on", "new_password": weak,
    })
    assert response.status_code == 200 and rule in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()
    response = client.post(reverse("accounts:user_edit", args=[world.grid_user.pk]), {
        "username": "grid1", "display_name": "grid1", "role": "community", "region": world.grid1.pk,
        "is_active": "on", "new_password": weak,
    })
    assert response.status_code == 200 and rule in response.content.decode()


def test_it_refuses_a_weak_password_in_createsuperuser(world, monkeypatch):
    from django.contrib.auth.management.commands import createsuperuser

    passwords = iter(["xkcdwxyz", "xkcdwxyz", "Gao#Guan2027", "Gao#Guan2027"])
    answers = iter(["rootadmin", "", "n"])  # username, e-mail, then “bypass validation?” no
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(passwords))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = io.StringIO()
    call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=io.StringIO(), stderr=err)
    assert "至少 3 类" in err.getvalue()
    assert User.objects.get(username="rootadmin").check_password("Gao#Guan2027")


def test_it_keeps_the_demo_password_valid(world):
    from django.contrib.auth.password_validation import validate_password

    validate_password("Liangxin@2026", User(username="admin", display_name="区委组织部管理员"))


# --------------------------------------------------------------------------- history and expiry
def test_it_refuses_any_of_the_last_five_passwords(world, login):
    client = login(world.secretary)
    chain = [PASSWORD] + [f"Shuji#{n}2027" for n in range(1, 6)]
    for old, new in zip(chain, chain[1:], strict=False):
        assert change_password(client, old, new).status_code == 302, new
    current = chain[-1]
    # The current password and the four before it are the last five: all refused.
    for reused in chain[-5:]:
        response = change_password(client, current, reused)
        assert "不能使用最近 5 次用过的密码" in response.content.decode(), reused
    # The sixth from the end has dropped out of the history.
    assert change_password(client, current, chain[0]).status_code == 302


def test_it_sends_an_expired_password_to_the_change_page(world):
    stale = timezone.now() - datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS, minutes=1)
    User.objects.filter(pk=world.street_user.pk).update(password_changed_at=stale)
    client = Client()
    response = post_login_verified(client, "street1", PASSWORD)
    assert response.status_code == 302
    response = client.get(reverse("organizations:organization_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change") + "?next=")
    page = client.get(response["Location"])
    assert "已使用超过 90 天" in page.content.decode()
    # The API over the session answers 403 with the reason; logging out still works.
    api = client.get("/api/organizations/")
    assert api.status_code == 403 and "修改密码" in api.json()["detail"]
    # Once changed, the page asked for first is where the user lands.
    response = client.post(response["Location"], {"old_password": PASSWORD, "new_password1": "Dong@Jie2027",
                                                  "new_password2": "Dong@Jie2027"})
    assert response["Location"] == reverse("organizations:organization_list")
    assert client.get(reverse("organizations:organization_list")).status_code == 200


def test_it_does_not_send_a_password_younger_than_the_limit(world):
    fresh = timezone.now() - datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS - 1)
    User.objects.filter(pk=world.street_user.pk).update(password_changed_at=fresh)
    assert logs_in("street1", PASSWORD)


def test_it_asks_accounts_from_before_the_policy_to_set_a_new_password(world, login):
    User.objects.filter(pk=world.grid_user.pk).update(password_changed_at=None)
    response = login(world.grid_user).get(reverse("accounts:profile"), follow=True)
    assert "请先设置一个符合密码规则的新密码" in response.content.decode()


# --------------------------------------------------------------------------- lockout
def fail(username: str, times: int, client: Client | None = None, **extra):
    client = client or Client()
    for _ in range(times):
        response = post_login(client, username, "Wrong#pass1", **extra)
    return response


def test_it_logs_in_after_four_failures_and_the_success_resets_the_count(world):
    assert WRONG in fail("street1", 4).content.decode()
    assert logs_in("street1", PASSWORD)
    assert not AccessAttempt.objects.filter(username="street1").exists()
    fail("street1", 4)
    assert logs_in("street1", PASSWORD)


def test_it_locks_an_account_at_the_fifth_failure_even_for_the_right_password(world):
    response = fail("street1", 5)
    assert response.status_code == 429
    page = response.content.decode()
    until = AccessAttempt.objects.get(username="street1").attempt_time + settings.AXES_COOLOFF_TIME
    assert LOCKED in page and f"请于 {local_time(until)} 后再试" in page and WRONG not in page
    right = post_login(Client(), "street1", PASSWORD)
    assert right.status_code == 429
    # The same answer whether the password was right or not.
    assert right.content.decode().count(LOCKED) == 1 and f"请于 {local_time(until)} 后再试" in right.content.decode()
    assert not logs_in("street1", PASSWORD)
    # Tries during the lock do not count, so it still ends when the page said.
    assert AccessAttempt.objects.get(username="street1").failures_since_start == 5
    locks = ChangeLog.objects.filter(action=ChangeLog.Action.LOCKOUT)
    assert locks.count() == 1
    assert locks.get().user_id == world.street_user.pk and "连续登录失败 5 次" in locks.get().detail
    # Other accounts are not affected.
    assert logs_in("street2", PASSWORD)


def test_it_ends_the_lock_after_the_cool_off(world):
    fail("grid1", 5)
    assert not logs_in("grid1", PASSWORD)
    before_end = timezone.now() - settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    AccessAttempt.objects.filter(username="grid1").update(attempt_time=before_end)
    assert not logs_in("grid1", PASSWORD)
    past_end = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.filter(username="grid1").update(attempt_time=past_end)
    assert logs_in("grid1", PASSWORD)


def test_it_locks_an_address_that_sprays_many_usernames(world):
    spray = Client(REMOTE_ADDR="10.9.8.7")
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        assert LOCKED not in fail(f"guess{n}", 1, spray).content.decode()  # each username tried once
    assert LOCKED in fail("guess-last", 1, spray).content.decode()
    # Now no account logs in from that address, while the same account from elsewhere does.
    assert not logs_in("street2", PASSWORD, Client(REMOTE_ADDR="10.9.8.7"))
    assert logs_in("street2", PASSWORD, Client(REMOTE_ADDR="10.9.8.8"))
    lock = ChangeLog.objects.get(action=ChangeLog.Action.LOCKOUT)
    assert "10.9.8.7" in lock.detail and lock.region_path == ""


def test_an_own_success_does_not_clear_an_address_s_failures(world):
    spray = Client(REMOTE_ADDR="10.9.8.7")
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        fail(f"guess{n}", 1, spray)
    assert logs_in("leader1", PASSWORD, Client(REMOTE_ADDR="10.9.8.7"))
    assert LOCKED in fail("guess-last", 1, spray).content.decode()


def test_a_lock_revokes_the_account_s_api_tokens(world, login):
    _row, token = issue(world.admin, "测试")
    assert Client().get("/api/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    fail("admin", 4)
    assert Client().get("/api/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    fail("admin", 1)
    # The fifth failure locks the account, and its tokens end with the lock (tests/test_tokens.py).
    assert Client().get("/api/regions/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert login(world.street_user).get("/api/regions/").status_code == 200


# --------------------------------------------------------------------------- unlocking
def test_an_administrator_sees_and_unlocks_a_locked_account(world, login):
    fail("street1", 5)
    admin = login(world.admin)
    page = admin.get(reverse("accounts:locked_list")).content.decode()
    assert "street1" in page and "解锁" in page
    assert reverse("accounts:locked_list") in admin.get(reverse("accounts:user_list")).content.decode()
    response = admin.post(reverse("accounts:unlock"), {"username": "street1", "ip_address": ""})
    assert response.status_code == 302
    assert logs_in("street1", PASSWORD)
    entry = ChangeLog.objects.get(action=ChangeLog.Action.UNLOCK)
    assert entry.user_id == world.admin.pk and entry.object_id == str(world.street_user.pk)
    assert "目前没有被锁定的账号" in admin.get(reverse("accounts:locked_list")).content.decode()


def test_only_administrators_reach_the_locked_accounts(world, login):
    fail("street2", 5)
    for persona in (world.street_user, world.grid_user, world.leader, world.secretary, world.instructor_user):
        client = login(persona)
        assert client.get(reverse("accounts:locked_list")).status_code == 403, persona.username
        assert client.post(reverse("accounts:unlock"), {"username": "street2"}).status_code == 403, persona.username
    assert Client().get(reverse("accounts:locked_list")).status_code == 302
    assert not logs_in("street2", PASSWORD)


def test_an_unlock_of_something_not_locked_is_refused(world, login):
    response = login(world.admin).post(reverse("accounts:unlock"), {"username": "street1"}, follow=True)
    assert "当前未被锁定" in response.content.decode()
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.UNLOCK).exists()


# --------------------------------------------------------------------------- idle timeout
def idle_for(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - seconds
    session.save()


def test_an_idle_session_ends_after_the_timeout(world, login):
    client = login(world.street_user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    idle_for(client, settings.SESSION_IDLE_SECONDS + 1)
    response = client.get(reverse("accounts:profile"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "分钟未操作，为保护数据已自动退出" in response.content.decode()
    assert ChangeLog.objects.filter(action=ChangeLog.Action.LOGOUT, user=world.street_user).exists()


def test_activity_renews_the_session(world, login):
    client = login(world.street_user)
    client.get(reverse("accounts:profile"))
    idle_for(client, settings.SESSION_IDLE_SECONDS - 5)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert int(response["X-Session-Remaining"]) >= settings.SESSION_IDLE_SECONDS - 1
    idle_for(client, settings.SESSION_IDLE_SECONDS - 5)
    keep = client.post(reverse("accounts:session_keepalive"))
    assert keep.json()["remaining"] >= settings.SESSION_IDLE_SECONDS - 1
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_page_carries_the_idle_warning_and_the_cookie_ends_with_the_browser(world):
    client = Client()
    response = post_login_verified(client, "street1", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-session-remaining="' in page and "session-timeout.js" in page and "继续使用" in page
    assert "session-timeout.js" not in Client().get(reverse("accounts:login")).content.decode()
    assert Client().post(reverse("accounts:session_keepalive")).status_code == 403
