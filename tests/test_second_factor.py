"""The second factor (issue 10, 身份鉴别): TOTP after the password for the roles that change
other users or see full 身份证号, with recovery codes; wrong codes count toward the lockout;
full 身份证号 (an export, a member's number) need a verification within the last few minutes.
Other tests log in through tests.identity (force_login_verified, logs_in), which pass it."""

import io
import time

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.accounts import tokens
from liangxin.accounts.roles import (
    ROLE_PERMISSIONS,
    SECOND_FACTOR_ROLES,
    needs_second_factor,
    permissions_for,
)
from liangxin.accounts.secondfactor import VERIFIED_AT, app_device
from liangxin.audit.models import ChangeLog
from tests.conftest import PASSWORD
from tests.identity import (
    code_for_secret,
    current_code,
    logs_in,
    post_login,
    verified_device,
)
from tests.routes import all_routes

SENSITIVE = ("accounts.change_user", "members.view_id_number")
VERIFY = reverse("accounts:otp_verify")
ENROL = reverse("accounts:otp_enrol")
# What answers a session that has passed the password only.
OPEN_BEFORE_THE_SECOND_FACTOR = {"accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_enrol",
                                 "accounts:session_keepalive", "healthz", "favicon"}


def actions(username: str) -> list[str]:
    return list(ChangeLog.objects.filter(username=username, action__startswith="otp_").order_by("pk")
                .values_list("action", flat=True))


def password_only(username: str, **extra) -> Client:
    client = Client(**extra)
    assert post_login(client, username, PASSWORD).status_code == 302
    return client


def wrong_code(device: TOTPDevice) -> str:
    right = current_code(device)
    return "000000" if right != "000000" else "111111"


# --------------------------------------------------------------------------- who needs it

def test_every_role_that_changes_users_or_sees_full_id_numbers_needs_the_second_factor():
    for role in ROLE_PERMISSIONS:
        if any(permission in permissions_for(role) for permission in SENSITIVE):
            assert role in SECOND_FACTOR_ROLES, role


def test_administrators_street_committees_and_superusers_need_it_and_no_one_else(world):
    needing = {u.username for u in get_user_model().objects.all() if needs_second_factor(u)}
    assert needing == {"admin", "street1", "street2"}
    world.leader.is_superuser = True
    assert needs_second_factor(world.leader)


def test_other_roles_log_in_with_the_password_alone(world):
    for username in ("grid1", "instructor1", "secretary1", "pairing1", "leader1"):
        client = password_only(username)
        assert client.get(reverse("accounts:profile")).status_code == 200, username
    assert not TOTPDevice.objects.filter(user__username="grid1").exists()


# --------------------------------------------------------------------------- the password alone

def test_an_administrator_with_the_password_alone_reaches_no_page(world):
    verified_device(world.admin)
    client = password_only("admin")
    wrong, tried = [], 0
    for route in all_routes():
        if route.name in OPEN_BEFORE_THE_SECOND_FACTOR:
            continue
        kwargs = {}
        if route.kwarg:
            declared = route.declared
            kwargs = {route.kwarg: declared.values()[0] if declared and declared.values else 1}
        url = route.url(kwargs)
        response = getattr(client, route.method.lower())(url)
        tried += 1
        if route.api:
            if response.status_code != 403 or "双因素验证" not in response.json()["detail"]:
                wrong.append(f"{route}: {response.status_code}")
        elif response.status_code != 302 or not response["Location"].startswith(VERIFY):
            wrong.append(f"{route}: {response.status_code} {response.get('Location', '')}")
    assert tried > 100
    assert not wrong, "\n".join(wrong)
    # The same session, once the code is given, reaches them.
    assert client.post(VERIFY, {"code": current_code(app_device(world.admin))}).status_code == 302
    assert client.get(reverse("members:member_list")).status_code == 200
    assert client.get("/api/members/").status_code == 200


def test_the_login_goes_straight_to_the_code_page_and_back_to_the_page_asked_for(world):
    verified_device(world.street_user)
    client = Client()
    target = reverse("organizations:organization_list")
    response = client.post(reverse("accounts:login") + f"?next={target}",
                           {"username": "street1", "password": PASSWORD, "next": target})
    assert response["Location"].startswith(VERIFY + "?next=")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html and "恢复码" in html
    response = client.post(response["Location"], {"code": current_code(app_device(world.street_user)), "next": target})
    assert response["Location"] == target


