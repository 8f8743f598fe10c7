"""Rules PAIR-1, PAIR-2, PAIR-3 and PAIR-7 of seed 004 (结对共建); their citations and parameters
are in liangxin.pairing.parameters. The registry loads `RULES` (see liangxin.rules.registry).

Only confirmed records count (004 四(二)): a record waiting for confirmation does not keep the
cadence. Each period is judged once it is over and its grace days have passed."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When

from liangxin.core.periods import month_end, month_start, previous_quarter
from liangxin.pairing.calendar import spring_festival
from liangxin.pairing.models import (
    Inspection,
    Invitation,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.parameters import (
    BULLETIN_DAYS,
    C_ACTIVITY,
    C_CADENCE,
    C_EVAL,
    C_FESTIVALS,
    C_INSPECT,
    C_OPEN_DAY,
    C_PAIR_DISTRICT,
    C_PAIR_STREET,
    C_RECORD,
    C_SELF,
    C_SUMMARY,
    C_VISIT,
    CONFIRM_DAYS,
    EVAL_DAYS,
    GRACE_DAYS,
    OCCASION_DAYS,
    SELF_ASSESSMENT_DAY,
)
from liangxin.regions.models import Region
from liangxin.rules.queries import text, today
from liangxin.rules.registry import Rule

PAIR = "结对共建"
ORG_PATH = "organization__region__path"


# --- PAIR-1 every eligible unit pairs, street units within their street ---------------------------

def pair1(qs, params):
    on = today()
    current = Pairing.objects.current(on).filter(unit=OuterRef("pk"))
    outside = current.exclude(organization__region__path__startswith=OuterRef("region__path"))
    unpaired = Q(pk__in=PairedUnit.objects.eligible().values("pk")) & ~Exists(current)
    street_outside = Q(level=PairedUnit.Level.STREET) & Exists(outside)
    return qs.filter(unpaired | street_outside).annotate(finding=Case(
        When(street_outside, then=Value("街道单位结对的组织不在本街道")),
        default=Value("应结对单位当前没有结对的两新组织"), output_field=CharField(),
    ))


# --- PAIR-2 一月一到访、一季一活动、一年一总结 ------------------------------------------------------

def _confirmed(kind: str, start: datetime.date, end: datetime.date) -> Exists:
    return Exists(PointsRecord.objects.confirmed().filter(pairing=OuterRef("pk"), kind=kind, date__gte=start, date__lte=end))


def pair2(qs, params):
    on = today()
    month = (month_start(on, 1), month_end(month_start(on, 1)))
    quarter = previous_quarter(on)
    year = (datetime.date(on.year - 1, 1, 1), datetime.date(on.year - 1, 12, 31))
    qs = qs.current(on).annotate(grace=params.expr(GRACE_DAYS, ORG_PATH))
    checks = []
    for (start, end), kind, label in ((month, "visit", f"{month[0]:%Y年%m月}无已确认的到访"),
                                      (quarter, "activity", f"{quarter[0].year}年第{(quarter[0].month - 1) // 3 + 1}季度无已确认的联合活动"),
                                      (year, "summary", f"{year[0].year}年无已确认的年度总结会议")):
        missing = Q(start_date__lte=start, grace__lt=(on - end).days) & ~_confirmed(kind, start, end)
        checks.append((missing, label))
    any_missing = Q()
    for missing, _label in checks:
        any_missing |= missing
    return qs.filter(any_missing).annotate(finding=Case(
        *[When(missing, then=Value(label)) for missing, label in checks], output_field=CharField(),
    ))


# --- PAIR-3 records confirmed by the organization's leader, promptly -----------------------------------

def pair3(qs, params):
    on = today()
    cutoff = params.expr(CONFIRM_DAYS, "pairing__" + ORG_PATH, transform=lambda d: on - datetime.timedelta(days=d),
                         output_field=models.DateField())
    return (qs.pending().annotate(cutoff=cutoff).filter(created__date__lt=models.F("cutoff"))
            .annotate(finding=text("提交于", models.functions.Cast("created", models.DateField()), "，仍未确认或退回")))


# --- PAIR-4 the year-end self-assessment, submitted by the day of January --------------------------

def assessed_year(on: datetime.date, day: int) -> int:
    """The latest year whose self-assessment is due: last year's once its January day has passed."""
    return on.year - 1 if on > datetime.date(on.year, 1, day) else on.year - 2


