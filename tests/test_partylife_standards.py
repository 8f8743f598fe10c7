"""Standards by persona (issue 14, STD-1…STD-4, COV-1, ORG-10): the secretary fills a checklist
with evidence, the street verifies or returns it (the reason shows), STD-1/STD-2 follow; a
rating round computes its suggested scores exactly from a fixture, and once approved it is
read-only and moves COV-1's rates and ORG-10's stages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liangxin.assessments.models import Checklist, ChecklistEntry, Rating, RatingRound
from liangxin.assessments.rating import generate
from liangxin.instructors.models import Assignment, Evaluation
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import Pairing, PointsRecord
from liangxin.partylife.models import Activity, ActivityKind
from liangxin.rules.registry import get_rule, stage_distribution
from liangxin.rules.stats import coverage
from tests.conftest import id_number
from tests.instructors_helpers import PNG

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
S = ChecklistEntry.Status


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def flagged(rule_id, user=None, region=None):
    return {str(row): row.finding for row in get_rule(rule_id).violations(user, region)}


def verify_all(checklist, user):
    checklist.entries.update(status=S.VERIFIED, reviewed_by=user, reviewed_on=TODAY, area=Decimal(30))


def test_the_secretary_fills_the_street_verifies_or_returns_with_a_reason(world, login, media):
    secretary, street = login(world.secretary), login(world.street_user)
    assert flagged("STD-2")[world.party_org1.name] == "未建立“五个一”清单"
    response = secretary.post(reverse("assessments:checklist_add"), {"party_org": world.party_org1.pk, "standard": "five_ones"})
    assert response.status_code == 302
    checklist = Checklist.objects.get(party_org=world.party_org1, standard="five_ones")
    entries = {e.item.code: e for e in checklist.entries.select_related("item")}
    assert set(entries) == {"room", "board", "sign", "flag", "systems"}
    room, systems = entries["room"], entries["systems"]
    # The room needs its area and a photo; a photo that is not one is refused, naming it.
    page = secretary.post(reverse("assessments:checklistentry_submit", args=[room.pk]),
                          {f"e{room.pk}-area": "", f"e{room.pk}-photo": SimpleUploadedFile("a.png", b"not a photo")}, follow=True)
    assert "不是JPEG、PNG或WebP格式的照片" in page.content.decode()
    page = secretary.post(reverse("assessments:checklistentry_submit", args=[room.pk]),
                          {f"e{room.pk}-photo": SimpleUploadedFile("a.png", PNG)}, follow=True)
    assert "请填写活动场所的面积" in page.content.decode()
    secretary.post(reverse("assessments:checklistentry_submit", args=[room.pk]),
                   {f"e{room.pk}-area": "32", f"e{room.pk}-photo": SimpleUploadedFile("a.png", PNG)})
    secretary.post(reverse("assessments:checklistentry_submit", args=[systems.pk]),
                   {f"e{systems.pk}-systems": "三会一课制度\n党员发展制度\n\n党务公开制度"})
    room.refresh_from_db(), systems.refresh_from_db()
    assert room.status == S.SUBMITTED and room.area == Decimal("32.0") and room.content_type == "image/png"
    assert systems.system_list == ["三会一课制度", "党员发展制度", "党务公开制度"]
    assert flagged("STD-2")[world.party_org1.name] == "“五个一”2项待街道核实"
    # The secretary does not verify; the other street does not even see it.
    assert secretary.post(reverse("assessments:checklistentry_review", args=[room.pk]), {"decision": "verify"}).status_code == 403
    assert login(world.other_street_user).get(checklist.get_absolute_url()).status_code == 404
    assert login(world.other_street_user).post(reverse("assessments:checklistentry_review", args=[room.pk]),
                                               {"decision": "verify"}).status_code == 404
    # A return needs a reason; the reason shows to the secretary.
    page = street.post(reverse("assessments:checklistentry_review", args=[systems.pk]), {"decision": "return"}, follow=True)
    assert "退回时请填写退回原因" in page.content.decode()
    street.post(reverse("assessments:checklistentry_review", args=[systems.pk]), {"decision": "return", "reason": "缺少党员教育管理制度"})
    street.post(reverse("assessments:checklistentry_review", args=[room.pk]), {"decision": "verify"})
    room.refresh_from_db(), systems.refresh_from_db()
    assert room.status == S.VERIFIED and room.reviewed_by == world.street_user
    assert systems.status == S.RETURNED
    page = secretary.get(checklist.get_absolute_url()).content.decode()
    assert "退回原因：缺少党员教育管理制度" in page
    assert reverse("assessments:checklistentry_photo", args=[room.pk]) in page
    assert secretary.get(reverse("assessments:checklistentry_photo", args=[room.pk])).status_code == 200
    assert flagged("STD-2")[world.party_org1.name] == "“五个一”1项被退回待整改"
    # A verified item is not filled again.
    again = secretary.post(reverse("assessments:checklistentry_submit", args=[room.pk]), {f"e{room.pk}-area": "10"}, follow=True)
    assert "已核实" in again.content.decode()
    room.refresh_from_db()
    assert room.area == Decimal("32.0")
    verify_all(checklist, world.street_user)
    assert world.party_org1.name not in flagged("STD-2")


def _fixture_year(world):
    """A record for the rating year (last year, all four quarters)."""
    year = TODAY.year - 1
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    for quarter in (1, 2, 3):  # 支部党员大会 three quarters of four
        Activity.objects.create(party_org=world.party_org1, kind=kinds["general_meeting"], date=datetime.date(year, quarter * 3, 5),
                                place="室", topic="大会", minutes="纪要")
    for quarter in (1, 2, 3, 4):
        Activity.objects.create(party_org=world.party_org1, kind=kinds["lecture"], date=datetime.date(year, quarter * 3, 6),
                                place="室", topic="党课", minutes="纪要")
    Activity.objects.create(party_org=world.party_org1, kind=kinds["policy_study"], date=datetime.date(year, 5, 6),
                            place="室", topic="学法", minutes="纪要")
    six = Checklist.objects.create(party_org=world.party_org1, standard="six_have")
    five = Checklist.objects.create(party_org=world.party_org1, standard="five_ones")
    six.entries.update(status=S.VERIFIED)
    five.entries.filter(item__code__in=("room", "board")).update(status=S.VERIFIED)  # 8 of 11 verified
    world.party_org1.secretary = world.member1
    world.party_org1.last_election_on = datetime.date(year, 1, 10)
    world.party_org1.save()
    Member.objects.create(name="赵新", id_number=id_number("11010119950101003"), organization=world.org1,
                          party_org=world.party_org1, category=Member.Category.PROBATIONARY)
    Assignment.objects.create(instructor=world.instructor, organization=world.org1, start_date=datetime.date(year, 1, 1))
    evaluation = Evaluation.objects.create(instructor=world.instructor, year=year, half=2, qualitative_score=80, owner_score=80,
                                           employee_score=80, member_score=80, results_score=80)
    Evaluation.objects.filter(pk=evaluation.pk).update(total_score=Decimal("70"))
    pairing = Pairing.objects.create(unit=world.unit, organization=world.org1, start_date=datetime.date(year, 1, 1))
    for month in (2, 5, 8):
        PointsRecord.objects.create(pairing=pairing, date=datetime.date(year, month, 3), kind="visit", content="走访",
                                    participants="3人", results="成效", status=PointsRecord.Status.CONFIRMED)
    return year


def test_a_round_suggests_scores_exactly_from_the_record(world):
    year = _fixture_year(world)
    five = RatingRound.objects.create(region=world.street1, year=year, scheme="five_good")
    assert generate(five) == 1
    rating = Rating.objects.get(round=five)
    assert rating.party_org == world.party_org1
    # leadership: secretary 20 + elected in term 20; team: probationary 20 + 1/4 quarters studied → 5;
    # systems: 8/11 verified → 60 + round(40 × 8/11) = 89; performance: (3 + 4)/8 → 60 + 35 = 95;
    # mass: 3 confirmed pairing records → 60 + 12 = 72.
    assert rating.suggested == {"leadership": 100, "team": 85, "systems": 89, "performance": 95, "mass": 72}
    assert rating.scores == rating.suggested and rating.average == Decimal("88.2") and rating.passed
    assert rating.basis["performance"] == "党员大会3/4、党课4/4个季度"
    ssh = RatingRound.objects.create(region=world.street1, year=year, scheme="ssh")
    assert generate(ssh) == 1  # 东方电子 (covered); 东升物流 has no party organization
    rating = Rating.objects.get(round=ssh)
    # party_building: mean(7/8, 8/11, 0.70) = 0.7674… → 60 + 31 = 91; reputation 72; the rest no data.
    assert rating.suggested == {"party_building": 91, "leadership": 100, "members": 85, "reputation": 72}
    assert rating.average is None and not rating.passed  # 发展强 … wait for the street's scores
    assert "指导员考评70" in rating.basis["party_building"]


def test_an_approved_round_is_read_only_and_moves_cov1_and_org10(world, login):
    year = _fixture_year(world)
    street = login(world.street_user)
    assert coverage(None, world.district)["ratings"]["five_good"] == "暂无评定数据"
    assert {d["stage"]: d["count"] for d in stage_distribution(get_rule("ORG-10"), None, world.street1)}["improve"] == 0
    response = street.post(reverse("assessments:ratinground_add"), {"region": world.street1.pk, "year": year, "scheme": "ssh"})
    assert response.status_code == 302
    ssh = RatingRound.objects.get(scheme="ssh")
    rating = ssh.ratings.get()
    # Not all scored: the committee cannot approve yet.
    page = street.post(reverse("assessments:ratinground_approve", args=[ssh.pk]), follow=True).content.decode()
    assert "还有1项未评完" in page
    scores = {f"score_{code}": 85 for code in ("party_building", "development", "operations", "culture", "labour",
                                                  "leadership", "members", "reputation")}
    assert street.post(reverse("assessments:rating_edit", args=[rating.pk]), {**scores, "evidence": "实地查看"}).status_code == 302
    rating.refresh_from_db()
    assert rating.passed and rating.average == Decimal("85.0")
    # The other street neither sees nor approves it; the secretary does not approve.
    assert login(world.other_street_user).post(reverse("assessments:ratinground_approve", args=[ssh.pk])).status_code == 404
    assert login(world.secretary).post(reverse("assessments:ratinground_approve", args=[ssh.pk])).status_code == 403
    street.post(reverse("assessments:ratinground_approve", args=[ssh.pk]))
    ssh.refresh_from_db()
    assert ssh.approved and ssh.approved_by == world.street_user
    # Read-only from now on.
    assert street.get(reverse("assessments:rating_edit", args=[rating.pk])).status_code == 404
    assert street.post(reverse("assessments:rating_edit", args=[rating.pk]), scores).status_code == 404
    assert "rating_edit" not in street.get(rating.get_absolute_url()).content.decode()
    # COV-1: one enterprise of the street passed out of its two enterprises; the district has three.
    street_rates = coverage(None, world.street1)["rating_rates"]["two_strong_six_good"]
    assert (street_rates["reached"], street_rates["total"], street_rates["rate"]) == (1, 2, 0.5)
    district = coverage(None, world.district)
    assert district["rating_rates"]["two_strong_six_good"]["total"] == Organization.objects.active().filter(kind="enterprise").count()
    assert district["ratings"]["two_strong_six_good"].startswith("33.3%")
    assert "“双强六好”达标率50.0%（目标60%）" in flagged("COV-1")[world.street1.name]
    # ORG-10: the enterprise that passed is 已规范：抓提高.
    stages = {d["stage"]: d["count"] for d in stage_distribution(get_rule("ORG-10"), None, world.street1)}
    assert stages["improve"] == 1
    page = street.get(reverse("rules:coverage")).content.decode()
    assert 'id="rate-two_strong_six_good">33%' in page or 'id="rate-two_strong_six_good">' in page


def test_stats_json_gives_the_two_rating_rates(world, capsys):
    import json

    year = _fixture_year(world)
    round_ = RatingRound.objects.create(region=world.street1, year=year, scheme="five_good")
    generate(round_)
    call_command("stats", "--json", "--region", world.street1.code)
    data = json.loads(capsys.readouterr().out)
    assert data["rating_rates"] == {"two_strong_six_good": None, "five_good": None}  # not approved yet
    RatingRound.objects.filter(pk=round_.pk).update(status=RatingRound.Status.APPROVED)
    call_command("stats", "--json", "--region", world.street1.code)
    data = json.loads(capsys.readouterr().out)
    assert data["rating_rates"]["five_good"] == {"rate": 1.0, "reached": 1, "total": 1, "years": [year]}
    assert data["ratings"]["five_good"].startswith("100.0%")
    assert world.party_org1.name not in flagged("STD-4")
    Rating.objects.filter(round=round_).update(passed=False)
    assert flagged("STD-4")[world.party_org1.name].startswith(f"{year}年度评定未达标")
