"""Rules of party life: STD-5 (the archive's photos), STD-5B (the 三会一课 cadence of the
《中国共产党支部工作条例（试行）》, the national baseline the seeds rely on), MEM-5 (a policy-and-law
study each quarter) and MEM-6 (half a day a month). Their citations and parameters are in
liangxin.partylife.parameters; the registry loads `RULES` (see liangxin.rules.registry).

Each period is judged once it is over and its grace days have passed (as the pairing cadence):
the last completed month and quarter. A party organization founded after a period began is
not asked for it."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from liangxin.core.periods import month_end, month_start, previous_quarter, quarter_of
from liangxin.instructors.parameters import C_002_TRAINING, TRAINING_DAYS
from liangxin.instructors.rules import MEM7_INSTRUCTORS
from liangxin.partylife.models import Activity, CrossAppointment, Training
from liangxin.partylife.parameters import (
    C_ARCHIVE,
    C_COMMITTEE,
    C_CROSS,
    C_CROSS_003,
    C_GROUPS,
    C_HALF_DAY,
    C_POLICY_STUDY,
    C_SECRETARY_TRAINING,
    C_THREE_MEETINGS,
    CADENCE_GRACE_DAYS,
    COMMITTEE_MEETING,
    COMMITTEE_MEETINGS,
    COMMITTEE_MIN_MEMBERS,
    GENERAL_MEETING,
    GENERAL_MEETINGS,
    GROUP_MEETING,
    GROUP_MEETINGS,
    GROUP_MIN_MEMBERS,
    LECTURE,
    LECTURES,
    MONTHLY_HOURS,
    PHOTO_DAYS,
    POLICY_STUDIES,
    POLICY_STUDY,
    SECRETARY_TRAINING_DAYS,
)
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.queries import text, today
from liangxin.rules.registry import Part, Rule

STD = "党组织规范化建设"
MEM = "党员队伍"
PATH = "region__path"


def last_month(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month_start(on, 1)
    return start, month_end(start)


def _count(start: datetime.date, end: datetime.date, **kind) -> Coalesce:
    """The activities of a kind each party organization held in [start, end], as a subquery."""
    activities = (Activity.objects.filter(party_org=OuterRef("pk"), date__gte=start, date__lte=end, **kind)
                  .order_by().values("party_org").annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(activities), 0)


def _hours(start: datetime.date, end: datetime.date) -> Coalesce:
    hours = (Activity.objects.filter(party_org=OuterRef("pk"), date__gte=start, date__lte=end)
             .order_by().values("party_org").annotate(h=Sum("hours")).values("h")[:1])
    return Coalesce(Subquery(hours), Value(0), output_field=models.DecimalField(max_digits=8, decimal_places=1))


def _existed(start: datetime.date) -> Q:
    return Q(founded_on__isnull=True) | Q(founded_on__lte=start)


def _judged(on: datetime.date, end: datetime.date) -> Q:
    """The period is over and its grace days (per region) have passed."""
    return Q(grace__lt=(on - end).days)


def _quarter_label(start: datetime.date) -> str:
    return f"{start.year}年第{quarter_of(start)}季度"


def _flag(qs, checks: list[tuple[Q, object]]):
    any_missing = Q(pk__in=[])
    for missing, _label in checks:
        any_missing |= missing
    return qs.filter(any_missing).annotate(finding=Case(
        *[When(missing, then=label if not isinstance(label, str) else Value(label)) for missing, label in checks],
        output_field=CharField(),
    ))


# --- STD-5B 三会一课 -------------------------------------------------------------------------

def std5b(qs, params):
    on = today()
    quarter, month = previous_quarter(on), last_month(on)
    qs = (qs.filter(status=PartyOrg.Status.ACTIVE).with_member_total()
          .annotate(grace=params.expr(CADENCE_GRACE_DAYS, PATH),
                    general=_count(*quarter, kind__code=GENERAL_MEETING), lectures=_count(*quarter, kind__code=LECTURE),
                    committee=_count(*month, kind__code=COMMITTEE_MEETING), groups=_count(*month, kind__code=GROUP_MEETING),
                    need_general=params.expr(GENERAL_MEETINGS, PATH), need_lectures=params.expr(LECTURES, PATH),
                    need_committee=params.expr(COMMITTEE_MEETINGS, PATH), need_groups=params.expr(GROUP_MEETINGS, PATH),
                    committee_min=params.expr(COMMITTEE_MIN_MEMBERS, PATH), group_min=params.expr(GROUP_MIN_MEMBERS, PATH)))
    q_label, m_label = _quarter_label(quarter[0]), f"{month[0]:%Y年%m月}"
    in_quarter = _existed(quarter[0]) & _judged(on, quarter[1])
    in_month = _existed(month[0]) & _judged(on, month[1])
    checks = [
        (in_quarter & Q(general__lt=F("need_general")), text(q_label, "支部党员大会", F("general"), "次")),
        (in_quarter & Q(lectures__lt=F("need_lectures")), text(q_label, "党课", F("lectures"), "次")),
        (in_month & Q(member_total__gte=F("committee_min"), committee__lt=F("need_committee")),
         text(m_label, "支委会", F("committee"), "次")),
        (in_month & Q(member_total__gte=F("group_min"), groups__lt=F("need_groups")),
         text(m_label, "党小组会", F("groups"), "次")),
    ]
    return _flag(qs, checks)


# --- MEM-5 政策法规学习 ----------------------------------------------------------------------

def mem5(qs, params):
    on = today()
    quarter = previous_quarter(on)
    qs = (qs.filter(status=PartyOrg.Status.ACTIVE)
          .annotate(grace=params.expr(CADENCE_GRACE_DAYS, PATH), studies=_count(*quarter, kind__code=POLICY_STUDY),
                    need=params.expr(POLICY_STUDIES, PATH)))
    missing = _existed(quarter[0]) & _judged(on, quarter[1]) & Q(studies__lt=F("need"))
    return _flag(qs, [(missing, text(_quarter_label(quarter[0]), "政策法规学习", F("studies"), "次"))])


# --- MEM-6 每月半天 -----------------------------------------------------------------------

def mem6(qs, params):
    on = today()
    month = last_month(on)
    qs = (qs.filter(status=PartyOrg.Status.ACTIVE)
          .annotate(grace=params.expr(CADENCE_GRACE_DAYS, PATH), hours_held=_hours(*month),
                    need=params.expr(MONTHLY_HOURS, PATH)))
    missing = _existed(month[0]) & _judged(on, month[1]) & Q(hours_held__lt=F("need"))
    return _flag(qs, [(missing, text(f"{month[0]:%Y年%m月}活动时间", F("hours_held"), "小时"))])


# --- STD-5 archives with photos --------------------------------------------------------------

def std5(qs, params):
    on = today()
    cutoff = params.expr(PHOTO_DAYS, "party_org__region__path", transform=lambda d: on - datetime.timedelta(days=d),
                         output_field=models.DateField())
    return (qs.filter(date__gte=on - datetime.timedelta(days=366), photos__isnull=True)
            .annotate(cutoff=cutoff).filter(date__lt=F("cutoff"))
            .annotate(finding=text(F("kind__name"), "（", F("date"), "）没有图片资料")))


# --- STD-6 交叉任职 --------------------------------------------------------------------------

def std6(qs, params):
    record = CrossAppointment.objects.filter(party_org=OuterRef("pk"))
    crossed = record.filter(Q(secretary_in_management=True) | Q(secretary_union_chair=True) | Q(one_shoulder=True)
                            | Q(members_in_management__gt=0) | Q(managers_in_committee__gt=0))
    return (qs.filter(status=PartyOrg.Status.ACTIVE).annotate(recorded=Exists(record), crossed=Exists(crossed))
            .filter(crossed=False).annotate(finding=Case(
                When(recorded=False, then=Value("未登记交叉任职情况")),
                default=Value("党组织班子与经营管理层、工会没有交叉任职"), output_field=CharField())))


# --- MEM-7 training: the secretaries' and the grid lead organizations' heads' parts ------------

def _untrained(qs, params, secretary: str, key: str, path_field: str, who: str = "书记"):
    """Rows whose secretary (`secretary`, a member; `who` names the post) has no training record
    within the parameter's days before today, with the last one as the finding (no name: the
    leader reads this list too)."""
    on = today()
    last = Training.objects.filter(attendee=OuterRef(secretary), date__lte=on).order_by("-date").values("date")[:1]
    cutoff = params.expr(key, path_field, transform=lambda d: on - datetime.timedelta(days=d), output_field=models.DateField())
    return (
        qs.annotate(cutoff=cutoff, last_training=Subquery(last, output_field=models.DateField()))
        .filter(Q(last_training__isnull=True) | Q(last_training__lte=F("cutoff")))
        .annotate(finding=Case(
            When(last_training__isnull=True, then=Value(f"{who}没有培训记录")),
            default=text(f"{who}上次培训", F("last_training")),
            output_field=CharField(),
        ))
    )


def mem7_secretaries(qs, params):
    """Active party organizations whose secretary (recorded in the roster) had no training in the
    parameter's days; one without a secretary in the roster is ORG-9's."""
    return _untrained(qs.filter(status=PartyOrg.Status.ACTIVE, secretary__isnull=False), params,
                      "secretary", SECRETARY_TRAINING_DAYS, PATH)


def mem7_grid_leads(qs, params):
    """Open grids whose lead party organization's secretary had no training in the parameter's
    days; a grid without a lead organization is GRID-3's."""
    grids = qs.filter(level=Region.Level.GRID, closed_on__isnull=True, lead_party_org__status=PartyOrg.Status.ACTIVE,
                      lead_party_org__secretary__isnull=False)
    return _untrained(grids, params, "lead_party_org__secretary", TRAINING_DAYS, "path")