def pair4(qs, params):
    on = today()
    # One day for the district (the value in force at its root): a district-wide deadline.
    day = params.value(SELF_ASSESSMENT_DAY)
    year = assessed_year(on, day)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    paired = Pairing.objects.filter(unit=OuterRef("pk"), start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    submitted = SelfAssessment.objects.submitted().filter(unit=OuterRef("pk"), year=year)
    return qs.filter(Exists(paired) & ~Exists(submitted)).annotate(
        finding=Value(f"{year}年度自评未提交（应于{year + 1}年1月{day}日前提交）", output_field=CharField()))


# --- PAIR-5 mid-year and year-end evaluations by the four kinds of evaluator ---------------------

def due_rounds(on: datetime.date, days: int) -> list[tuple[int, str, datetime.date, datetime.date]]:
    """The latest mid-year and year-end rounds whose collection period is over: (year, round,
    half-year start, half-year end)."""
    rounds = []
    for year in (on.year, on.year - 1, on.year - 2):
        for round_, start, end in ((UnitEvaluation.Round.YEAR_END, datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
                                   (UnitEvaluation.Round.MID_YEAR, datetime.date(year, 1, 1), datetime.date(year, 6, 30))):
            if (on - end).days > days and round_ not in {r[1] for r in rounds}:
                rounds.append((year, round_, start, end))
    return rounds


def pair5(qs, params):
    on = today()
    days = params.value(EVAL_DAYS)
    checks = []
    for year, round_, start, end in due_rounds(on, days):
        answered = [Exists(Invitation.objects.filter(evaluation__pairing=OuterRef("pk"), evaluation__year=year,
                                                     evaluation__round=round_, evaluator=kind, answered_at__isnull=False))
                    for kind in Invitation.Evaluator.values]
        complete = answered[0]
        for each in answered[1:]:
            complete &= each
        label = f"{year}年{UnitEvaluation.Round(round_).label}"
        opened = Exists(UnitEvaluation.objects.filter(pairing=OuterRef("pk"), year=year, round=round_))
        in_period = Q(start_date__lte=start) & (Q(end_date__isnull=True) | Q(end_date__gte=end))
        checks.append((in_period & ~opened, f"{label}未开展"))
        checks.append((in_period & opened & ~complete, f"{label}未收齐四方评议"))
    any_missing = Q()
    for missing, _label in checks:
        any_missing |= missing
    return qs.filter(any_missing).annotate(finding=Case(
        *[When(missing, then=Value(label)) for missing, label in checks], output_field=CharField(),
    ))


# --- PAIR-6 a quarterly inspection and bulletin by the district's and each street's office --------

def bulletin_quarter(on: datetime.date, days: int) -> tuple[int, int, datetime.date, datetime.date]:
    """The latest quarter whose bulletin is due (over, and its days passed)."""
    start, end = previous_quarter(on)
    if (on - end).days <= days:
        start, end = previous_quarter(start)
    return start.year, (start.month - 1) // 3 + 1, start, end


def pair6(qs, params):
    on = today()
    year, quarter, start, end = bulletin_quarter(on, params.value(BULLETIN_DAYS))
    paired = Pairing.objects.filter(organization__region__path__startswith=OuterRef("path"), start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    issued = Inspection.objects.issued().filter(region=OuterRef("pk"), year=year, quarter=quarter)
    return qs.filter(level__in=(Region.Level.DISTRICT, Region.Level.STREET)).filter(Exists(paired) & ~Exists(issued)).annotate(
        finding=Value(f"{year}年第{quarter}季度未印发督办检查通报", output_field=CharField()))


# --- PAIR-7 open day each year; 七一 and Spring Festival visits ------------------------------------

def _occasions(on: datetime.date) -> list[tuple[datetime.date, datetime.date, str, str]]:
    """The occasions already over (with their window for a record): the last 七一 and Spring
    Festival, and last year's open day."""
    occasions = []
    for year in (on.year, on.year - 1):
        july = datetime.date(year, 7, 1)
        festival = spring_festival(year)
        for day, label in ((july, f"{year}年“七一”慰问"), (festival, f"{year}年春节慰问")):
            if day < on:
                occasions.append((day, label))
    latest = {}
    for day, label in sorted(occasions):
        latest[label[-4:]] = (day, label)  # the most recent of each kind
    return list(latest.values())


def pair7(qs, params):
    on = today()
    # One window for the district (the value in force at its root): the festival dates are the
    # same everywhere, so a per-region window would only complicate the subqueries.
    before = params.value(OCCASION_DAYS)
    qs = qs.current(on)
    checks = []
    for day, label in _occasions(on):
        start, end = day - datetime.timedelta(days=before), day + datetime.timedelta(days=15)
        if end >= on:
            continue  # the window is still open
        missing = Q(start_date__lte=start) & ~_confirmed("condolence", start, end)
        checks.append((missing, f"{label}无已确认的记录"))
    last_year = (datetime.date(on.year - 1, 1, 1), datetime.date(on.year - 1, 12, 31))
    checks.append((Q(start_date__lte=last_year[0]) & ~_confirmed("open_day", *last_year), f"{on.year - 1}年未举办党员阵地开放日"))
    any_missing = Q()
    for missing, _label in checks:
        any_missing |= missing
    return qs.filter(any_missing).annotate(finding=Case(
        *[When(missing, then=Value(label)) for missing, label in checks], output_field=CharField(),
    ))


RULES = (
    Rule(
        "PAIR-1", "应结对单位未结对，或街道单位结对到街道以外", PAIR, (C_PAIR_DISTRICT, C_PAIR_STREET),
        "区直、驻区单位和单独组建党组织的副处级以上事业单位，以及街道机关、事业单位，各与1家两新组织结对（街道单位在本街道内）。",
        model="pairing.PairedUnit", query=pair1, region_path_field="region__path",
    ),
    Rule(
        "PAIR-2", "一月一到访、一季一活动、一年一总结未落实", PAIR, (C_CADENCE, C_VISIT, C_ACTIVITY, C_SUMMARY),
        "结对单位每月到访、每季度牵头联合活动、每年召开总结会议，并由组织党组织负责人确认记录；月、季、年结束{pairing_cadence_grace_days}天后仍无已确认记录的列出。",
        model="pairing.Pairing", parameters=(GRACE_DAYS,), query=pair2, region_path_field=ORG_PATH,
        search_fields=("unit__name", "organization__name"),
        scope_note="按上一个完整的月、季度和年度计；只计已确认的积分行动记录。",
    ),
    Rule(
        "PAIR-3", "积分行动记录未及时确认", PAIR, (C_RECORD,),
        "组织党组织负责人（无党组织的由街道）在{pairing_confirm_days}天内确认记录，或写明原因退回。",
        model="pairing.PointsRecord", parameters=(CONFIRM_DAYS,), query=pair3, region_path_field="pairing__" + ORG_PATH,
        search_fields=("pairing__unit__name", "pairing__organization__name"),
    ),
    Rule(
        "PAIR-4", "年度自评未提交", PAIR, (C_SELF,),
        "结对单位每年底按已确认的积分行动记录自评积分，次年1月{pairing_self_assessment_day}日前在工作台“年度自评”提交。",
        model="pairing.PairedUnit", parameters=(SELF_ASSESSMENT_DAY,), query=pair4, region_path_field="region__path",
        scope_note="该年度有结对关系的单位；截止日后列出上一年度未提交自评的单位。",
    ),
    Rule(
        "PAIR-5", "年中、年终评议未开展或未收齐", PAIR, (C_EVAL,),
        "每年年中和年终组织两新组织党组织、群团组织、员工代表和企业主对结对单位评议（附件4），半年结束后{pairing_evaluation_days}天内收齐。",
        model="pairing.Pairing", parameters=(EVAL_DAYS,), query=pair5, region_path_field=ORG_PATH,
        search_fields=("unit__name", "organization__name"),
        scope_note="按最近一次已过收齐期限的年中评议和年终评议计；整个半年都在结对期内的结对关系才列出。",
    ),
    Rule(
        "PAIR-6", "季度督办检查通报未印发", PAIR, (C_INSPECT,),
        "区委党群共建办每季度督办检查并通报，街道党群共建办建立相应检查和通报制度；季度结束{pairing_bulletin_days}天后仍未印发通报的列出。",
        model="regions.Region", parameters=(BULLETIN_DAYS,), query=pair6, region_path_field="path",
        scope_note="区县和有结对关系的街道，按最近一个已过通报期限的季度计；通报在“督办检查”页面起草、印发。",
    ),
    Rule(
        "PAIR-7", "党员阵地开放日、“七一”和春节慰问未开展", PAIR, (C_OPEN_DAY, C_FESTIVALS),
        "每年举办1次党员阵地开放日；“七一”和春节（按农历）前后组织慰问并记录。",
        model="pairing.Pairing", parameters=(OCCASION_DAYS,), query=pair7, region_path_field=ORG_PATH,
        search_fields=("unit__name", "organization__name"),
        scope_note="春节日期按农历，取自 holidays 软件包的中国节假日历；慰问记录计节日前{pairing_occasion_days}天至后15天。",
    ),
)
