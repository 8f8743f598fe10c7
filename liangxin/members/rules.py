"""Rules on members and the development pipeline: MEM-1 (activists cultivated, with its clause
for paired organizations), MEM-2 (new members in a town's non-public enterprises) and MEM-4
(the pipeline's time rules). Their
citations and parameters are in liangxin.members.parameters; the registry loads `RULES`."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from liangxin.members import pipeline
from liangxin.members.models import DevelopmentStep, Member
from liangxin.members.parameters import (
    C_001_NEW_MEMBERS,
    C_PROBATION,
    C_TALK,
    DUE_WARNING,
    NEW_MEMBERS_MIN,
    PROBATION_YEARS,
    TALK_DAYS,
)
from liangxin.organizations.models import Organization, covered_by_party_org
from liangxin.regions.models import Region
from liangxin.rules.parameters import ACTIVISTS, C_001_ACTIVISTS, C_004_ACTIVISTS, PAIRED_ACTIVISTS
from liangxin.rules.queries import paired_exists, text, today, years_before
from liangxin.rules.registry import Rule

MEM = "党员队伍"
PATH = "organization__region__path"


def _step(stage: str, field: str = "date") -> Subquery:
    return Subquery(DevelopmentStep.objects.filter(member=OuterRef("pk"), stage=stage).values(field)[:1])


def mem4(qs, params):
    """Applicants not yet talked to (due a month after the application) and probationary members
    whose year ends (conversion due): warned `development_warning_days` before, flagged after."""
    on = today()
    warn = params.value(DUE_WARNING)

    def date_param(key: str, days: int, shift):
        return params.expr(key, PATH, transform=lambda value: shift(on + datetime.timedelta(days=days), value),
                           output_field=models.DateField())

    def days_before(day: datetime.date, days: int) -> datetime.date:
        return day - datetime.timedelta(days=days)

    qs = qs.annotate(
        applied_on=_step(pipeline.APPLICANT), talked_on=_step(pipeline.APPLICANT, "talked_on"),
        talk_overdue=date_param(TALK_DAYS, 0, days_before), talk_due=date_param(TALK_DAYS, warn, days_before),
        probation_overdue=date_param(PROBATION_YEARS, 0, years_before), probation_due=date_param(PROBATION_YEARS, warn, years_before),
    )
    talk = Q(category=pipeline.APPLICANT, applied_on__isnull=False, talked_on__isnull=True, applied_on__lte=F("talk_due"))
    probation = Q(category=pipeline.PROBATIONARY, joined_on__isnull=False, joined_on__lte=F("probation_due"))
    return qs.filter(talk | probation).annotate(finding=Case(
        When(talk & Q(applied_on__lt=F("talk_overdue")), then=text("逾期：", F("applied_on"), "提出入党申请，一个月内未谈话")),
        When(talk, then=text("待谈话：", F("applied_on"), "提出入党申请，应在一个月内谈话")),
        When(probation & Q(joined_on__lt=F("probation_overdue")), then=text("逾期：", F("joined_on"), "接收为预备党员，预备期已满未讨论转正")),
        default=text("将到期：", F("joined_on"), "接收为预备党员，预备期即将期满，应及时讨论转正"),
        output_field=CharField(),
    ))


# --- MEM-1: activists cultivated, MEM-2: new members in a town's non-public enterprises ----------

def _year(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months: (the day before they start, today)."""
    return on - datetime.timedelta(days=365), on


def mem1(qs, params):
    """Organizations with a party organization (001 二(一)2: 每个企业) or a current pairing
    (004 三(三)) that made fewer people 入党积极分子 in the last twelve months than their clause asks;
    where both apply, the larger number."""
    before, on = _year(today())
    made = (DevelopmentStep.objects.filter(stage=pipeline.ACTIVIST, date__gt=before, date__lte=on,
                                           member__organization=OuterRef("pk"))
            .order_by().values("member__organization").annotate(n=Count("pk")).values("n")[:1])
    qs = qs.active().annotate(
        has_party_org=covered_by_party_org(), paired=paired_exists(), activists=Coalesce(Subquery(made), 0),
        required_own=params.expr(ACTIVISTS, "region__path"), required_paired=params.expr(PAIRED_ACTIVISTS, "region__path"),
    )
    own_short = Q(has_party_org=True, activists__lt=F("required_own"))
    paired_short = Q(paired=True, activists__lt=F("required_paired"))
    return qs.filter(own_short | paired_short).annotate(finding=Case(
        When(paired_short & ~own_short, then=text("近一年确定入党积极分子", F("activists"), "名，结对共建组织每年至少",
                                                  F("required_paired"), "名")),
        default=text("近一年确定入党积极分子", F("activists"), "名，每年至少", F("required_own"), "名"),
        output_field=CharField(),
    ))


def mem2(qs, params):
    """Streets, towns and parks that admitted fewer new members (预备党员) in non-public enterprises
    in the last twelve months than `town_new_members_min`: every member whose 入党日期 falls in
    them, whether admitted through the pipeline's steps or entered in the roster."""
    before, on = _year(today())
    admitted = (Member.objects.filter(joined_on__gt=before, joined_on__lte=on, organization__kind=Organization.Kind.ENTERPRISE,
                                      organization__region__path__startswith=OuterRef("path"))
                .order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")[:1])
    return (
        qs.filter(level=Region.Level.STREET)
        .annotate(admitted=Coalesce(Subquery(admitted), 0), required=params.expr(NEW_MEMBERS_MIN, "path"))
        .filter(admitted__lt=F("required"))
        .annotate(finding=text("近一年在非公企业发展新党员", F("admitted"), "名，每年应发展", F("required"), "名以上"))
    )


RULES = (
    Rule(
        "MEM-1", "入党积极分子培养：近一年确定的积极分子不足", MEM, (C_001_ACTIVISTS, C_004_ACTIVISTS),
        "每个企业每年至少培养{activists_per_year}名入党积极分子，结对共建的组织至少{paired_activists_per_year}名："
        "在入党申请人中及时确定积极分子并指定培养联系人。",
        parameters=(ACTIVISTS, PAIRED_ACTIVISTS), query=mem1,
    ),
    Rule(
        "MEM-2", "发展新党员：街道（乡镇）近一年在非公企业发展不足", MEM, (C_001_NEW_MEMBERS,),
        "每个镇每年在非公企业发展新党员{town_new_members_min}名以上：排查发展对象，按期召开支部大会接收预备党员。",
        model="regions.Region", parameters=(NEW_MEMBERS_MIN,), query=mem2, region_path_field="path",
    ),
    Rule(
        "MEM-4", "发展党员时间节点：谈话、预备期满转正", MEM, (C_TALK, C_PROBATION),
        "收到入党申请书后{application_talk_days}天内派人谈话；预备期满及时召开支部大会讨论转正（到期前{development_warning_days}天提醒）。",
        model="members.Recruit", parameters=(TALK_DAYS, PROBATION_YEARS, DUE_WARNING), query=mem4, region_path_field=PATH,
    ),
)
