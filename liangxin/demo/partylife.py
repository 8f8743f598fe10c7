"""A year of party life for the demo district (STD-5, the 三会一课, MEM-5, MEM-6): every active
party organization's activities since twelve months ago, with attendees from its roster and
photos, so that the archive, the member pages and each rule have something to show.

Built after the demo accounts (build_demo), from an rng of its own, so the rest of the district
is the same with or without it, and counted back from `today`:

- most party organizations keep the 三会一课 (a 党员大会, a 党课 and a 政策法规学习 each quarter;
  a 支委会 each month where the roster holds 7 members or more), a 主题党日 most months, and
  more than half a day a month in all;
- about one in twelve missed last quarter's 党课, one in fifteen last quarter's 政策法规学习
  (MEM-5), one in ten held too little last month (MEM-6); a few activities of the last weeks
  still have no photo (STD-5);
- `secretary1`'s party organization keeps everything, with a 党课 recorded this month;
- about one party organization in six has a full-time Party worker, a few of them untrained (MEM-7).

Photos are tiny: every photo row points at one of two small stored PNGs (a demo of ten thousand
activities must not write ten thousand files).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from liangxin.accounts.models import User
from liangxin.assessments.models import Checklist, ChecklistEntry, ChecklistItem, RatingRound
from liangxin.assessments.rating import generate, judge
from liangxin.core.periods import month_start, quarter_bounds
from liangxin.members.models import Member
from liangxin.partylife.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    Attendance,
    CrossAppointment,
    PartyWorker,
    Training,
)
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

DAY = datetime.timedelta(days=1)
# Two 1×1 PNGs (a red and a blue pixel): what the photo pages show for the demo.
PHOTOS = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
    b"\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00"
    b"\x0cIDATx\x9cc``\xf8\x0f\x00\x01\x04\x01\x00_\xfe\x0c\xd8\x00\x00\x00\x00IEND\xaeB`\x82",
)
TOPICS = {
    "general_meeting": ("学习贯彻上级党组织会议精神", "讨论发展党员工作", "通报党支部季度工作", "民主评议党员准备会"),
    "committee_meeting": ("研究本月党建工作安排", "讨论入党积极分子培养", "研究党费收缴和使用", "研究主题党日活动方案"),
    "group_meeting": ("党小组学习交流", "讨论岗位建功举措"),
    "lecture": ("书记讲党课：坚定理想信念", "党课：学习党章党规", "党课：党史中的初心使命", "党课：非公企业党员的先锋作用"),
    "policy_study": ("学习《劳动合同法》要点", "学习安全生产法律法规", "学习优化营商环境政策", "学习《民法典》相关条款"),
    "theme_day": ("主题党日：重温入党誓词", "主题党日：社区志愿服务", "主题党日：参观红色教育基地", "主题党日：岗位技能比武"),
    "culture": ("职工趣味运动会", "迎新春联欢活动"),
}
PLACES = ("党员活动室", "公司会议室", "社区党群服务中心", "网格党群服务站")
ABSENCE = ("出差", "病假", "值班", "事假", "外出培训")


def _photo_names() -> list[str]:
    names = []
    for number, content in enumerate(PHOTOS, start=1):
        name = f"partylife/demo/photo{number}.png"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        names.append(name)
    return names


def build_party_life(root: Region, today: datetime.date, seed: int) -> int:
    rng = random.Random(seed * 31 + 14)
    ActivityKind.objects.install_defaults()
    kinds = {kind.code: kind for kind in ActivityKind.objects.exclude(code="")}
    party_orgs = list(PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE, region__path__startswith=root.path)
                      .order_by("pk"))
    rosters: dict[int, list[int]] = {}
    for member_id, party_org_id in (Member.objects.filter(party_org__in=[p.pk for p in party_orgs])
                                    .order_by("pk").values_list("pk", "party_org")):
        rosters.setdefault(party_org_id, []).append(member_id)
    # A party organization meets with its members and those of the organizations below it (a
    # 党委's members sit in its branches).
    parent = {p.pk: p.parent_id for p in party_orgs}
    for party_org_id, members in list(rosters.items()):
        above = parent.get(party_org_id)
        while above is not None:
            rosters.setdefault(above, []).extend(members)
            above = parent.get(above)
    # The members a party organization holds as STD-5B counts them (its roster with those below).
    held = dict(PartyOrg.objects.filter(pk__in=[p.pk for p in party_orgs]).with_member_total().values_list("pk", "member_total"))
    secretary = User.objects.filter(username="secretary1").values_list("party_org", flat=True).first()
    start = month_start(today, 12)
    last_quarter_start = quarter_bounds(quarter_bounds(today)[0] - DAY)[0]
    last_month = month_start(today, 1)
    activities: list[Activity] = []
    present_of: list[list[int]] = []
    absent_of: list[list[int]] = []
    for party_org in party_orgs:
        roster = rosters.get(party_org.pk, [])
        keeps = party_org.pk == secretary
        skip_lecture = not keeps and rng.random() < 0.08
        skip_study = not keeps and rng.random() < 0.07
        thin_month = not keeps and rng.random() < 0.10
        begin = max(start, party_org.founded_on or start)
        month = begin.replace(day=1)
        while month <= today:
            quiet = thin_month and month == last_month
            plan: list[str] = []
            if not quiet:
                plan.append("theme_day" if rng.random() < 0.8 else "culture")
                if held.get(party_org.pk, 0) >= 7:
                    plan.append("committee_meeting")
                if held.get(party_org.pk, 0) >= 15:
                    plan.append("group_meeting")
            if month.month % 3 == 2:  # the middle month of each quarter
                plan.append("general_meeting")
                if not (skip_lecture and quarter_bounds(month)[0] == last_quarter_start):
                    plan.append("lecture")
                if not (skip_study and quarter_bounds(month)[0] == last_quarter_start):
                    plan.append("policy_study")
            for code in plan:
                day = month + datetime.timedelta(days=rng.randint(2, 25))
                if day > today or day < begin:
                    continue
                # A 主题党日 or a 文体活动 takes half a day; meetings and lectures an hour or two.
                half_day = code in ("theme_day", "culture")
                hours = Decimal(rng.choice(("4", "4", "4.5", "5") if half_day else ("1.5", "2", "2", "2.5", "3")))
                if quiet:
                    hours = Decimal("1")
                activities.append(Activity(
                    party_org=party_org, kind=kinds[code], date=day, place=rng.choice(PLACES), hours=hours,
                    topic=rng.choice(TOPICS.get(code, ("组织生活",))), minutes="会议议程、学习内容和讨论情况已记录。",
                ))
                absent = [m for m in roster if rng.random() < 0.12]
                present_of.append([m for m in roster if m not in absent])
                absent_of.append(absent)
            month = month_start(month, -1)
    if secretary and kinds.get("lecture"):
        party_org = next((p for p in party_orgs if p.pk == secretary), None)
        if party_org is not None:
            activities.append(Activity(party_org=party_org, kind=kinds["lecture"], date=max(today.replace(day=1), today - 3 * DAY),
                                       place="党员活动室", hours=Decimal("2"), topic="书记讲党课：学习贯彻党的二十届四中全会精神",
                                       minutes="书记讲授党课，党员交流学习体会。"))
            roster = rosters.get(secretary, [])
            present_of.append(roster[1:] or roster)
            absent_of.append(roster[:1] if len(roster) > 1 else [])
    Activity.objects.bulk_create(activities, batch_size=2000)
    attendance = []
    for activity, present, absent in zip(activities, present_of, absent_of, strict=True):
        attendance += [Attendance(activity=activity, member_id=m, present=True) for m in present]
        attendance += [Attendance(activity=activity, member_id=m, present=False, reason=rng.choice(ABSENCE)) for m in absent]
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    names = _photo_names()
    recent = today - 20 * DAY
    photos = []
    for activity in activities:
        if activity.date >= recent and rng.random() < 0.08 and activity.party_org_id != secretary:
            continue  # a few recent activities still wait for their photos (STD-5)
        for number in range(1 if rng.random() < 0.7 else 2):
            photos.append(ActivityPhoto(activity=activity, image=names[number], content_type="image/png", size=len(PHOTOS[number])))
    ActivityPhoto.objects.bulk_create(photos, batch_size=5000)
    crosses = []
    for party_org in party_orgs:
        draw = rng.random()
        if draw < 0.05 and party_org.pk != secretary:
            continue  # not recorded (STD-6)
        none = draw < 0.10 and party_org.pk != secretary
        crosses.append(CrossAppointment(
            party_org=party_org, secretary_in_management=party_org.pk == secretary or (not none and rng.random() < 0.7),
            secretary_union_chair=not none and rng.random() < 0.4, one_shoulder=not none and rng.random() < 0.15,
            members_in_management=0 if none else rng.randint(0, 3), managers_in_committee=0 if none else rng.randint(0, 2)))
    CrossAppointment.objects.bulk_create(crosses, batch_size=2000)
    build_trainings(party_orgs, secretary, today, rng)
    build_workers(party_orgs, rosters, secretary, today, random.Random(seed * 31 + 16))
    return len(activities)


ORGANIZERS = ("区委组织部", "区非公党工委", "街道党工委")


def build_trainings(party_orgs, kept: int | None, today: datetime.date, rng: random.Random) -> None:
    """MEM-7's secretaries' part: most secretaries trained within the year, a few last trained
    over a year ago or never (secretary1's never among them)."""
    trainings = []
    for party_org in party_orgs:
        if not party_org.secretary_id:
            continue
        draw = rng.random()
        if draw < 0.05 and party_org.pk != kept:
            continue  # never trained
        days = rng.randint(400, 500) if draw < 0.10 and party_org.pk != kept else rng.randint(20, 300)
        trainings.append(Training(party_org=party_org, attendee_id=party_org.secretary_id, date=today - days * DAY,
                                  hours=Decimal(rng.choice(("8", "16", "24"))), organizer=rng.choice(ORGANIZERS),
                                  topic="“两新”组织党组织书记集中轮训"))
    Training.objects.bulk_create(trainings, batch_size=2000)


def build_workers(party_orgs, rosters: dict[int, list[int]], kept: int | None, today: datetime.date,
                  rng: random.Random) -> None:
    """MEM-7's full-time Party workers: about one party organization in six with a roster of
    five or more names one of its members (not the secretary); most trained within the year, a
    few last trained over a year ago or never; a few posts ended (no longer checked).
    secretary1's party organization has one, trained. An rng of its own: the rest of the demo
    is the same with or without it."""
    workers, trainings = [], []
    for party_org in party_orgs:
        roster = [m for m in rosters.get(party_org.pk, []) if m != party_org.secretary_id]
        if len(roster) < 5 or (party_org.pk != kept and rng.random() >= 1 / 6):
            continue
        member = rng.choice(roster)
        start = today - DAY * rng.randint(200, 1500)
        # The first post drawn (secretary1's aside) has ended, then one in ten: a small demo shows one too.
        ended = party_org.pk != kept and (rng.random() < 0.1 or not any(w.party_org_id != kept for w in workers))
        workers.append(PartyWorker(party_org=party_org, member_id=member, position=rng.choice(WORKER_POSITIONS), start_date=start,
                                   end_date=today - DAY * rng.randint(10, 150) if ended else None))
        draw = rng.random()
        if party_org.pk != kept and draw < 0.15:
            continue  # never trained
        days = rng.randint(400, 500) if party_org.pk != kept and draw < 0.3 else rng.randint(20, 300)
        trainings.append(Training(party_org=party_org, attendee_id=member, role=Training.Role.WORKER, date=today - days * DAY,
                                  hours=Decimal(rng.choice(("8", "16"))), organizer=rng.choice(ORGANIZERS),
                                  topic="“两新”组织专职党务工作者业务培训"))
    PartyWorker.objects.bulk_create(workers, batch_size=2000)
    Training.objects.bulk_create(trainings, batch_size=2000)


WORKER_POSITIONS = ("党务专员", "党群工作部主任", "党建工作专干", "")


SYSTEMS = "三会一课制度\n党员教育管理制度\n党务公开制度\n党员民主议事制度\n结对帮扶制度\n主题活动制度"
RETURN_REASONS = ("照片看不清标识牌，请重新拍摄", "制度清单缺少党员教育管理制度", "活动室面积与实地不符，请核实")


def build_standards(root: Region, today: datetime.date, seed: int) -> int:
    """The 六有 and 五个一 checklists in various states, and one approved rating round of each
    kind (last year) in street1's street: most party organizations verified in full, a few
    waiting for the street, a few returned with a reason, a few without a checklist (STD-1,
    STD-2); the rounds' scores are the suggestions, the street's own dimensions drawn."""
    rng = random.Random(seed * 31 + 15)
    ChecklistItem.objects.install_defaults()
    names = _photo_names()
    party_orgs = list(PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE, region__path__startswith=root.path).order_by("pk"))
    reviewer = User.objects.filter(username="street1").first()
    checklists = []
    for party_org in party_orgs:
        for standard in ("six_have", "five_ones"):
            if rng.random() < 0.03:
                continue  # no checklist yet
            checklists.append(Checklist(party_org=party_org, standard=standard))
    Checklist.objects.bulk_create(checklists, batch_size=2000)
    items = {standard: list(ChecklistItem.objects.usable().filter(standard=standard)) for standard in ("six_have", "five_ones")}
    S = ChecklistEntry.Status
    entries = []
    for checklist in checklists:
        state = rng.random()
        for item in items[checklist.standard]:
            entry = ChecklistEntry(checklist=checklist, item=item, status=S.VERIFIED, submitted_on=today - DAY * rng.randint(30, 300),
                                   reviewed_by=reviewer, reviewed_on=today - DAY * rng.randint(1, 29))
            if state > 0.94 and rng.random() < 0.4:
                entry.status, entry.reviewed_by, entry.reviewed_on = S.SUBMITTED, None, None
            elif 0.91 < state <= 0.94 and rng.random() < 0.4:
                entry.status, entry.return_reason = S.RETURNED, rng.choice(RETURN_REASONS)
            elif state < 0.03 and rng.random() < 0.5:
                entry.status, entry.submitted_on, entry.reviewed_by, entry.reviewed_on = S.EMPTY, None, None, None
            if entry.status != S.EMPTY:
                if item.evidence in ("photo", "area"):
                    entry.image, entry.content_type = names[0], "image/png"
                if item.evidence == "area":
                    entry.area = Decimal(22 if rng.random() < 0.03 else rng.choice((28, 30, 32, 36, 45, 60)))
                if item.evidence == "systems":
                    entry.systems = SYSTEMS
            entries.append(entry)
    ChecklistEntry.objects.bulk_create(entries, batch_size=5000)
    street = (reviewer.region if reviewer and reviewer.region_id else
              Region.objects.filter(parent=root).order_by("path").first())
    count = 0
    for scheme in ("five_good", "ssh"):
        round_ = RatingRound.objects.create(region=street, year=today.year - 1, scheme=scheme, notes="演示：上年度评定")
        count += generate(round_, today)
        for rating in round_.ratings.all():
            for code, _label in rating.dimensions:
                rating.scores.setdefault(code, rng.choice((62, 70, 75, 80, 85, 88, 90, 92)))
            judge(rating)
            rating.save()
        RatingRound.objects.filter(pk=round_.pk).update(status=RatingRound.Status.APPROVED, approved_by=reviewer,
                                                         approved_on=datetime.date(today.year, 1, 20))
    return count
