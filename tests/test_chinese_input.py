"""What users type and read: Chinese whatever the browser, dates one way per context, pasted
codes and phones accepted and normalized before they are checked, messages that name their
field once, dropdowns that say 请选择…, plain words for a taken code, the role shown once, and
downloads named in Chinese with the date."""

import datetime
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.validators import normalize_phone, validate_phone
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.conftest import id_number
from tests.identity import force_login_verified
from tests.test_personas import form_payload

EN = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
VALID_CODE = "91440300MA5F00001A"


def english_client(user) -> Client:
    client = Client(**EN)
    force_login_verified(client, user)
    return client


# --- language and dates ----------------------------------------------------------------------

def test_it_answers_an_english_browser_in_chinese(world):
    response = english_client(world.street_user).post(reverse("organizations:organization_add"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["该字段是必填项。"]
    html = response.content.decode()
    assert "组织名称：该字段是必填项。" in html and "This field is required" not in html
    assert '<html lang="zh-Hans">' in html


def test_it_writes_dates_iso_in_tables_and_in_chinese_in_prose(world):
    day = datetime.date(2023, 8, 9)
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2023-08-09"
    assert formats.date_format(day) == "2023年8月9日"
    assert formats.localize_input(day) == "2023-08-09"
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    party_org.founded_on = day
    party_org.save()
    html = english_client(world.street_user).get(reverse("partyorgs:partyorg_detail", args=[party_org.pk])).content.decode()
    assert "2023年8月9日" in html and "Aug. 9, 2023" not in html


@pytest.mark.parametrize("typed", ["2023-08-09", "2023/08/09", "2023.8.9", "2023年8月9日"])
def test_it_reads_the_dates_people_type(typed):
    from django import forms

    assert forms.DateField().clean(typed) == datetime.date(2023, 8, 9)


# --- pasted codes ----------------------------------------------------------------------------

def test_it_lets_the_credit_code_box_take_a_pasted_code_with_spaces(world):
    html = english_client(world.street_user).get(reverse("organizations:organization_add")).content.decode()
    box = html.split('name="credit_code"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in box and 'autocapitalize="characters"' in box


@pytest.mark.parametrize("pasted", [f" {VALID_CODE} ", "9144 0300 MA5F 0000 1A", "９１４４０３００ｍａ５ｆ００００１ａ", " 91440300ma5f00001a\t"])
def test_it_saves_a_pasted_credit_code_normalized(world, pasted):
    response = english_client(world.street_user).post(reverse("organizations:organization_add"), {
        "name": "粘贴代码企业", "kind": "enterprise", "status": "normal", "region": world.grid1.pk, "employees": "8",
        "credit_code": pasted,
    })
    assert response.status_code == 302, response.context["form"].errors
    assert Organization.objects.get(name="粘贴代码企业").credit_code == VALID_CODE


def test_it_judges_a_pasted_code_by_its_validator_after_normalizing(world):
    too_long = "9144 0300 MA5F 0000 1A7"  # 19 characters once the spaces go
    response = english_client(world.street_user).post(reverse("organizations:organization_add"), {
        "name": "过长代码企业", "kind": "enterprise", "status": "normal", "region": world.grid1.pk, "credit_code": too_long,
    })
    assert response.context["form"].errors["credit_code"] == [
        "统一社会信用代码应为18位，当前为19位，请核对营业执照或登记证书后重新填写。"
    ]


def test_it_accepts_a_pasted_code_through_the_api_too(world, login):
    response = login(world.street_user).post("/api/organizations/", {
        "name": "接口粘贴企业", "region": world.grid1.pk, "credit_code": "9144 0300 ma5f 0000 1a",
    }, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["credit_code"] == VALID_CODE


@pytest.mark.parametrize(("pasted", "stored"), [
    ("138-1234-5678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138 1234 5678", "13812345678"),
    ("１３８－１２３４－５６７８", "13812345678"), ("(0755) 1234 5678", "075512345678"), ("0755－12345678", "0755-12345678"),
    ("010-1234567-123", "010-1234567-123"),
])
def test_it_normalizes_pasted_phone_numbers(pasted, stored):
    assert normalize_phone(pasted) == stored
    validate_phone(pasted)


def test_it_saves_a_member_with_a_pasted_id_number_and_phone(world):
    number = id_number("11010119850101021")
    pasted = f" {number[:6]} {number[6:14]} {number[14:].lower()} ".replace("0", "０")
    client = english_client(world.street_user)
    html = client.get(reverse("members:member_add")).content.decode()
    for name in ("id_number", "phone"):
        assert "maxlength" not in html.split(f'name="{name}"', 1)[1].split(">", 1)[0]
    response = client.post(reverse("members:member_add"), {
        "name": "粘贴党员", "category": "full", "position": "staff", "organization": world.org1.pk,
        "id_number": pasted, "phone": "139-1234-0033",
    })
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(name="粘贴党员")
    assert (member.id_number, member.phone) == (number.upper(), "13912340033")


def test_it_checks_a_party_secretary_phone_and_saves_it_normalized(world):
    client = english_client(world.street_user)
    edit = reverse("partyorgs:partyorg_edit", args=[world.party_org1.pk])
    form = client.get(edit).context["form"]
    assert 'name="secretary_phone"' in str(form["secretary_phone"]) and "<textarea" not in str(form["secretary_phone"])
    refused = client.post(edit, form_payload(form, secretary_phone="12345"))
    assert "联系电话格式不正确" in " ".join(refused.context["form"].errors["secretary_phone"])
    saved = client.post(edit, form_payload(form, secretary_phone="137 1234 0044"))
    assert saved.status_code == 302
    assert PartyOrg.objects.get(pk=world.party_org1.pk).secretary_phone == "13712340044"


# --- messages, dropdowns, the header -----------------------------------------------------------

def test_it_names_the_field_of_an_error_once(world):
    response = english_client(world.street_user).post(reverse("organizations:organization_add"), {
        "name": "校验位错企业", "kind": "enterprise", "status": "normal", "region": world.grid1.pk,
        "credit_code": "91440300MA5F00001C",
    })
    html = response.content.decode()
    assert "统一社会信用代码校验位不正确" in html
    assert "统一社会信用代码：统一社会信用代码" not in html


def test_it_says_which_code_is_taken_in_plain_words(world, login):
    taken = world.org2.credit_code  # another street's organization: not named to street1
    message = "统一社会信用代码已登记为其他两新组织，请核对后重试"
    response = english_client(world.street_user).post(reverse("organizations:organization_add"), {
        "name": "重复代码企业", "kind": "enterprise", "status": "normal", "region": world.grid1.pk, "credit_code": taken.lower(),
    })
    errors = " ".join(response.context["form"].errors["credit_code"])
    assert message in errors and "具有" not in errors and world.org2.name not in errors
    api = login(world.street_user).post("/api/organizations/", {"name": "重复代码企业", "region": world.grid1.pk,
                                                             "credit_code": taken}, content_type="application/json")
    assert api.status_code == 400 and message in " ".join(api.json()["credit_code"])


@pytest.mark.parametrize("url_name", ["organizations:organization_add", "members:member_add", "partyorgs:partyorg_add",
                                      "regions:region_add", "rules:parameteroverride_add"])
def test_it_starts_dropdowns_with_a_word_not_dashes(world, url_name):
    html = english_client(world.admin).get(reverse(url_name)).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>请选择…</option>' in html


def test_it_shows_the_role_once_when_the_name_is_the_role(world):
    admin = world.admin
    admin.display_name = "区委组织部管理员"
    admin.save()
    html = english_client(admin).get("/").content.decode()
    assert "区委组织部管理员 · 区委组织部管理员" not in html and "区委组织部管理员" in html
    assert english_client(world.street_user).get("/").content.decode().count("街道/乡镇/园区党(工)委 · street1") == 1


# --- downloads named in Chinese with the date ------------------------------------------------------

def test_it_names_a_download_in_chinese_with_an_ascii_fallback():
    today = timezone.localdate().strftime("%Y%m%d")
    assert dated_filename("两新组织") == f"两新组织-{today}.xlsx"
    assert attachment_disposition("规则ORG-7-20261130.xlsx") == (
        "attachment; filename=\"ORG-7-20261130.xlsx\"; filename*=UTF-8''%E8%A7%84%E5%88%99ORG-7-20261130.xlsx"
    )
    assert attachment_disposition("两新组织-20261130.xlsx").startswith('attachment; filename="liangxin-20261130.xlsx"; ')


def _download_name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename=\"") and "filename*=UTF-8''" in header
    return header.split("filename*=UTF-8''", 1)[1]


def test_it_names_the_exports_in_chinese_with_the_date(world, login):
    client = login(world.street_user)
    today = timezone.localdate().strftime("%Y%m%d")
    ledger = client.get(reverse("ledger:export", args=["organizations"]))
    assert _download_name(ledger) == quote(f"两新组织台账-{today}.xlsx")
    rule = client.get(reverse("rules:rule_export", args=["ORG-7"]))
    assert _download_name(rule) == quote(f"规则ORG-7-{today}.xlsx")
    compliance = client.get("/instructors/?export=xlsx")
    assert _download_name(compliance) == quote(f"指导员履职情况-{today}.xlsx")
