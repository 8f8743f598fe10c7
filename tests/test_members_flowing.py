"""Flowing members (MEM-3): registered and verified within the parameter, the 活动证 issued,
renewed and withdrawn (its expiry warned at the parameter), placement of one with no party
organization, the contact log, and the 流动党员台账 with its export."""

import datetime
import io

import openpyxl
import pytest

from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.rules.registry import get_rule
from tests.conftest import id_number

TODAY = datetime.date.today()


def flagged(user=None):
    return {r.pk: r.finding for r in get_rule("MEM-3").violations(user)}


@pytest.fixture
def inflow(world):
    return Member.objects.create(name="赵流入", id_number=id_number("43042119900101011"), phone="13700001111",
                                 organization=world.org1)


def register(client, member, days_ago, direction="inflow", **extra):
    data = {"member": member.pk, "direction": direction, "other_party_org": "湖南省衡阳市衡南县某镇党委",
            "registered_on": (TODAY - datetime.timedelta(days=days_ago)).isoformat(), **extra}
    response = client.post("/members/flowing/registrations/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    return FlowRegistration.objects.filter(member=member).latest("pk")


def test_a_registration_is_verified_within_the_parameter(world, login, inflow):
    client = login(world.street_user)
    registration = register(client, inflow, 30)
    inflow.refresh_from_db()
    assert inflow.flow_status == "inflow"
    found = flagged()
    assert found[inflow.pk] == "流入党员未编入党组织"  # placement first: it is listed until done
    inflow.party_org = world.party_org1
    inflow.save()
    assert flagged()[inflow.pk] == "未发放流动党员活动证"  # 30 days: not yet overdue for verification
    registration.registered_on = TODAY - datetime.timedelta(days=31)
    registration.save()
    assert flagged()[inflow.pk] == "流动登记逾期未核实"
    form = client.get(f"/members/flowing/registrations/{registration.pk}/edit/").context["form"]
    from tests.test_personas import form_payload

    assert client.post(f"/members/flowing/registrations/{registration.pk}/edit/",
                       form_payload(form, verified_on=TODAY.isoformat())).status_code == 302
    assert flagged()[inflow.pk] == "未发放流动党员活动证"
    assert login(world.other_street_user).get(f"/members/flowing/registrations/{registration.pk}/").status_code == 404


def test_a_certificate_is_issued_renewed_and_withdrawn_and_its_expiry_warned(world, login, inflow):
    client = login(world.street_user)
    inflow.party_org = world.party_org1
    inflow.save()
    register(client, inflow, 5)
    response = client.post("/members/flowing/certificates/add/", {
        "member": inflow.pk, "number": "LD440399202601", "issued_on": (TODAY - datetime.timedelta(days=335)).isoformat(),
        "valid_until": (TODAY + datetime.timedelta(days=31)).isoformat(), "issuer": "东方电子有限公司党支部"})
    assert response.status_code == 302
    inflow.refresh_from_db()
    assert (inflow.flow_certificate_no, inflow.flow_certificate_valid_until) == ("LD440399202601", TODAY + datetime.timedelta(days=31))
    assert inflow.pk not in flagged()  # 31 days left, warned at 30
    certificate = FlowCertificate.objects.get(number="LD440399202601")
    certificate.valid_until = TODAY + datetime.timedelta(days=30)
    certificate.save()
    Member.objects.filter(pk=inflow.pk).update(flow_certificate_valid_until=certificate.valid_until)
    assert flagged()[inflow.pk].startswith("流动党员活动证将于")
    card = client.get(f"/members/flowing/certificates/{certificate.pk}/card/")
    assert card.status_code == 200 and "LD440399202601" in card.content.decode() and "流动党员活动证" in card.content.decode()
    response = client.post(f"/members/flowing/certificates/{certificate.pk}/renew/", {
        "number": "LD440399202602", "issued_on": TODAY.isoformat(), "valid_until": (TODAY + datetime.timedelta(days=730)).isoformat()})
    assert response.status_code == 302
    certificate.refresh_from_db()
    renewed = FlowCertificate.objects.get(number="LD440399202602")
    assert certificate.status == "renewed" and renewed.status == "valid"
    assert inflow.pk not in flagged()
    again = client.post(f"/members/flowing/certificates/{certificate.pk}/renew/", {"number": "X", "issued_on": TODAY.isoformat(),
                                                                                  "valid_until": TODAY.isoformat()})
    assert again.status_code == 302 and FlowCertificate.objects.count() == 2  # a renewed one is not renewed twice
    response = client.post(f"/members/flowing/certificates/{renewed.pk}/withdraw/",
                           {"withdrawn_on": TODAY.isoformat(), "reason": "组织关系已转接"})
    assert response.status_code == 302
    inflow.refresh_from_db()
    assert inflow.flow_certificate_valid_until == TODAY and FlowCertificate.objects.get(pk=renewed.pk).status == "withdrawn"
    assert flagged()[inflow.pk].startswith("流动党员活动证将于")  # today: renew or end the flow
    assert login(world.other_street_user).get(f"/members/flowing/certificates/{renewed.pk}/card/").status_code == 404


def test_a_flowing_member_with_no_party_organization_is_placed(world, login, inflow):
    client = login(world.street_user)
    register(client, inflow, 2, verified_on=TODAY.isoformat())
    page = client.get(f"/members/{inflow.pk}/")
    assert "编入党组织" in page.content.decode()
    form = client.get(f"/members/flowing/{inflow.pk}/place/").context["form"]
    assert world.party_org1.pk in [choice.pk for choice in form.fields["party_org"].queryset]
    assert client.post(f"/members/flowing/{inflow.pk}/place/", {"party_org": world.party_org2.pk}).status_code == 200  # another street
    assert client.post(f"/members/flowing/{inflow.pk}/place/", {"party_org": world.party_org1.pk}).status_code == 302
    inflow.refresh_from_db()
    assert inflow.party_org == world.party_org1 and flagged()[inflow.pk] == "未发放流动党员活动证"
    assert client.get(f"/members/flowing/{inflow.pk}/place/").status_code == 403  # placed: nothing left to do


def test_the_contact_log_and_the_ledger_with_its_export(world, login, inflow):
    client = login(world.street_user)
    register(client, inflow, 3, verified_on=TODAY.isoformat())
    response = client.post("/members/flowing/contacts/add/", {
        "member": inflow.pk, "date": TODAY.isoformat(), "way": "phone", "situation": "在一线工作，按时参加组织生活",
        "thoughts": "希望多组织培训", "whereabouts": "本市"})
    assert response.status_code == 302 and FlowContact.objects.filter(member=inflow).count() == 1
    ledger = client.get("/members/flowing/")
    table = ledger.context["table"]
    rows = {row.record.pk: row.record for row in table.rows}
    assert rows[inflow.pk].last_contact == TODAY and rows[inflow.pk].other_party_org.startswith("湖南省")
    assert world.member1.pk not in rows
    export = client.get("/members/flowing/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["序号", "姓名", "身份证号"]
    assert values[1][1] == "赵流入" and "*" in values[1][2] and values[1][2] != inflow.id_number
    assert login(world.leader).get("/members/flowing/").status_code == 403
    assert login(world.other_street_user).get("/members/flowing/").context["table"].rows.__len__() == 0


def test_the_api_registers_issues_and_logs_contacts_within_the_jurisdiction(world, login, inflow):
    client = login(world.street_user)
    response = client.post("/api/flow-registrations/", {"member": inflow.pk, "direction": "inflow", "other_party_org": "某镇党委",
                                                         "registered_on": TODAY.isoformat()}, content_type="application/json")
    assert response.status_code == 201, response.json()
    inflow.refresh_from_db()
    assert inflow.flow_status == "inflow"
    response = client.post("/api/flow-certificates/", {"member": inflow.pk, "number": "LD9", "issued_on": TODAY.isoformat(),
                                                       "valid_until": TODAY.isoformat(), "issuer": "某支部"},
                           content_type="application/json")
    assert response.status_code == 400 and "有效期须晚于发证日期" in str(response.json())
    assert client.post("/api/flow-contacts/", {"member": inflow.pk, "date": TODAY.isoformat(), "situation": "好"},
                       content_type="application/json").status_code == 201
    other = login(world.other_street_user)
    assert other.post("/api/flow-contacts/", {"member": inflow.pk, "date": TODAY.isoformat(), "situation": "好"},
                      content_type="application/json").status_code == 400  # not a choice outside the street
    assert login(world.leader).get("/api/flow-registrations/").status_code == 403
