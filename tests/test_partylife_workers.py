"""专职党务工作者 by persona (issue 14, MEM-7, 003 §二 第二): a secretary records a full-time Party
worker of their own party organization from its roster and ends the post; the street sees its own
and nobody else's (404 outside); the party organization's page lists them; MEM-7's fourth part
flags exactly the serving workers without a training in the secretaries' interval."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.members.models import Member
from liangxin.partylife.models import PartyWorker, Training
from liangxin.rules.registry import get_rule, violation_counts
from tests.conftest import id_number

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def member(world, name, stem, party_org=None):
    party_org = party_org or world.party_org1
    return Member.objects.create(name=name, id_number=id_number(stem), phone="13800138000", organization=party_org.organizations.first()
                                 or world.org2, party_org=party_org)


def trained(worker, days_ago):
    return Training.objects.create(party_org=worker.party_org, attendee=worker.member, role=Training.Role.WORKER,
                                   date=TODAY - days_ago * DAY, hours=Decimal("8"), organizer="区非公党工委")


def flagged(user=None):
    return {row.member.name: row.finding for row in get_rule("MEM-7").section("workers").violations(user)}


def test_a_secretary_records_a_worker_of_their_own_party_org_and_ends_the_post(world, login):
    client = login(world.secretary)
    form = client.get(reverse("partylife:partyworker_add"))
    assert form.status_code == 200 and form.context["form"].initial["party_org"] == world.party_org1.pk
    data = {"party_org": world.party_org1.pk, "member": world.member1.pk, "position": "党务专员",
            "start_date": "2024-03-01", "end_date": "", "notes": ""}
    # Someone of another party organization's roster: refused by name of the field and the fix
    # (the secretary does not even see member2: the choice itself is refused).
    outsider = member(world, "周外", "11010119850505011", world.party_org2)
    refused = client.post(reverse("partylife:partyworker_add"), {**data, "member": outsider.pk})
    assert refused.status_code == 200 and not PartyWorker.objects.exists()
    # Not the secretary's party organization: not a choice either.
    refused = client.post(reverse("partylife:partyworker_add"), {**data, "party_org": world.party_org2.pk})
    assert refused.status_code == 200 and "party_org" in refused.context["form"].errors
    response = client.post(reverse("partylife:partyworker_add"), data)
    assert response.status_code == 302
    worker = PartyWorker.objects.get()
    assert (worker.party_org, worker.member, worker.start_date, worker.end_date) == (
        world.party_org1, world.member1, datetime.date(2024, 3, 1), None)
    assert ChangeLog.objects.filter(action=ChangeLog.Action.CREATE, object_id=str(worker.pk)).exists()
    # The same person twice over the same time: refused, saying what to do.
    twice = client.post(reverse("partylife:partyworker_add"), {**data, "start_date": "2025-01-01"})
    assert "该党员在这段时间已登记为本党组织的专职党务工作者" in twice.content.decode()
    # The party organization's page lists the serving worker, with the way to the record.
    page = client.get(world.party_org1.get_absolute_url()).content.decode()
    assert 'id="party-org-workers"' in page and world.member1.name in page and worker.get_absolute_url() in page
    # 结束任职: a date is required, a future one refused, then the post ends.
    end = reverse("partylife:partyworker_end", args=[worker.pk])
    assert end in client.get(worker.get_absolute_url()).content.decode()
    assert "请填写离任日期" in client.post(end, {"end_date": ""}).content.decode()
    assert "离任日期不能晚于今天" in client.post(end, {"end_date": (TODAY + DAY).isoformat()}).content.decode()
    assert client.post(end, {"end_date": (TODAY - DAY).isoformat()}).status_code == 302
    worker.refresh_from_db()
    assert worker.end_date == TODAY - DAY
    assert ChangeLog.objects.filter(action=ChangeLog.Action.UPDATE, object_id=str(worker.pk)).exists()
    # Ended: no second ending (404, no button), no longer serving.
    assert client.get(end).status_code == 404
    assert end not in client.get(worker.get_absolute_url()).content.decode()
    assert not PartyWorker.objects.serving().exists()
    assert "已离任" in client.get(world.party_org1.get_absolute_url()).content.decode()


def test_a_street_sees_its_own_workers_and_not_the_others(world, login):
    mine = PartyWorker.objects.create(party_org=world.party_org1, member=world.member1, start_date=TODAY - 100 * DAY)
    theirs = PartyWorker.objects.create(party_org=world.party_org2, member=world.member2, start_date=TODAY - 100 * DAY)
    street = login(world.street_user)
    listed = street.get(reverse("partylife:partyworker_list")).content.decode()
    assert mine.get_absolute_url() in listed and theirs.get_absolute_url() not in listed
    assert street.get(theirs.get_absolute_url()).status_code == 404
    assert street.get(reverse("partylife:partyworker_end", args=[theirs.pk])).status_code == 404
    assert street.get(reverse("partylife:partyworker_edit", args=[mine.pk])).status_code == 200
    # Phones stay masked: the roster's own rule, the worker's page shows the member's link only.
    api = street.get("/api/party-workers/").json()
    assert [row["id"] for row in api["results"]] == [mine.pk]
    assert login(world.other_street_user).get(mine.get_absolute_url()).status_code == 404
    # The leader reads no one's name: no permission at all.
    assert login(world.leader).get(reverse("partylife:partyworker_list")).status_code == 403
    # Someone of the street outside any party organization's roster: refused, naming the fix.
    loose = Member.objects.create(name="吴群众", id_number=id_number("11010119850505076"), organization=world.org1b)
    refused = street.post(reverse("partylife:partyworker_add"), {
        "party_org": world.party_org1.pk, "member": loose.pk, "start_date": TODAY.isoformat(), "end_date": ""})
    assert "党员名册中的党员" in refused.content.decode() and PartyWorker.objects.count() == 2
    # A community reads, does not record.
    grid = login(world.grid_user)
    assert grid.get(mine.get_absolute_url()).status_code == 200
    assert grid.get(reverse("partylife:partyworker_add")).status_code == 403


def test_mem7_flags_exactly_the_serving_workers_without_a_training(world, login):
    people = {name: member(world, name, stem) for name, stem in (
        ("甲专职", "11010119850505021"), ("乙专职", "11010119850505032"), ("丙专职", "11010119850505043"),
        ("丁专职", "11010119850505054"))}
    other = member(world, "戊专职", "11010119850505065", world.party_org2)
    start = TODAY - 800 * DAY

    def post(name, party_org=world.party_org1, **dates):
        person = other if name == "戊专职" else people[name]
        return PartyWorker.objects.create(party_org=party_org, member=person, start_date=dates.get("start", start),
                                          end_date=dates.get("end"))

    trained(post("甲专职"), 364)  # within the year: not flagged
    trained(post("乙专职"), 365)  # a year ago to the day: flagged
    post("丙专职")  # never trained: flagged
    post("丁专职", end=TODAY - DAY)  # left yesterday: no longer checked
    post("戊专职", world.party_org2)  # the other street's
    last = (TODAY - 365 * DAY).isoformat()
    assert flagged() == {"乙专职": f"专职党务工作者上次培训{last}", "丙专职": "专职党务工作者没有培训记录",
                         "戊专职": "专职党务工作者没有培训记录"}
    # A training recorded under the secretary's role counts too: the person was trained.
    Training.objects.create(party_org=world.party_org2, attendee=other, role=Training.Role.SECRETARY, date=TODAY,
                            organizer="区委组织部")
    assert set(flagged()) == {"乙专职", "丙专职"}
    # By jurisdiction: the street sees its two; the other street none now.
    assert set(flagged(world.street_user)) == {"乙专职", "丙专职"}
    assert flagged(world.other_street_user) == {}
    assert violation_counts(world.other_street_user, world.street2, rules=[get_rule("MEM-7")]) == {"MEM-7": 0}
    page = login(world.street_user).get("/rules/MEM-7/").content.decode()
    assert 'id="part-workers"' in page and "专职党务工作者没有培训记录" in page
    assert "尚无名单可核对" not in page
