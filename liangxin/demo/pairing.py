"""The points record of the demo's pairings (seed 004): a year of 积分行动记录 for every current
pairing, so that the paired unit's workspace, the leaders' confirmations and each PAIR rule
have something to show.

Built after the demo accounts (build_demo), from an rng of its own, so the rest of the district
is the same with or without it, and counted back from `today`:

- most pairings keep 一月一到访、一季一活动、一年一总结, with 七一 and Spring Festival visits and an
  open day; records older than two weeks are confirmed by the organization's leader, points
  from the table in force;
- a few pairings missed last month's visit, last quarter's activity and last year's summary
  meeting; a few missed this year's Spring Festival visit and last year's open day (PAIR-2, PAIR-7);
- the last two weeks' records wait for confirmation, a few of them longer than the parameter
  allows (PAIR-3); one record was returned with a reason;
- the last mid-year and year-end evaluations (PAIR-5): four answers each, but a few rounds not held
  and a few without the owner's answer;
- last quarter's inspection and issued bulletin by the district and most streets, a few of the
  quarter's activities marked as good practice; a street or two without one (PAIR-6);
- last year's self-assessments (PAIR-4): most units submitted theirs in January, a few did not;
- `pairing1`'s unit has this month's visit still to record and one returned record to correct;
  `secretary1`'s organization is paired (a street unit is paired with it when none is) and has
  a record waiting for secretary1's confirmation and an evaluation for secretary1 to fill in
  (ensure_secretary1_invitation, also run when the demo is repaired).
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.core.periods import month_start, quarter_bounds
from liangxin.organizations.models import Organization
from liangxin.pairing.assessment import deadline
from liangxin.pairing.calendar import spring_festival
from liangxin.pairing.evaluations import round_end, round_of
from liangxin.pairing.models import (
    Inspection,
    Invitation,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.parameters import BULLETIN_DAYS, EVAL_DAYS, POINTS
from liangxin.pairing.rules import bulletin_quarter, due_rounds
from liangxin.pairing.services import evaluation_todos, year_points
from liangxin.regions.models import Region
from liangxin.rules.values import ParameterValues

DAY = datetime.timedelta(days=1)
CONTENT = {
    "visit": ("走访企业，了解生产经营和党群工作情况", "指导党支部完善三会一课记录", "协助企业工会筹备会员代表大会",
              "宣讲最新政策，听取企业主意见建议"),
    "activity": ("双方党员联合开展主题党日活动", "联合举办青年职工座谈会", "共同组织职工文体活动", "联合开展志愿服务"),
    "summary": ("召开年度结对共建工作会议，邀请街道负责同志和企业主参加，总结全年工作并部署来年",),
    "condolence": ("走访慰问企业困难党员和职工",),
    "open_day": ("邀请企业党员和群团代表走进机关，开展党员阵地开放日活动",),
    "lecture": ("送党课进企业：学习党的基本理论", "送法律讲座：劳动合同法要点"),
    "aid": ("帮扶企业特困员工，协调子女就学",),
    "research": ("围绕企业转型升级开展专题调研，形成调研报告",),
}
RESULTS = ("企业党支部制度进一步健全", "职工反映的问题已协调解决", "培养入党积极分子1名", "企业主表示支持党群工作",
           "工会组织覆盖全体职工")
PARTICIPANTS = ("单位党支部书记等{n}人；企业党支部书记、工会主席", "单位党员{n}人；企业党员和职工代表{m}人")
RETURN_REASON = "参加人员未写明企业一方，请补充"


def build_pairing_record(root: Region, today: datetime.date, seed: int) -> int:
    rng = random.Random(seed * 31 + 4)
    params = ParameterValues(today)
    in_root = Q(organization__region__path__startswith=root.path)
    _pair_secretary1(root, today)
    pairings = list(Pairing.objects.current(today).filter(in_root).select_related("unit", "organization__region")
                    .order_by("unit__name", "pk"))
    demo_unit = User.objects.filter(username="pairing1").values_list("paired_unit", flat=True).first()
    secretary_orgs = _secretary1_orgs()
    start = datetime.date(today.year - 1, 1, 1)  # last year whole: its open day and summary meeting
    records: list[PointsRecord] = []
    for number, pairing in enumerate(pairings):
        laggard = number % 7 == 3  # misses last month's visit and last quarter's activity
        forgetful = number % 5 == 2  # misses the Spring Festival visit and the open day
        own = pairing.unit_id == demo_unit
        first = max(start, pairing.start_date)

        def add(kind: str, date: datetime.date, pairing=pairing, first=first) -> None:
            if first <= date <= today:
                records.append(_record(rng, pairing, kind, date))

        month = month_start(first)
        while month <= today:
            last_month = month == month_start(today, 1)
            this_month = month == month_start(today)
            if not ((laggard and last_month) or (own and this_month)):
                add("visit", month + DAY * rng.randint(2, 24))
            month = month_start(month, -1)
        quarter = quarter_bounds(first)[0]
        previous_quarter = quarter_bounds(quarter_bounds(today)[0] - DAY)[0]
        while quarter <= today:
            if not (laggard and quarter == previous_quarter):
                add("activity", quarter + DAY * rng.randint(20, 70))
            quarter = quarter_bounds(quarter_bounds(quarter)[1] + DAY)[0]
        if not laggard:
            add("summary", datetime.date(today.year - 1, 12, rng.randint(10, 28)))
        for year in (today.year - 1, today.year):
            add("condolence", datetime.date(year, 6, rng.randint(24, 30)))
            if not (forgetful and year == today.year):
                add("condolence", spring_festival(year) - DAY * rng.randint(3, 12))
        for year in (today.year - 1, today.year):
            if not (forgetful and year == today.year - 1):
                add("open_day", datetime.date(year, rng.randint(3, 10), rng.randint(1, 28)))
        for kind in ("lecture", "aid", "research"):
            if rng.random() < 0.4:
                add(kind, first + DAY * rng.randint(0, max(0, (today - first).days)))
        if pairing.organization_id in secretary_orgs:
            add("lecture", today - DAY * 2)  # recent: waits for secretary1
    _review(rng, records, today, params, demo_unit)
    PointsRecord.objects.bulk_create(records, batch_size=1000)
    _self_assessments(pairings, today)
    _evaluations(rng, pairings, today, params.value(EVAL_DAYS))
    _inspections(root, pairings, today, params.value(BULLETIN_DAYS))
    ensure_secretary1_invitation(today)
    return len(records)


def _inspections(root: Region, pairings: list[Pairing], today: datetime.date, days: int) -> None:
    """The bulletin quarter's inspections: the district's and every street's with pairings but
    every fourth street's (PAIR-6); the quarter's first few confirmed activities are good practice."""
    year, quarter, start, end = bulletin_quarter(today, days)
    paths = {p.organization.region.path for p in pairings}
    streets = [s for s in Region.objects.filter(level=Region.Level.STREET, path__startswith=root.path).order_by("code")
               if any(path.startswith(s.path) for path in paths)]
    findings = "采取查阅《积分行动记录本》、走访结对组织、听取企业主意见相结合的方式，对本季度结对共建工作进行督办检查。"
    Inspection.objects.bulk_create([
        Inspection(region=region, year=year, quarter=quarter, inspected_on=end + DAY * 8, issued_on=end + DAY * 12,
                   findings=findings)
        for number, region in enumerate([root, *streets]) if number % 4 != 2
    ])
    examples = (PointsRecord.objects.confirmed().filter(pairing__in=pairings, kind="activity", date__gte=start, date__lte=end)
                .order_by("date", "pk").values_list("pk", flat=True)[:5])
    PointsRecord.objects.filter(pk__in=list(examples)).update(example=True)


def _evaluations(rng, pairings: list[Pairing], today: datetime.date, days: int) -> None:
    """The rounds already due, answered by the four evaluators; every eighth pairing's round was
    not held, every eleventh's owner did not answer (counted among the pairings due, so a small demo has both) (PAIR-5 shows both)."""
    comments = ("希望多组织职工文体活动", "到访指导及时，帮助很大", "建议增加送法律讲座", "")
    for year, round_, start, end in due_rounds(today, days):
        due = [p for p in pairings if p.start_date <= start]
        held = [p for number, p in enumerate(due) if number % 8 != 1]
        rounds = UnitEvaluation.objects.bulk_create([UnitEvaluation(pairing=p, year=year, round=round_) for p in held])
        invitations = []
        for number, evaluation in enumerate(rounds):
            answered_at = datetime.datetime.combine(end + DAY * rng.randint(3, 20), datetime.time(10), tzinfo=datetime.UTC)
            for kind in Invitation.Evaluator.values:
                invitation = Invitation(evaluation=evaluation, evaluator=kind)
                if not (kind == Invitation.Evaluator.OWNER and number % 11 == 3):
                    ratings = {item: rng.choice((100, 80, 80, 60)) for item in Invitation.ITEMS}
                    for item, value in ratings.items():
                        setattr(invitation, item, value)
                    invitation.score = round(sum(ratings.values()) / len(ratings))
                    invitation.answered_at, invitation.comments = answered_at, rng.choice(comments)
                invitations.append(invitation)
        Invitation.objects.bulk_create(invitations, batch_size=1000)


