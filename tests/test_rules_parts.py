"""A rule of several parts (MEM-7: party organizations' secretaries, instructors, grid lead
organizations' heads, full-time Party workers): one rule id whose count and to-do sum its parts, one page listing each
part's cases, an export sheet and an API list per part; each part at its threshold, by persona."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from liangxin.instructors.models import TrainingRecord
from liangxin.partylife.models import Training
from liangxin.rules.registry import Citation, Part, Rule, get_rule, register, violation_counts
from liangxin.rules.services import todo_items

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def w(world):
    """Both party organizations have their secretary in the roster; grid1's lead is party_org1."""
    world.party_org1.secretary = world.member1
    world.party_org1.save()
    world.party_org2.secretary = world.member2
    world.party_org2.save()
    world.grid1.lead_party_org = world.party_org1
    world.grid1.save()
    return world


def trained(w, member, party_org, days_ago):
    return Training.objects.create(party_org=party_org, attendee=member, date=TODAY - datetime.timedelta(days=days_ago),
                                   hours=Decimal("16"), organizer="区委组织部")


def flagged(part, user=None):
    return {str(row): row.finding for row in get_rule("MEM-7").section(part).violations(user)}


def test_mem7_is_one_rule_citing_and_counting_its_three_parts(w):
    rule = get_rule("MEM-7")
    assert [p.key for p in rule.parts] == ["secretaries", "instructors", "grid_leads", "workers"]
    assert {c.seed for c in rule.citations} == {"003", "002"}
    assert rule.parameters == ("partylife_secretary_training_days", "instructor_training_days")
    assert flagged("secretaries") == {w.party_org1.name: "书记没有培训记录", w.party_org2.name: "书记没有培训记录"}
    assert flagged("grid_leads") == {w.grid1.name: "书记没有培训记录"}
    assert set(flagged("instructors")) == {w.instructor.name}
    assert violation_counts(None, w.district, rules=[rule]) == {"MEM-7": 4}


def test_each_part_at_its_threshold(w):
    trained(w, w.member1, w.party_org1, 364)
    assert set(flagged("secretaries")) == {w.party_org2.name}
    assert flagged("grid_leads") == {}  # the lead organization's secretary is the one trained
    trained(w, w.member2, w.party_org2, 365)
    old = (TODAY - datetime.timedelta(days=365)).isoformat()
    assert flagged("secretaries") == {w.party_org2.name: f"书记上次培训{old}"}
    TrainingRecord.objects.create(instructor=w.instructor, date=TODAY - datetime.timedelta(days=10), title="指导员轮训")
    assert flagged("instructors") == {}
    assert violation_counts(None, w.district, rules=[get_rule("MEM-7")]) == {"MEM-7": 1}


def test_the_street_sees_its_parts_cases_on_one_page_and_in_its_to_do(w, login):
    client = login(w.street_user)
    assert violation_counts(w.street_user, w.street1, rules=[get_rule("MEM-7")]) == {"MEM-7": 3}
    cache.clear()
    assert {item["id"]: item["count"] for item in todo_items(w.street_user)}["MEM-7"] == 3
    page = client.get("/rules/MEM-7/").content.decode()
    for text in ("党组织书记", "党建工作指导员", "网格牵头党组织负责人", w.party_org1.name, w.grid1.name,
                 *(c.text for c in get_rule("MEM-7").citations)):
        assert text in page, text
    assert w.party_org2.name not in page
    assert 'id="part-secretaries"' in page and 'id="part-grid_leads"' in page
    # The other street sees only its own secretary.
    assert violation_counts(w.other_street_user, w.street2, rules=[get_rule("MEM-7")]) == {"MEM-7": 1}
    assert login(w.other_street_user).get("/rules/MEM-7/").content.decode().count(w.party_org1.name) == 0


def test_the_export_has_a_sheet_per_part_and_the_api_lists_a_part(w, login):
    client = login(w.street_user)
    book = load_workbook(io.BytesIO(client.get("/rules/MEM-7/export/").content))
    assert book.sheetnames == ["MEM-7 党组织书记", "MEM-7 党建工作指导员", "MEM-7 网格牵头党组织负责人", "MEM-7 专职党务工作者"]
    names = [row[1] for row in book["MEM-7 党组织书记"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert names == [w.party_org1.name]
    data = client.get("/api/rules/MEM-7/").json()
    assert data["count"] == 3 and [p["key"] for p in data["parts"]] == ["secretaries", "instructors", "grid_leads", "workers"]
    listed = client.get("/api/rules/MEM-7/violations/", {"part": "grid_leads"}).json()
    assert listed["part"] == "grid_leads" and [r["name"] for r in listed["results"]] == [w.grid1.name]
    assert client.get("/api/rules/MEM-7/violations/").json()["part"] == "secretaries"
    assert client.get("/api/rules/MEM-7/violations/", {"part": "nope"}).status_code == 404


def test_the_leader_sees_the_parts_it_may_read_only(w, login):
    client = login(w.leader)
    page = client.get("/rules/MEM-7/").content.decode()
    assert "党组织书记" in page and 'id="part-instructors"' not in page and w.instructor.name not in page
    assert violation_counts(w.leader, w.district, rules=[get_rule("MEM-7")]) == {"MEM-7": 3}
    assert client.get("/api/rules/MEM-7/violations/", {"part": "instructors"}).status_code == 404


def test_a_secretary_records_a_training_and_leaves_the_list(w, login):
    client = login(w.secretary)
    form = client.get("/partylife/trainings/add/")
    assert form.status_code == 200 and form.context["form"].initial["attendee"] == w.member1.pk
    data = {"party_org": w.party_org1.pk, "attendee": w.member1.pk, "role": "secretary", "date": TODAY.isoformat(),
            "hours": "16", "organizer": "", "topic": "集中轮训"}
    refused = client.post("/partylife/trainings/add/", data)
    assert refused.status_code == 200 and "请填写举办单位" in refused.content.decode()
    response = client.post("/partylife/trainings/add/", {**data, "organizer": "区非公党工委"})
    assert response.status_code == 302
    assert w.party_org1.name not in flagged("secretaries") and flagged("grid_leads") == {}
    # Out of its jurisdiction: the other party organization's training cannot be recorded here.
    other = client.post("/partylife/trainings/add/", {**data, "party_org": w.party_org2.pk, "attendee": w.member2.pk,
                                                      "organizer": "区非公党工委"})
    assert other.status_code == 200 and not Training.objects.filter(party_org=w.party_org2).exists()


def test_a_rule_with_two_parts_of_one_key_is_refused():
    part = Part("x", "甲", (Citation("002", "二(四)", "q"),), "regions.Region", lambda qs, params: qs)
    with pytest.raises(ValueError):
        register(Rule("XXX-2", "x", "x", (), "x", parts=(part, part)))