def mem7_workers(qs, params):
    """Full-time Party workers serving today (post open, party organization active) with no
    training in the secretaries' days: 003 §二 第二 names both in one sentence, one interval. A
    training counts whoever recorded it and under whichever role (the person was trained)."""
    return _untrained(qs.serving(), params, "member", SECRETARY_TRAINING_DAYS, "party_org__region__path",
                      who="专职党务工作者")


MEM7 = Rule(
    "MEM-7", "书记、专职党务工作者、指导员和网格牵头党组织负责人年度培训", MEM, (),
    "每年对党组织书记、专职党务工作者、党建工作指导员和网格牵头党组织负责人至少集中培训一次，录入培训记录。",
    parts=(
        Part("secretaries", "党组织书记", (C_SECRETARY_TRAINING,), "partyorgs.PartyOrg", mem7_secretaries,
             parameters=(SECRETARY_TRAINING_DAYS,),
             action="每{partylife_secretary_training_days}天内至少对党组织书记集中培训一次，在“书记培训”中录入。"),
        MEM7_INSTRUCTORS,
        Part("grid_leads", "网格牵头党组织负责人", (C_002_TRAINING,), "regions.Region", mem7_grid_leads,
             parameters=(TRAINING_DAYS,), region_path_field="path",
             action="网格牵头党组织书记每{instructor_training_days}天内至少参加一次集中培训，在“书记培训”中录入。"),
        Part("workers", "专职党务工作者", (C_SECRETARY_TRAINING,), "partylife.PartyWorker", mem7_workers,
             parameters=(SECRETARY_TRAINING_DAYS,), region_path_field="party_org__region__path",
             # The worker's name is the roster's (encrypted): search the party organization and post.
             search_fields=("party_org__name", "position"),
             action="每{partylife_secretary_training_days}天内至少对在任的专职党务工作者集中培训一次，在“书记培训”中录入"
                    "（参训身份“专职党务工作者”）；名单在“专职党务工作者”中登记。"),
    ),
    scope_note="书记须在党员名册中登记才能核对；专职党务工作者按“专职党务工作者”名单中在任的核对。",
)