def _self_assessments(pairings: list[Pairing], today: datetime.date) -> None:
    """Last year's self-assessments, once its deadline has passed: every unit paired then
    submitted but every ninth (the second, …: PAIR-4 shows those)."""
    year = today.year - 1
    if today <= deadline(year):
        return
    units = sorted({p.unit for p in pairings if p.start_date.year <= year}, key=lambda u: u.name)
    points = year_points(units, year)
    SelfAssessment.objects.bulk_create([
        SelfAssessment(unit=unit, year=year, status=SelfAssessment.Status.SUBMITTED, points=points[unit.pk].total,
                       breakdown=dict(points[unit.pk].by_kind), submitted_on=deadline(year) - DAY * (3 + number % 10),
                       notes="全年按“一月一到访、一季一活动、一年一总结”开展结对共建，积分以已确认记录为准。")
        for number, unit in enumerate(units) if number % 9 != 1
    ])


def _record(rng, pairing: Pairing, kind: str, date: datetime.date) -> PointsRecord:
    return PointsRecord(
        pairing=pairing, date=date, kind=kind, content=rng.choice(CONTENT[kind]), results=rng.choice(RESULTS),
        participants=rng.choice(PARTICIPANTS).format(n=rng.randint(2, 6), m=rng.randint(3, 12)),
    )


