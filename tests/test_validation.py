"""Validation: every refusal names the field, in Chinese, and says how to fix it; the web form
keeps what the user typed; the API answers 400 with the field and the same message."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from liangxin.core.validators import validate_credit_code, validate_id_number, validate_phone
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.conftest import id_number
from tests.test_personas import form_payload

VALID_CODE = "91440300MA5F00001A"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- identifiers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("91440300MA5F0000", "统一社会信用代码应为18位，当前为16位"),
    ("91440300MA5F00001B7", "统一社会信用代码应为18位，当前为19位"),
    ("91440300MA5F0000IO", "统一社会信用代码只能包含数字和大写字母"),
    ("91440300MA5F0000S1", "统一社会信用代码只能包含数字和大写字母"),
    ("91440300MA5F00001C", "统一社会信用代码校验位不正确（按 GB 32100 第18位应为 A）"),
])
def test_it_refuses_a_bad_credit_code_naming_the_field(code, expected):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert expected in messages_of(caught.value)


def test_it_accepts_a_credit_code_typed_with_full_width_lower_case_and_spaces(world):
    validate_credit_code(VALID_CODE)
    org = Organization(name="全角录入企业", region=world.grid1, credit_code="９１４４０３００ma5f00001a")
    org.full_clean()
    assert org.credit_code == VALID_CODE
    blank = Organization(name="无代码企业", region=world.grid1, credit_code="")
    blank.full_clean()
    assert blank.credit_code is None  # empty is "none", so several organizations may lack one


def test_it_refuses_a_credit_code_already_registered(world):
    duplicate = Organization(name="重复代码企业", region=world.grid1, credit_code=world.org1.credit_code.lower())
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "统一社会信用代码" in messages_of(caught.value)


def _id_with_birth(birth: str, serial: str = "001") -> str:
    return id_number(f"110101{birth}{serial}")


@pytest.mark.parametrize(("number", "expected"), [
    ("110101199003070012", "身份证号校验位不正确（按 GB 11643 最后一位应为 1）"),
    ("110101900307001", "身份证号为15位旧号码，请填写18位居民身份证号码"),
    (_id_with_birth("20990101"), "身份证号中的出生日期晚于今天"),
    (_id_with_birth("19900230"), "身份证号第7至14位的出生日期不是有效日期"),
    ("11010119900307001", "身份证号应为18位"),
    ("11010119900307001Y", "身份证号应为18位"),
])
def test_it_refuses_a_bad_id_number_naming_the_field(number, expected):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(number)
    assert expected in messages_of(caught.value)


def test_it_refuses_a_birth_date_of_tomorrow_in_an_id_number():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="晚于今天"):
        validate_id_number(_id_with_birth(tomorrow.strftime("%Y%m%d")))
    validate_id_number(_id_with_birth(datetime.date.today().strftime("%Y%m%d")))


def test_it_accepts_a_lower_case_x_and_stores_it_upper_case(world):
    member = Member(name="孙晓", id_number="11010119850101005x", organization=world.org1)
    member.full_clean()
    member.save()
    assert Member.objects.get(pk=member.pk).id_number == "11010119850101005X"
    assert member.birth_date == datetime.date(1985, 1, 1)  # taken from the number


def test_it_derives_the_same_fields_for_members_created_in_bulk(world):
    before = world.org1.recorded_formal
    Member.objects.bulk_create([Member(name="批量", id_number="11010119850101013x", organization=world.org1)])
    created = Member.objects.with_id_number("11010119850101013X").get()  # found through its blind index
    assert (created.id_number, created.birth_date) == ("11010119850101013X", datetime.date(1985, 1, 1))
    world.org1.refresh_from_db()
    assert world.org1.recorded_formal == before + 1
    duplicate = Member(name="重复", id_number="11010119850101013X", organization=world.org2)
    with pytest.raises(IntegrityError), transaction.atomic():  # the blind index keeps it unique in bulk too
        Member.objects.bulk_create([duplicate])


def test_it_accepts_a_region_code_that_no_longer_exists():
    # python-stdnum's cn.ric would refuse this (unknown region): the standard does not.
    validate_id_number(id_number("99000019800101001"))


def test_it_refuses_the_same_id_number_twice_whatever_the_case(world):
    twin = Member(name="重复", id_number=world.member1.id_number.lower(), organization=world.org1)
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert "该身份证号已登记为其他党员" in " ".join(caught.value.message_dict["id_number"])


@pytest.mark.parametrize("phone", ["13812345678", "0755-12345678", "075512345678", "010-1234567-123", "１３８１２３４５６７８"])
def test_it_accepts_mobile_and_landline_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "1381234567", "23812345678", "138123456789", "0755-123"])
def test_it_refuses_a_bad_phone_naming_the_field(phone):
    with pytest.raises(ValidationError, match="联系电话格式不正确"):
        validate_phone(phone)


# --- rules on objects ------------------------------------------------------------------------------

def test_it_refuses_negative_employees_in_the_model_and_the_database(world):
    org = Organization(name="负数企业", region=world.grid1, employees=-1)
    with pytest.raises(ValidationError) as caught:
        org.full_clean()
    assert caught.value.message_dict["employees"] == ["从业人员数不能为负数，请填写0或正整数。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="负数企业", region=world.grid1, employees=-1)


def _member(world, name, category=Member.Category.FULL, serial="009"):
    return Member.objects.create(name=name, id_number=id_number(f"11010119800101{serial}"), category=category,
                                 organization=world.org1, party_org=world.party_org1)


@pytest.mark.parametrize("office", ["secretary", "deputy_secretary"])
def test_it_refuses_a_probationary_member_in_a_party_office(world, office):
    probationary = _member(world, "预备甲", Member.Category.PROBATIONARY)
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    setattr(party_org, office, probationary)
    with pytest.raises(ValidationError) as caught:
        party_org.full_clean()
    assert "预备甲是预备党员，预备党员不能担任党内职务" in " ".join(caught.value.message_dict[office])


def test_it_refuses_a_dissolved_party_org_that_still_covers_organizations(world):
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    party_org.status, party_org.dissolved_on, party_org.dissolved_reason = "dissolved", datetime.date(2026, 1, 1), "企业注销"
    party_org.full_clean()
    with pytest.raises(ValidationError) as caught:
        party_org.clean_organizations([world.org1])
    assert "已撤销的党组织不能再覆盖组织" in messages_of(caught.value)
    party_org.clean_organizations([])


def test_it_refuses_a_dissolved_party_org_without_date_and_reason(world):
    party_org = PartyOrg(name="撤销无说明", region=world.grid1, status="dissolved")
    with pytest.raises(ValidationError) as caught:
        party_org.full_clean()
    assert set(caught.value.message_dict) >= {"dissolved_on", "dissolved_reason"}


def test_it_refuses_a_standalone_party_org_covering_two_organizations(world):
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    with pytest.raises(ValidationError, match="单独组建的党组织只能覆盖一个组织"):
        party_org.clean_organizations([world.org1, world.org1b])
    party_org.mode = PartyOrg.Mode.JOINT
    party_org.clean_organizations([world.org1, world.org1b])


def test_it_refuses_a_certificate_without_a_flow_and_lets_a_flow_wait_for_its_certificate(world):
    """A flowing member without a 活动证 is a case for MEM-3 (issue one), not a refusal; a
    certificate on a member who is not flowing is."""
    member = Member(name="流动甲", id_number=id_number("11010119800101077"), organization=world.org1, flow_status="inflow")
    member.full_clean()
    member.flow_status, member.flow_certificate_no = "", "LD2026001"
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "请选择流动状态" in " ".join(caught.value.message_dict["flow_status"])


def test_it_refuses_a_birth_date_that_contradicts_the_id_number(world):
    member = Member(name="生日错", id_number=id_number("11010119800101088"), birth_date=datetime.date(1980, 1, 2))
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "出生日期与身份证号中的出生日期不一致" in " ".join(caught.value.message_dict["birth_date"])


# --- through the web form: errors named, input kept ------------------------------------------------

def test_it_keeps_what_the_user_typed_when_the_form_is_refused(world, login):
    client = login(world.street_user)
    typed = {"name": "东湖新材料有限公司", "kind": "enterprise", "status": "normal", "region": world.grid1.pk,
             "employees": "35", "credit_code": "91440399MA00000099", "address": "东湖路88号", "owner_name": "陈东湖"}
    response = client.post(reverse("organizations:organization_add"), typed)
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("东湖新材料有限公司", "91440399MA00000099", "东湖路88号", "陈东湖", 'value="35"'):
        assert value in html, value
    assert f'<option value="{world.grid1.pk}" selected' in html
    errors = response.context["form"].errors
    assert list(errors) == ["credit_code"]
    assert "统一社会信用代码校验位不正确" in errors["credit_code"][0]
    assert "统一社会信用代码校验位不正确" in html
    assert not Organization.objects.filter(name="东湖新材料有限公司").exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"employees": "-5"}, "employees", "从业人员数不能为负数"),
    ({"credit_code": "91440300MA5F0000"}, "credit_code", "统一社会信用代码应为18位"),
    ({"kind": "social", "subtype": "limited"}, "subtype", "与组织类别“社会组织”不符"),
])
def test_it_names_the_field_of_an_organization_error_in_the_form(world, login, changes, field, message):
    client = login(world.street_user)
    edit = reverse("organizations:organization_edit", args=[world.org1.pk])
    response = client.post(edit, form_payload(client.get(edit).context["form"], **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'is-invalid' in response.content.decode()
    assert Organization.objects.get(pk=world.org1.pk).employees == world.org1.employees


def test_it_names_the_party_org_rules_in_the_form(world, login):
    probationary = _member(world, "预备乙", Member.Category.PROBATIONARY)
    client = login(world.street_user)
    edit = reverse("partyorgs:partyorg_edit", args=[world.party_org1.pk])
    form = client.get(edit).context["form"]
    cases = [
        ({"secretary": probationary.pk}, "secretary", "预备党员不能担任党内职务"),
        ({"status": "dissolved", "dissolved_on": "2026-01-01", "dissolved_reason": "企业注销"}, "organizations",
         "已撤销的党组织不能再覆盖组织"),
        ({"organizations": [world.org1.pk, world.org1b.pk]}, "organizations", "单独组建的党组织只能覆盖一个组织"),
    ]
    for changes, field, message in cases:
        response = client.post(edit, form_payload(form, **changes))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field]), field
    party_org = PartyOrg.objects.get(pk=world.party_org1.pk)
    assert (party_org.status, party_org.secretary_id, list(party_org.organizations.all())) == ("active", None, [world.org1])


def test_it_names_the_member_rules_in_the_form(world, login):
    client = login(world.street_user)
    base = {"name": "吴新", "category": "full", "position": "staff", "organization": world.org1.pk,
            "party_org": world.party_org1.pk}
    cases = [
        ({"id_number": "110101199003070012"}, "id_number", "身份证号校验位不正确"),
        ({"id_number": "110101900307001"}, "id_number", "15位旧号码"),
        ({"id_number": id_number("11010119800101066"), "phone": "12345"}, "phone", "联系电话格式不正确"),
    ]
    for changes, field, message in cases:
        response = client.post(reverse("members:member_add"), {**base, **changes})
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field]), field
        assert "吴新" in response.content.decode()
    assert not Member.objects.filter(name="吴新").exists()


# --- through the API: 400, the field, a Chinese message --------------------------------------------

@pytest.mark.parametrize(("resource", "payload", "field", "message"), [
    ("organizations", {"credit_code": "91440300MA5F00001C"}, "credit_code", "统一社会信用代码校验位不正确"),
    ("organizations", {"employees": -3}, "employees", "从业人员数不能为负数"),
    ("members", {"id_number": "110101199003070012"}, "id_number", "身份证号校验位不正确"),
    ("members", {"phone": "12345"}, "phone", "联系电话格式不正确"),
    ("members", {"flow_certificate_no": "LD2026001"}, "flow_status", "请选择流动状态"),
    ("party-orgs", {"organizations": ["org1", "org1b"]}, "organizations", "单独组建的党组织只能覆盖一个组织"),
    ("party-orgs", {"status": "dissolved", "dissolved_on": "2026-01-01", "dissolved_reason": "注销"}, "organizations",
     "已撤销的党组织不能再覆盖组织"),
])
def test_it_answers_400_with_the_field_and_a_chinese_message(world, login, resource, payload, field, message):
    target = {"organizations": world.org1, "members": world.member1, "party-orgs": world.party_org1}[resource]
    payload = {k: [getattr(world, v).pk for v in value] if k == "organizations" else value for k, value in payload.items()}
    response = login(world.street_user).patch(f"/api/{resource}/{target.pk}/", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert message in " ".join(body[field])
    assert all(CHINESE.search(text) for messages in body.values() for text in messages)


def test_it_answers_400_for_a_probationary_secretary_through_the_api(world, login):
    probationary = _member(world, "预备丙", Member.Category.PROBATIONARY)
    response = login(world.secretary).patch(f"/api/party-orgs/{world.party_org1.pk}/", {"secretary": probationary.pk},
                                            content_type="application/json")
    assert response.status_code == 400
    assert "预备党员不能担任党内职务" in " ".join(response.json()["secretary"])
    assert PartyOrg.objects.get(pk=world.party_org1.pk).secretary_id is None


def test_it_normalizes_identifiers_received_through_the_api(world, login):
    client = login(world.street_user)
    response = client.post("/api/organizations/", {"name": "接口录入企业", "region": world.grid1.pk, "employees": 3,
                                                   "credit_code": "91440300ma5f00001a"}, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["credit_code"] == VALID_CODE
    response = client.post("/api/members/", {"name": "接口党员", "id_number": "11010119850101005x",
                                             "organization": world.org1.pk}, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    assert Member.objects.get(name="接口党员").id_number == "11010119850101005X"
