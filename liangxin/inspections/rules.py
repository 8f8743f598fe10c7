"""REP-2's inspection part: an organization in operation at the end of last year without a
result of last year's annual inspection (none recorded, or 未参检). From January on, unless the
region's grace period (inspection_grace_months) has not yet passed."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Exists, OuterRef, Value, When

from liangxin.inspections.models import INSPECTED, InspectionResult, Result
from liangxin.inspections.parameters import C_INSPECTION, GRACE_MONTHS
from liangxin.organizations.models import existed_on
from liangxin.rules.queries import today
from liangxin.rules.registry import Rule


def rep2(qs, params):
    day = today()
    year = day.year - 1
    of_year = InspectionResult.objects.filter(organization=OuterRef("pk"), round__year=year)
    return (
        qs.active().filter(existed_on(datetime.date(year, 12, 31)))
        # Full months since 1 January against the grace period each row's region has.
        .annotate(grace=params.expr(GRACE_MONTHS, "region__path")).filter(grace__lte=day.month - 1)
        .exclude(Exists(of_year.filter(result__in=INSPECTED)))
        .annotate(finding=Case(
            When(Exists(of_year.filter(result=Result.ABSENT)), then=Value(f"{year}年度年检未参检")),
            When(Exists(of_year), then=Value(f"{year}年度年检结果未录入")),
            default=Value(f"未纳入{year}年度年检"), output_field=CharField()))
    )


RULES = (
    Rule("REP-2", "上年度未参加党建工作年检", "年检和年报", (C_INSPECTION,),
         "由上级主管部门对组织进行上年度党建工作年检并录入结果；未参检的写明原因，督促补检。",
         parameters=(GRACE_MONTHS,), query=rep2),
)