def _review(rng, records: list[PointsRecord], today: datetime.date, params: ParameterValues, demo_unit) -> None:
    """Older records confirmed a few days after they were made; the last two weeks' pending;
    a few pending for longer (PAIR-3); one returned (two for the demo unit to see one)."""
    records.sort(key=lambda r: r.date)
    returned = {id(r) for r in records if r.pairing.unit_id == demo_unit and r.kind == "visit" and r.date < today - DAY * 20}
    returned = set(sorted(returned)[-1:])
    for index, record in enumerate(records):
        recent = record.date >= today - DAY * 14
        stale = index % 97 == 5 and record.date >= today - DAY * 60
        if id(record) in returned:
            record.status, record.return_reason = PointsRecord.Status.RETURNED, RETURN_REASON
            record.reviewed_on = min(today, record.date + DAY * 3)
        elif recent or stale:
            record.status = PointsRecord.Status.PENDING
        else:
            record.status = PointsRecord.Status.CONFIRMED
            record.reviewed_on = min(today, record.date + DAY * rng.randint(1, 6))
            record.points = params.value(POINTS[record.kind], record.pairing.organization.region.path)


def _secretary1_orgs() -> set[int]:
    user = User.objects.filter(username="secretary1").first()
    if user is None:
        return set()
    return set(Organization.objects.scoped(user).values_list("pk", flat=True))


def _pair_secretary1(root: Region, today: datetime.date) -> None:
    """secretary1's organizations have a pairing (a street unit of their street is paired with one
    when none is), so that the demo's leader has records to confirm."""
    orgs = _secretary1_orgs()
    if not orgs or Pairing.objects.current(today).filter(organization__in=orgs).exists():
        return
    org = Organization.objects.filter(pk__in=orgs).select_related("region").order_by("pk").first()
    if org is None:
        return
    street = Region.objects.filter(level=Region.Level.STREET, pk__in=[int(p) for p in org.region.path.split("/") if p]).first()
    if street is None:
        return
    unit, _ = PairedUnit.objects.get_or_create(
        name=f"{street.name}党群服务中心", defaults={"level": PairedUnit.Level.STREET, "region": street, "rank": PairedUnit.Rank.SECTION,
                                                 "category": PairedUnit.Category.INSTITUTION, "party_org_name": f"{street.name}党群服务中心党支部"},
    )
    Pairing.objects.create(unit=unit, organization=org, start_date=today - DAY * 400, unit_contact="周敏")


def ensure_secretary1_invitation(today: datetime.date) -> None:
    """secretary1 has an evaluation to fill in (PAIR-5's 两新组织党组织 invitation, the home
    page's “请填写评议” to-do): when none is pending, a round of one of the pairings of the
    organizations secretary1's party organization covers is opened, the round being collected
    now (the half-year just ended, or else the current one), so that PAIR-5, which reads the
    rounds already due, flags no more than before. Seed data: created without the change log,
    as the rest of the demo; nothing when one is pending or the round's invitation was answered."""
    user = User.objects.filter(username="secretary1", role=Role.SECRETARY).first()
    if user is None or not user.party_org_id or evaluation_todos(user):
        return
    pairing = (Pairing.objects.current(today).filter(organization__party_orgs=user.party_org_id)
               .order_by("start_date", "pk").first())
    if pairing is None:
        return
    year, round_ = round_of(today)
    previous = round_of(datetime.date(year, 1, 1) - DAY if round_ == UnitEvaluation.Round.MID_YEAR else datetime.date(year, 6, 30))
    if (today - round_end(*previous)).days <= ParameterValues(today).value(EVAL_DAYS):
        year, round_ = previous
    evaluation, _ = UnitEvaluation.objects.get_or_create(pairing=pairing, year=year, round=round_)
    have = set(evaluation.invitations.values_list("evaluator", flat=True))
    Invitation.objects.bulk_create([Invitation(evaluation=evaluation, evaluator=kind)
                                    for kind in Invitation.Evaluator.values if kind not in have])
