"""Rules INS-1…INS-9 and MEM-7's instructor part (seed 000 unless marked); their citations
and parameters are in liangxin.instructors.parameters. The registry loads `RULES` (see
liangxin.rules.registry)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from liangxin.audit.models import ChangeLog
from liangxin.core.periods import half_of, previous_half_year
from liangxin.instructors.compliance import previous_quarter, unvisited_assignments, week_start, working_days
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    WorkPlan,
)
from liangxin.instructors.parameters import (
    C_001_SELECT,
    C_002_TEAM,
    C_002_TRAINING,
    C_ART3,
    C_ART11,
    C_ART12,
    C_ART12_LOG,
    C_ART13,
    C_ART14,
    C_ART15,
    C_ART16,
    C_ART17,
    C_ART19,
    C_ART20,
    C_ART20_POOR,
    C_ART21,
    EVAL_GRACE_DAYS,
    GRADE_EXCELLENT,
    GRADE_FAIR,
    GRADE_GOOD,
    LEAVE_DAYS,
    MEETINGS_PER_QUARTER,
    MIN_WORKDAYS,
    PLAN_GRACE_DAYS,
    REPORT_DEADLINE,
    RESEARCH_DAYS,
    SPOT_CHECK_DAYS,
    STATUS_WINDOW,
    TRAINING_DAYS,
    UNVISITED_DAYS,
    W_MASS,
    W_QUAL,
    W_QUANT,
    W_RESULTS,
    WEEKLY_MINUTES,
)
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.queries import text, today
from liangxin.rules.registry import Part, Rule

INS = "党建工作指导员"

def _days_before(params, key, path_field, on):
    return params.expr(key, path_field, transform=lambda d: on - datetime.timedelta(days=d), output_field=models.DateField())


def _serving(qs):
    return qs.filter(left_on__isnull=True)


def _committee_regions(qs):
    """Streets, towns and parks that manage at least one serving instructor."""
    return qs.filter(level=Region.Level.STREET).filter(
        Exists(Instructor.objects.filter(region=OuterRef("pk"), left_on__isnull=True))
    )


# --- INS-1 roster ----------------------------------------------------------------------------

def ins1(qs, params):

    return (
        _serving(qs).exclude(Exists(Assignment.objects.current(today()).filter(instructor=OuterRef("pk"))))
        .annotate(finding=Value("在册指导员，当前未联系任何组织", output_field=CharField()))
    )


# --- INS-2 work plans ------------------------------------------------------------------------

def ins2(qs, params):

    on = today()
    cutoff = _days_before(params, PLAN_GRACE_DAYS, "organization__region__path", on)
    plan = WorkPlan.objects.filter(instructor=OuterRef("instructor"), organization=OuterRef("organization"), year=on.year)
    return (
        qs.current(on).annotate(cutoff=cutoff)
        .filter(start_date__lte=F("cutoff"), cutoff__gte=datetime.date(on.year, 1, 1))
        .exclude(Exists(plan))
        .annotate(finding=text(str(on.year), "年度尚无工作计划（", F("instructor__name"), "）"))
    )


# --- INS-3 weekly half-day and monthly visits -------------------------------------------------

def ins3(qs, params):

    on = today()
    monday = week_start(on) - datetime.timedelta(days=7)  # the last complete week
    sunday = monday + datetime.timedelta(days=6)
    workdays = working_days(monday)
    # Leave is calendar logic per instructor and week: the few leaves overlapping the week.
    exempt_by_leave = {}
    for pk, start, end in Leave.objects.filter(start_date__lte=sunday, end_date__gte=monday).values_list(
            "instructor", "start_date", "end_date"):
        exempt_by_leave[pk] = exempt_by_leave.get(pk, 0) + sum(1 for d in workdays if start <= d <= end)
    minutes = Visit.objects.filter(instructor=OuterRef("pk"), date__gte=monday, date__lte=sunday).order_by().values(
        "instructor").annotate(total=models.Sum("minutes")).values("total")[:1]
    unvisited = unvisited_assignments(Assignment.objects.filter(instructor=OuterRef(OuterRef("pk"))), on, params)
    unvisited_count = Subquery(
        Assignment.objects.filter(pk__in=unvisited.values("pk")).order_by().values("instructor")
        .annotate(n=Count("pk")).values("n")[:1], output_field=models.IntegerField(),
    )
    assigned = Assignment.objects.filter(instructor=OuterRef("pk")).overlapping(monday, sunday)
    qs = _serving(qs).annotate(
        week_minutes=Coalesce(Subquery(minutes, output_field=models.IntegerField()), 0),
        required=params.expr(WEEKLY_MINUTES, "region__path"),
        min_workdays=params.expr(MIN_WORKDAYS, "region__path"),
        unvisited=Coalesce(unvisited_count, 0),
        was_assigned=Exists(assigned),
        leave_days=Case(*[When(pk=pk, then=Value(n)) for pk, n in exempt_by_leave.items()], default=Value(0),
                        output_field=models.IntegerField()),
    ).annotate(
        short=models.ExpressionWrapper(
            Q(was_assigned=True, week_minutes__lt=F("required"), min_workdays__lte=len(workdays) - F("leave_days")),
            output_field=models.BooleanField(),
        )
    )
    return qs.filter(Q(short=True) | Q(unvisited__gt=0)).annotate(finding=Case(
        When(short=True, unvisited__gt=0, then=text(f"上周（{monday:%m-%d}起）到企业", F("week_minutes"), "分钟，",
                                                      F("unvisited"), "个联系组织超过一个月未走访")),
        When(short=True, then=text(f"上周（{monday:%m-%d}起）到企业", F("week_minutes"), "分钟，不足", F("required"), "分钟")),
        default=text(F("unvisited"), "个联系组织超过期限未走访"),
        output_field=CharField(),
    ))


# --- INS-4 quarterly meetings ----------------------------------------------------------------

def ins4(qs, params):

    start, end = previous_quarter(today())
    held = QuarterlyMeeting.objects.filter(region=OuterRef("pk"), date__gte=start, date__lte=end).order_by().values(
        "region").annotate(n=Count("pk")).values("n")[:1]
    quarter = f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return (
        _committee_regions(qs)
        .annotate(meetings=Coalesce(Subquery(held, output_field=models.IntegerField()), 0),
                  required=params.expr(MEETINGS_PER_QUARTER, "path"))
        .filter(meetings__lt=F("required"))
        .annotate(finding=text(quarter, "召开指导员工作例会", F("meetings"), "次"))
    )


# --- INS-5 spot checks -----------------------------------------------------------------------

def ins5(qs, params):

    on = today()
    recent = SpotCheck.objects.filter(instructor__region=OuterRef("pk"), date__gt=OuterRef("cutoff"), date__lte=on)
    return (
        _committee_regions(qs).annotate(cutoff=_days_before(params, SPOT_CHECK_DAYS, "path", on))
        .exclude(Exists(recent))
        .annotate(finding=text("自", F("cutoff"), "以来没有抽查指导员到岗记录和工作日志"))
    )


# --- INS-6 major events ----------------------------------------------------------------------

def ins6(qs, params):
    """Organizations with a report made after the deadline, or whose status in the registry
    changed (a change-log row) with no major-event report in the same period."""
    on = today()
    since = _days_before(params, STATUS_WINDOW, "region__path", on)
    late = MajorEventReport.objects.filter(
        organization=OuterRef("pk"), report_date__gt=OuterRef("since"),
        days_to_report__gt=OuterRef("deadline"),
    )
    changed = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization), action=ChangeLog.Action.UPDATE,
        object_id=Cast(OuterRef("pk"), CharField()), time__date__gt=OuterRef("since"),
    ).annotate(old=KT("before__status"), new=KT("after__status")).exclude(old=F("new"))
    reported = MajorEventReport.objects.filter(organization=OuterRef("pk")).filter(
        Q(event_date__gt=OuterRef("since")) | Q(report_date__gt=OuterRef("since"))
    )
    # Only organizations with a report or a status change in the widest window can be flagged:
    # uncorrelated with the row's own parameters, these EXISTS are hashed once (or probed by
    # index), so the per-organization checks below run for those few, not for every one.
    earliest = on - datetime.timedelta(days=max(params.distinct_values(STATUS_WINDOW)))
    candidates = Exists(MajorEventReport.objects.filter(organization=OuterRef("pk"), report_date__gt=earliest)) | Exists(
        ChangeLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Organization), action=ChangeLog.Action.UPDATE,
            object_id=Cast(OuterRef("pk"), CharField()), time__date__gt=earliest,
        )
    )
    return (
        qs.filter(candidates)
        .annotate(since=since, deadline=params.expr(REPORT_DEADLINE, "region__path"))
        .annotate(late=Exists(late), unreported=Exists(changed) & ~Exists(reported))
        .filter(Q(late=True) | Q(unreported=True))
        .annotate(finding=Case(
            When(unreported=True, then=Value("台账中经营状态已变更，但没有重大事项报告")),
            default=text("重大事项超过", F("deadline"), "天才报告"),
            output_field=CharField(),
        ))
    )


# --- INS-7 leave -----------------------------------------------------------------------------

def ins7(qs, params):

    on = today()
    others = Assignment.objects.filter(
        organization=OuterRef("organization"), start_date__lte=OuterRef(OuterRef("end_date")),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(OuterRef("start_date")))).exclude(
        instructor=OuterRef(OuterRef("instructor")))
    uncovered = (
        Assignment.objects.filter(instructor=OuterRef("instructor"), start_date__lte=OuterRef("end_date"))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
        .exclude(Exists(others)).order_by().values("instructor").annotate(n=Count("pk")).values("n")[:1]
    )
    return (
        qs.long(params).filter(end_date__gte=on)
        .annotate(uncovered=Coalesce(Subquery(uncovered, output_field=models.IntegerField()), 0))
        .filter(uncovered__gt=0)
        .annotate(finding=text("请假", F("days"), "天（", F("start_date"), "至", F("end_date"), "），", F("uncovered"),
                               "个联系组织尚未调整指导员"))
    )


# --- INS-8 evaluation ------------------------------------------------------------------------

def ins8(qs, params):

    on = today()
    start, end = previous_half_year(on)
    year, half = start.year, half_of(start)
    poor = Evaluation.objects.filter(instructor=OuterRef("pk"), grade=Evaluation.Grade.POOR, adjusted_on__isnull=True)
    evaluated = Evaluation.objects.filter(instructor=OuterRef("pk"), year=year, half=half)
    assigned = Assignment.objects.filter(instructor=OuterRef("pk")).overlapping(start, end)
    due = params.expr(EVAL_GRACE_DAYS, "region__path", transform=lambda d: end + datetime.timedelta(days=d),
                      output_field=models.DateField())
    label = f"{year}年{'上' if half == 1 else '下'}半年"
    return (
        qs.annotate(poor=Exists(poor), due=due)
        .annotate(missing=models.ExpressionWrapper(
            Q(Exists(assigned), ~Exists(evaluated), due__lt=on), output_field=models.BooleanField()))
        .filter(Q(poor=True) | Q(missing=True))
        .annotate(finding=Case(
            When(poor=True, then=Value("考评较差，尚未调整")),
            default=Value(f"{label}尚未考评"),
            output_field=CharField(),
        ))
    )


# --- INS-9 research and demonstration points -------------------------------------------------

def ins9(qs, params):

    on = today()
    cutoff = _days_before(params, RESEARCH_DAYS, "region__path", on)
    research = Visit.objects.filter(instructor=OuterRef("pk"), date__gt=OuterRef("cutoff"),
                                    activities__contains=Visit.Activity.RESEARCH)
    demonstration = WorkPlan.objects.filter(instructor=OuterRef("pk"), year=on.year, demonstration_point=True)
    assigned_since = Assignment.objects.filter(instructor=OuterRef("pk"), start_date__lte=OuterRef("cutoff")).current(on)
    return (
        _serving(qs).annotate(cutoff=cutoff)
        .filter(Exists(assigned_since)).exclude(Exists(research)).exclude(Exists(demonstration))
        .annotate(finding=text("自", F("cutoff"), "以来没有调研记录，本年度工作计划中也没有示范点"))
    )


# --- MEM-7 training (instructor part) --------------------------------------------------------

def mem7(qs, params):

    on = today()
    last = TrainingRecord.objects.filter(instructor=OuterRef("pk"), date__lte=on).order_by("-date").values("date")[:1]
    return (
        _serving(qs).annotate(cutoff=_days_before(params, TRAINING_DAYS, "region__path", on),
                              last_training=Subquery(last, output_field=models.DateField()))
        .filter(Q(last_training__isnull=True) | Q(last_training__lte=F("cutoff")))
        .annotate(finding=Case(
            When(last_training__isnull=True, then=Value("没有培训记录")),
            default=text("上次培训", F("last_training")),
            output_field=CharField(),
        ))
    )


INSTRUCTOR = "instructors.Instructor"

RULES = (
    Rule(
        "INS-1", "指导员选派：在册指导员未联系组织", INS, (C_001_SELECT, C_002_TEAM),
        "为在册指导员安排“一对一”或“一对多”联系的组织，或办理离任。", model=INSTRUCTOR, query=ins1,
    ),
    Rule(
        "INS-2", "联系组织没有年度工作计划", INS, (C_ART3,),
        "指导员在年初（或选派后）{instructor_plan_grace_days}天内为每个联系组织制定年度工作计划和目标。",
        model="instructors.Assignment", parameters=(PLAN_GRACE_DAYS,), query=ins2,
        region_path_field="organization__region__path", search_fields=("organization__name", "instructor__name"),
    ),
    Rule(
        "INS-3", "每周半天到企业、联系组织按月走访", INS, (C_ART12, C_ART12_LOG),
        "每周至少{instructor_weekly_minutes}分钟深入企业并记好工作日志；超过{instructor_unvisited_days}天未走访的联系组织尽快走访。",
        model=INSTRUCTOR, parameters=(WEEKLY_MINUTES, MIN_WORKDAYS, UNVISITED_DAYS), query=ins3,
        scope_note="按上一个完整周计；该周工作日（除去法定节假日和请假日）少于规定天数的不要求。",
    ),
    Rule(
        "INS-4", "党(工)委未按季度召开指导员工作例会", INS, (C_ART14, C_ART11),
        "每季度至少召开{instructor_meetings_per_quarter}次派驻企业业主和指导员工作例会，听取汇报和业主意见。",
        model="regions.Region", parameters=(MEETINGS_PER_QUARTER,), query=ins4, region_path_field="path",
        scope_note="按上一个完整季度计，只列管理在册指导员的街道、乡镇、园区。",
    ),
    Rule(
        "INS-5", "未定期抽查指导员到岗记录和工作日志", INS, (C_ART15,),
        "每{instructor_spot_check_days}天至少抽查一次本辖区指导员的到岗记录和工作日志（可随机抽取）。",
        model="regions.Region", parameters=(SPOT_CHECK_DAYS,), query=ins5, region_path_field="path",
    ),
    Rule(
        "INS-6", "重大事项未及时报告", INS, (C_ART16,),
        "企业变更、转让、撤销、兼并和突发事件在{instructor_report_deadline_days}天内报告；台账状态变更的，补报重大事项。",
        parameters=(REPORT_DEADLINE, STATUS_WINDOW), query=ins6,
        scope_note="核对近{instructor_status_change_window_days}天：超期报告，或台账经营状态变更而无报告。",
    ),
    Rule(
        "INS-7", "指导员请假超过一个月，须调整指导员", INS, (C_ART17,),
        "请假超过{instructor_leave_reassign_days}天的，派出单位和党(工)委及时为其联系组织调整安排新的指导员。",
        model="instructors.Leave", parameters=(LEAVE_DAYS,), query=ins7, region_path_field="instructor__region__path",
        search_fields=("instructor__name",),
        scope_note="调整前，这些组织不再计入工作覆盖。",
    ),
    Rule(
        "INS-8", "指导员半年考评：未考评或较差未调整", INS, (C_ART20, C_ART20_POOR, C_ART21, C_ART19),
        "半年结束后{instructor_evaluation_grace_days}天内完成考评；考评较差的批评教育并及时调整。",
        model=INSTRUCTOR, parameters=(EVAL_GRACE_DAYS, W_QUANT, W_QUAL, W_MASS, W_RESULTS, GRADE_EXCELLENT, GRADE_GOOD, GRADE_FAIR),
        query=ins8,
    ),
    Rule(
        "INS-9", "调研制度：没有调研或示范点工作", INS, (C_ART13,),
        "开展调查研究（走访时记“调查研究”），在工作计划中打造示范点。",
        model=INSTRUCTOR, parameters=(RESEARCH_DAYS,), query=ins9,
    ),
)

# MEM-7 is one rule of three parts, declared with the other two in liangxin.partylife.rules.
MEM7_INSTRUCTORS = Part(
    "instructors", "党建工作指导员", (C_002_TRAINING,), INSTRUCTOR, mem7, parameters=(TRAINING_DAYS,),
    action="指导员每{instructor_training_days}天内至少参加一次集中培训，录入培训记录。",
)
