"""STD-6 by persona: the secretary records the cross-appointment of their party organization
(shown on its page and in the statistics); STD-6 lists those with none recorded or none held."""

import pytest
from django.urls import reverse

from liangxin.partylife.models import CrossAppointment
from liangxin.rules.registry import get_rule
from liangxin.rules.stats import coverage

pytestmark = pytest.mark.django_db


def flagged(rule_id, user=None, region=None):
    return {str(row): row.finding for row in get_rule(rule_id).violations(user, region)}


def test_the_secretary_records_cross_appointment_and_std6_follows(world, login):
    assert flagged("STD-6")[world.party_org1.name] == "未登记交叉任职情况"
    secretary = login(world.secretary)
    page = secretary.get(world.party_org1.get_absolute_url()).content.decode()
    assert "交叉任职" in page and reverse("partylife:crossappointment_add") in page
    response = secretary.post(reverse("partylife:crossappointment_add"), {
        "party_org": world.party_org1.pk, "members_in_management": 0, "managers_in_committee": 0})
    assert response.status_code == 302
    assert flagged("STD-6")[world.party_org1.name] == "党组织班子与经营管理层、工会没有交叉任职"
    record = CrossAppointment.objects.get(party_org=world.party_org1)
    response = secretary.post(reverse("partylife:crossappointment_edit", args=[record.pk]), {
        "secretary_in_management": "on", "one_shoulder": "on", "members_in_management": 1, "managers_in_committee": 0})
    assert response.status_code == 302
    assert world.party_org1.name not in flagged("STD-6")
    # The other party organization's record is out of reach; the other street does not see this one.
    assert secretary.post(reverse("partylife:crossappointment_add"), {
        "party_org": world.party_org2.pk, "members_in_management": 0, "managers_in_committee": 0}).status_code == 200
    assert login(world.other_street_user).get(record.get_absolute_url()).status_code == 404
    counts = coverage(None, world.district)["cross_appointment"]
    assert counts == {"recorded": 1, "secretary_in_management": 1, "secretary_union_chair": 0, "one_shoulder": 1,
                      "members_in_management": 1}
    listing = login(world.street_user).get(reverse("partylife:crossappointment_list")).content.decode()
    assert "“一肩挑” 1" in listing