def test_a_token_request_is_not_asked_for_the_second_factor(world):
    _row, token = tokens.issue(world.admin, "对接")
    response = Client().get("/api/members/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


# --------------------------------------------------------------------------- codes

def test_a_wrong_code_fails_and_a_right_code_passes(world):
    device = verified_device(world.street_user)
    client = password_only("street1")
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert actions("street1") == ["otp_failed", "otp_verify"]


def test_a_code_is_accepted_once(world):
    device = verified_device(world.street_user)
    code = current_code(device)
    first = password_only("street1")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = password_only("street1")
    assert "验证码不正确" in second.post(VERIFY, {"code": code}).content.decode()


def test_a_recovery_code_works_once(world):
    client = password_only("street2")
    client.get(ENROL)
    pending = TOTPDevice.objects.get(user=world.other_street_user, confirmed=False)
    codes = client.post(ENROL, {"code": current_code(pending)}).context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    client.post(reverse("accounts:logout"))

    client = password_only("street2")
    response = client.post(VERIFY, {"code": codes[3].upper()})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert StaticToken.objects.filter(device__user=world.other_street_user).count() == 9
    row = ChangeLog.objects.filter(username="street2", action="otp_recovery").get()
    assert "剩余 9 个" in row.detail

    again = password_only("street2")
    assert "验证码不正确" in again.post(VERIFY, {"code": codes[3]}).content.decode()
    assert again.get(reverse("accounts:profile")).status_code == 302


# --------------------------------------------------------------------------- enrolment

def test_the_first_login_enrols_with_a_qr_code_and_shows_ten_recovery_codes_once(world):
    assert app_device(world.other_street_user) is None
    client = password_only("street2")
    assert client.get(VERIFY)["Location"].startswith(ENROL)
    page = client.get(ENROL)
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    secret = page.context["secret"]
    assert client.get(ENROL).context["secret"] == secret  # a reload shows the same secret
    assert "验证码不正确" in client.post(ENROL, {"code": "12345"}).content.decode()
    response = client.post(ENROL, {"code": code_for_secret(secret), "next": "/members/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["codes"]) == 10 and all(code.upper() in html for code in response.context["codes"])
    assert 'href="/members/"' in html
    assert app_device(world.other_street_user) is not None
    assert client.get(reverse("accounts:profile")).status_code == 200
    # Shown once: the enrolment page now sends to the code page, the password alone cannot enrol again.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert password_only("street2").post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert actions("street2") == ["otp_failed", "otp_enrol"]


def test_roles_without_the_second_factor_have_no_enrolment(world, login):
    assert login(world.grid_user).get(ENROL).status_code == 404


# --------------------------------------------------------------------------- lockout

def test_five_wrong_codes_lock_the_account_and_end_the_session(world):
    device = verified_device(world.street_user)
    client = password_only("street1")
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert ChangeLog.objects.filter(username="street1", action="lockout").count() == 1
    # Locked: the right password (and then the right code) gets nowhere until the cool-off ends.
    assert not logs_in("street1", PASSWORD)


def test_a_password_success_does_not_clear_wrong_codes_but_a_right_code_does(world):
    device = verified_device(world.street_user)
    client = password_only("street1")
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device)})
    client = password_only("street1")  # the password again: the three wrong codes still count
    client.post(VERIFY, {"code": wrong_code(device)})
    assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 429

    device = verified_device(world.other_street_user)
    client = password_only("street2")
    for _ in range(4):
        client.post(VERIFY, {"code": wrong_code(device)})
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    client = password_only("street2")
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200


# --------------------------------------------------------------------------- reset and the command

