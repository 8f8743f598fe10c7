"""API tokens (等保 访问控制, issue 10 §2): made on the profile page or by `liangxin token`, kept
as digests only, ended by expiry, a new password (every path), deactivation and lockout;
listed and revoked by their owner and by an administrator; each creation and revocation logged."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts import tokens
from liangxin.accounts.models import ApiToken
from liangxin.audit.models import ChangeLog
from tests.conftest import PASSWORD
from tests.identity import post_login

API = "/api/regions/"
NEW_PASSWORD = "Fresh#Pass2027"


def works(token: str) -> bool:
    response = Client().get(API, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code in (200, 401), response.content
    return response.status_code == 200


def make_on_the_page(client: Client, name: str) -> str:
    """A token made on 我的令牌, read from the page that shows it once."""
    response = client.post(reverse("accounts:token_add"), {"name": name})
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('aria-label="新令牌"') if 'aria-label="新令牌"' in page else -1
    assert start > 0, page
    value = page[page.rindex('value="', 0, start) + 7:]
    return value[:value.index('"')]


def test_a_token_made_on_the_page_works_once_shown_and_is_logged(world, login):
    client = login(world.street_user)
    assert "我的令牌" in client.get(reverse("accounts:profile")).content.decode()
    token = make_on_the_page(client, "报表系统对接")
    assert works(token)
    row = ApiToken.objects.get(user=world.street_user)
    assert row.name == "报表系统对接" and row.last_used is not None
    # Valid for the setting's days (30 by default), from its creation; use does not extend it.
    assert settings.API_TOKEN_DAYS == 30
    assert abs(row.expires - (row.created + datetime.timedelta(days=30))) < datetime.timedelta(seconds=5)
    # Shown once: the list afterwards names the token but never shows it.
    page = client.get(reverse("accounts:token_list")).content.decode()
    assert "报表系统对接" in page and token not in page and "从未使用" not in page
    entry = ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_CREATE)
    assert entry.user == world.street_user and "报表系统对接" in entry.detail
    assert entry.region_path == world.street1.path  # the street sees its accounts' token events
    # The token carries its owner's jurisdiction, no more.
    response = Client().get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert {row["id"] for row in response.json()["results"]} == {world.org1.pk, world.org1b.pk}


def test_a_user_has_several_named_tokens_each_revocable(world, login):
    client = login(world.grid_user)
    first, second = make_on_the_page(client, "甲系统"), make_on_the_page(client, "乙系统")
    assert works(first) and works(second)
    row = ApiToken.objects.get(user=world.grid_user, name="甲系统")
    response = client.post(reverse("accounts:token_revoke", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:token_list")
    assert not works(first) and works(second)
    entry = ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_REVOKE)
    assert entry.user == world.grid_user and "甲系统" in entry.detail and "本人撤销" in entry.detail


def test_the_database_holds_no_token_text(world, login):
    token = make_on_the_page(login(world.admin), "看不见的令牌")
    _row, printed = tokens.issue(world.street_user, "命令行")
    for secret in (token, printed):
        # Any 12 characters of it (the length of knox's stored prefix is 15: none here).
        pieces = {secret[i:i + 12] for i in range(0, len(secret) - 12)}
        for model in apps.get_models():
            for values in model._base_manager.values_list():
                text = repr(values)
                assert not any(piece in text for piece in pieces), f"{model.__name__} holds token text"
    assert ApiToken.objects.get(name="看不见的令牌").digest == tokens.digest(token)


def test_it_refuses_an_expired_token_and_a_made_up_one(world):
    row, token = tokens.issue(world.leader, "到期")
    assert works(token)
    ApiToken.objects.filter(pk=row.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().get(API, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401 and response.json()["detail"] == "令牌已过期，请重新生成。"
    response = Client().get(API, HTTP_AUTHORIZATION="Token " + "x" * 43)
    assert response.status_code == 401 and response.json()["detail"] == "令牌无效或已被撤销。"


def test_a_token_stops_after_a_password_change_by_its_owner(world, login):
    _row, token = tokens.issue(world.street_user, "自助")
    client = login(world.street_user)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not works(token)
    assert not ApiToken.objects.filter(user=world.street_user).exists()
    entry = ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_REVOKE)
    assert "密码已修改" in entry.detail


def test_a_token_stops_after_an_administrator_sets_a_new_password(world, login):
    _row, token = tokens.issue(world.street_user, "管理员重置")
    _other, kept = tokens.issue(world.other_street_user, "别人的")
    user = world.street_user
    response = login(world.admin).post(reverse("accounts:user_edit", args=[user.pk]), {
        "username": user.username, "display_name": user.display_name, "role": user.role, "region": user.region_id,
        "is_active": "on", "new_password": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()
    assert not works(token) and works(kept)


def test_a_token_stops_after_a_password_change_on_the_command_line(world, monkeypatch):
    _row, token = tokens.issue(world.street_user, "命令行")
    monkeypatch.setattr("django.contrib.auth.management.commands.changepassword.getpass.getpass",
                        lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "street1", stdout=StringIO())
    assert not works(token)


def test_a_login_that_upgrades_the_password_hash_is_not_a_change(world, settings):
    _row, token = tokens.issue(world.street_user, "升级")
    # The conftest hashes with MD5; a login under another preferred hasher rehashes the password.
    settings.PASSWORD_HASHERS = ["tests.identity.FastHistoryHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    assert post_login(Client(), "street1", PASSWORD).status_code == 302
    world.street_user.refresh_from_db()
    assert world.street_user.password.startswith("pbkdf2_sha256$")
    assert works(token)


def test_a_token_stops_when_the_account_is_deactivated(world, login):
    _row, token = tokens.issue(world.street_user, "停用")
    user = world.street_user
    response = login(world.admin).post(reverse("accounts:user_edit", args=[user.pk]), {
        "username": user.username, "display_name": user.display_name, "role": user.role, "region": user.region_id})
    assert response.status_code == 302, response.content.decode()
    user.refresh_from_db()
    assert not user.is_active and not works(token)
    assert "账号已停用" in ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_REVOKE).detail
    with pytest.raises(Exception, match="已停用"):
        call_command("token", "street1", stdout=StringIO())


def test_a_token_stops_when_the_account_is_locked_not_when_its_address_is(world):
    _row, token = tokens.issue(world.street_user, "锁定")
    _row2, bystander = tokens.issue(world.grid_user, "旁观")
    spray = Client(REMOTE_ADDR="10.9.8.7")
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        post_login(spray, f"guess{n}", "Wrong#pass1")
    # The address's 20th failure locks the address; the last username tried is not locked.
    post_login(spray, "grid1", "Wrong#pass1")
    assert works(bystander)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(Client(), "street1", "Wrong#pass1")
    assert works(token)
    post_login(Client(), "street1", "Wrong#pass1")
    assert not works(token)
    entry = ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_REVOKE)
    assert "锁定" in entry.detail and "street1" in entry.detail


def test_an_owner_sees_only_their_own_tokens_and_another_s_id_answers_404(world, login):
    mine, _ = tokens.issue(world.street_user, "我的系统")
    theirs, their_token = tokens.issue(world.other_street_user, "别人的系统")
    client = login(world.street_user)
    page = client.get(reverse("accounts:token_list")).content.decode()
    assert "我的系统" in page and "别人的系统" not in page
    assert client.post(reverse("accounts:token_revoke", args=[theirs.pk])).status_code == 404
    assert works(their_token)
    # A street committee manages no accounts: not even the tokens of its own street's users.
    grid_token, _ = tokens.issue(world.grid_user, "网格的系统")
    assert client.post(reverse("accounts:token_revoke", args=[grid_token.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=mine.pk).exists()


def test_an_administrator_lists_and_revokes_a_user_s_tokens_on_the_user_page(world, login):
    row, token = tokens.issue(world.street_user, "街道报表")
    admin = login(world.admin)
    page_url = reverse("accounts:user_detail", args=[world.street_user.pk])
    page = admin.get(page_url).content.decode()
    assert "API 令牌" in page and "街道报表" in page and reverse("accounts:token_revoke", args=[row.pk]) in page
    response = admin.post(reverse("accounts:token_revoke", args=[row.pk]), {"next": page_url})
    assert response.status_code == 302 and response["Location"] == page_url
    assert not works(token)
    entry = ChangeLog.objects.get(action=ChangeLog.Action.TOKEN_REVOKE)
    assert entry.user == world.admin and "管理员 admin 撤销" in entry.detail
    # The page does not send anyone off the site.
    other, _ = tokens.issue(world.street_user, "另一个")
    response = admin.post(reverse("accounts:token_revoke", args=[other.pk]), {"next": "https://example.com/"})
    assert response["Location"] == reverse("accounts:token_list")


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor cannot run inside the test's transaction
def test_the_upgrade_drops_drf_s_token_table_with_its_rows():
    migration = importlib.import_module("liangxin.accounts.migrations.0005_api_tokens")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', NULL, 1)")
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('authtoken', '0001_initial', "
                       "CURRENT_TIMESTAMP)")
    with connection.schema_editor() as editor:
        migration.drop_drf_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone()[0] == 0