RULES = (
    MEM7,
    Rule(
        "STD-6", "交叉任职：党组织班子与管理层“双向进入、交叉任职”", STD, (C_CROSS, C_CROSS_003),
        "推行党组织班子成员与管理层、群团组织班子成员双向进入、交叉任职：书记兼任副总经理和工会主席，具备条件的党员出资人与书记“一肩挑”；在“交叉任职”中登记。",
        model="partyorgs.PartyOrg", query=std6, scope_note="文件为提倡性要求：列出未登记或没有任何交叉任职的党组织。",
    ),
    Rule(
        "STD-5", "活动未按统一标准建档：没有图片资料", STD, (C_ARCHIVE,),
        "所有活动以图片资料形式按统一类别建档：活动后{partylife_photo_days}天内补传照片。",
        model="partylife.Activity", parameters=(PHOTO_DAYS,), query=std5, region_path_field="party_org__region__path",
        search_fields=("topic", "party_org__name"), scope_note="按近一年的活动记录计。",
    ),
    Rule(
        "STD-5B", "“三会一课”未按期开展", STD, (C_THREE_MEETINGS, C_COMMITTEE, C_GROUPS),
        "支部党员大会每季度{partylife_general_meetings_per_quarter}次、党课每季度{partylife_lectures_per_quarter}次；"
        "党员{partylife_committee_min_members}名以上的开支委会每月{partylife_committee_meetings_per_month}次，"
        "{partylife_group_min_members}名以上的开党小组会每月{partylife_group_meetings_per_month}次；开展后及时记录。",
        model="partyorgs.PartyOrg",
        parameters=(GENERAL_MEETINGS, LECTURES, COMMITTEE_MEETINGS, GROUP_MEETINGS, COMMITTEE_MIN_MEMBERS, GROUP_MIN_MEMBERS,
                    CADENCE_GRACE_DAYS),
        query=std5b, scope_note="按上一个完整的季度和月份计；季度、月份结束{partylife_cadence_grace_days}天后仍无记录的列出。",
    ),
    Rule(
        "MEM-5", "政策法规学习：每季度至少一次", MEM, (C_POLICY_STUDY,),
        "每季度至少组织{partylife_policy_studies_per_quarter}次党员学习政策和法律法规，并记入组织生活档案（类别“政策法规学习”）。",
        model="partyorgs.PartyOrg", parameters=(POLICY_STUDIES, CADENCE_GRACE_DAYS), query=mem5,
        scope_note="按上一个完整的季度计。",
    ),
    Rule(
        "MEM-6", "党的活动时间：每月至少半天", MEM, (C_HALF_DAY,),
        "出资人保证党组织每月至少{partylife_monthly_activity_hours}小时的活动时间；各项活动的时长合计计入。",
        model="partyorgs.PartyOrg", parameters=(MONTHLY_HOURS, CADENCE_GRACE_DAYS), query=mem6,
        scope_note="按上一个完整月份的活动记录时长合计。",
    ),
)