def test_an_administrator_resets_a_user_s_device(world, login):
    street = login(world.street_user)  # a verified session of street1
    assert street.get(reverse("accounts:profile")).status_code == 200
    reset = reverse("accounts:user_otp_reset", args=[world.street_user.pk])
    assert login(world.other_street_user).post(reset).status_code == 403
    admin = login(world.admin)
    assert "重置双因素设备" in admin.get(reverse("accounts:user_detail", args=[world.street_user.pk])).content.decode()
    assert admin.post(reset).status_code == 302
    assert app_device(world.street_user) is None and not StaticDevice.objects.filter(user=world.street_user).exists()
    row = ChangeLog.objects.get(action="otp_reset")
    assert row.username == "admin" and row.object_repr == str(world.street_user)
    # The session verified by the removed device is no longer verified: it enrols anew.
    response = street.get(reverse("accounts:profile"))
    assert response["Location"].startswith(VERIFY)
    assert street.get(response["Location"])["Location"].startswith(ENROL)


def test_the_otp_command_enrols_and_prints_a_code_the_page_accepts(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("otp", "street2", stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert code.isdigit() and len(code) == 6 and "已为 street2 绑定身份验证器" in err.getvalue()
    assert actions("street2") == ["otp_enrol"]
    client = password_only("street2")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    # Right after a login the same step's code is spent: the command prints the next one.
    out = io.StringIO()
    call_command("otp", "street2", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() != code
    assert password_only("street2").post(VERIFY, {"code": out.getvalue().strip()}).status_code == 302


# --------------------------------------------------------------------------- full 身份证号

def age_verification(client: Client, seconds: float) -> None:
    session = client.session
    session[VERIFIED_AT] = time.time() - seconds
    session.save()


def sheet_ids(response) -> list[str]:
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    return [row[3] for row in rows[1:]]


FULL = reverse("ledger:member_export_full")


def test_the_member_export_is_masked_by_default_even_for_an_administrator(world, login):
    ids = sheet_ids(login(world.admin).get(reverse("ledger:export", args=["members"])))
    assert ids and all("*" in i for i in ids)
    assert not ChangeLog.objects.filter(action="view_pii").exists()


def test_a_full_export_needs_a_recent_second_factor_a_reason_and_is_logged(world, login):
    limit = settings.SECOND_FACTOR_RECENT_MINUTES * 60
    admin = login(world.admin)
    age_verification(admin, limit + 2)
    response = admin.get(FULL + f"?organization={world.org1.pk}")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next=")
    assert admin.get(response["Location"]).context["again"]
    age_verification(admin, limit - 2)
    form = admin.get(FULL + f"?organization={world.org1.pk}")
    assert form.status_code == 200 and form.context["count"] == 1
    assert admin.post(FULL, {"query": f"organization={world.org1.pk}", "reason": "  "}).status_code == 400
    response = admin.post(FULL, {"query": f"organization={world.org1.pk}", "reason": "报送党员信息核查"})
    assert sheet_ids(response) == [world.member1.id_number]
    export = ChangeLog.objects.get(action="export", username="admin")
    assert "导出党员1条" in export.detail and "含完整身份证号" in export.detail and "事由：报送党员信息核查" in export.detail
    view = ChangeLog.objects.get(action="view_pii", username="admin")
    assert "1条" in view.detail and "报送党员信息核查" in view.detail


def test_a_full_export_re_asks_the_code_and_comes_back(world, login):
    admin = login(world.admin)
    age_verification(admin, settings.SECOND_FACTOR_RECENT_MINUTES * 60 + 2)
    response = admin.post(FULL, {"query": "", "reason": "核查"})
    assert response["Location"].startswith(VERIFY)
    back = admin.post(response["Location"], {"code": current_code(app_device(world.admin))})
    assert back["Location"] == FULL
    assert admin.get(FULL).status_code == 200


@pytest.mark.parametrize("persona", ["street_user", "grid_user", "leader"])
def test_roles_without_the_permission_get_no_full_export(world, login, persona):
    assert login(getattr(world, persona)).get(FULL).status_code == 403


def test_the_member_reveal_needs_a_recent_second_factor(world, login):
    limit = settings.SECOND_FACTOR_RECENT_MINUTES * 60
    reveal = reverse("members:member_reveal_id_number", args=[world.member1.pk])
    admin = login(world.admin)
    age_verification(admin, limit + 2)
    response = admin.post(reveal)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    htmx = admin.post(reveal, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith(VERIFY)
    assert not ChangeLog.objects.filter(action="view_pii").exists()
    age_verification(admin, limit - 2)
    response = admin.post(reveal)
    assert response.status_code == 200 and world.member1.id_number in response.content.decode()
