"""The half-yearly evaluation (art. 19-21): the quantitative part from the data, the weighted
total and the grade, and the roll-up to dispatching units.

Quantitative part (0-100) = weighted mean of four ratios over the half-year (up to today for
the half in progress), weights `instructor_eval_q_*`:
  weeks    weeks meeting the half-day rule / weeks the rule applied to (1 when none applied);
  visits   (organization, month) pairs with a visit by the instructor / pairs assigned;
  reports  major-event reports made within the deadline / reports made (1 when none);
  plans    the year's work plans marked done / the year's work plans (0 when none).
Mass appraisal = mean of the owner's, employees' and Party members' scores.
Total = weighted mean of quantitative, qualitative, mass appraisal and results
(`instructor_eval_weight_*`); grade by the bands `instructor_grade_*`.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from liangxin.instructors.compliance import compliance
from liangxin.instructors.models import Assignment, Evaluation, MajorEventReport, Visit, WorkPlan
from liangxin.instructors.parameters import (
    GRADE_EXCELLENT,
    GRADE_FAIR,
    GRADE_GOOD,
    Q_PLANS,
    Q_REPORTS,
    Q_VISITS,
    Q_WEEKS,
    REPORT_DEADLINE,
    W_MASS,
    W_QUAL,
    W_QUANT,
    W_RESULTS,
)
from liangxin.rules.values import ParameterValues

CENT = Decimal("0.01")


def _round(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def quantitative_figures(instructor, start: datetime.date, end: datetime.date, params) -> dict:
    path = instructor.region.path
    weeks = compliance([instructor], start, end, params)[instructor.pk]
    months = _months(start, end)
    assigned_pairs = set()
    for org, a_start, a_end in Assignment.objects.filter(instructor=instructor).overlapping(start, end).values_list(
            "organization", "start_date", "end_date"):
        for month in months:
            if a_start <= _month_end(month) and (a_end is None or a_end >= month):
                assigned_pairs.add((org, month))
    visited_pairs = {
        (row["organization"], row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"])
        for row in Visit.objects.filter(instructor=instructor, date__gte=start, date__lte=end)
        .annotate(month=TruncMonth("date")).order_by().values("organization", "month").distinct()
    }
    deadline = params.value(REPORT_DEADLINE, path)
    reports = MajorEventReport.objects.filter(instructor=instructor, report_date__gte=start, report_date__lte=end).aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(days_to_report__lte=deadline)))
    plans = WorkPlan.objects.filter(instructor=instructor, year=start.year).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed=True)))

    def ratio(part, whole, empty):
        return Decimal(part) / Decimal(whole) if whole else Decimal(empty)

    return {
        "period": [start.isoformat(), end.isoformat()],
        "weeks_met": weeks.weeks_met, "weeks_required": weeks.weeks_required,
        "org_months_visited": len(assigned_pairs & visited_pairs), "org_months_assigned": len(assigned_pairs),
        "reports_on_time": reports["on_time"], "reports": reports["total"], "report_deadline_days": deadline,
        "plans_done": plans["done"], "plans": plans["total"],
        "ratios": {
            "weeks": str(ratio(weeks.weeks_met, weeks.weeks_required, 1)),
            "visits": str(ratio(len(assigned_pairs & visited_pairs), len(assigned_pairs), 1)),
            "reports": str(ratio(reports["on_time"], reports["total"], 1)),
            "plans": str(ratio(plans["done"], plans["total"], 0)),
        },
    }


def grade_for(total: Decimal, bands: dict[str, int]) -> str:
    if total >= bands["excellent"]:
        return Evaluation.Grade.EXCELLENT
    if total >= bands["good"]:
        return Evaluation.Grade.GOOD
    if total >= bands["fair"]:
        return Evaluation.Grade.FAIR
    return Evaluation.Grade.POOR


def score(evaluation, params=None) -> None:
    """Fill the computed fields of an evaluation (called by its save())."""
    params = params or ParameterValues()
    instructor = evaluation.instructor
    path = instructor.region.path
    start, end = evaluation.period
    end = min(end, timezone.localdate())
    figures = quantitative_figures(instructor, start, end, params)
    q_weights = {name: params.value(key, path) for name, key in
                 (("weeks", Q_WEEKS), ("visits", Q_VISITS), ("reports", Q_REPORTS), ("plans", Q_PLANS))}
    q_total = sum(q_weights.values())
    quantitative = (sum(Decimal(figures["ratios"][k]) * w for k, w in q_weights.items()) * 100 / q_total) if q_total else Decimal(0)
    mass = (Decimal(evaluation.owner_score) + Decimal(evaluation.employee_score) + Decimal(evaluation.member_score)) / 3
    weights = {name: params.value(key, path) for name, key in
               (("quantitative", W_QUANT), ("qualitative", W_QUAL), ("mass", W_MASS), ("results", W_RESULTS))}
    parts = {"quantitative": quantitative, "qualitative": Decimal(evaluation.qualitative_score), "mass": mass,
             "results": Decimal(evaluation.results_score)}
    w_total = sum(weights.values())
    total = sum(parts[k] * w for k, w in weights.items()) / w_total if w_total else Decimal(0)
    bands = {"excellent": params.value(GRADE_EXCELLENT, path), "good": params.value(GRADE_GOOD, path),
             "fair": params.value(GRADE_FAIR, path)}
    evaluation.quantitative_score = _round(quantitative)
    evaluation.mass_score = _round(mass)
    evaluation.total_score = _round(total)
    evaluation.grade = grade_for(evaluation.total_score, bands)
    evaluation.dispatching_unit = instructor.dispatching_unit
    evaluation.figures = {**figures, "quantitative_weights": q_weights, "weights": weights, "bands": bands}


def dispatching_unit_rollup(evaluations):
    """Results per dispatching unit (art. 19), aggregated in the database."""
    grade = Evaluation.Grade
    return (
        evaluations.order_by().values("dispatching_unit", "year", "half")
        .annotate(
            instructors=Count("pk"), average=Avg("total_score"),
            excellent=Count("pk", filter=Q(grade=grade.EXCELLENT)), good=Count("pk", filter=Q(grade=grade.GOOD)),
            fair=Count("pk", filter=Q(grade=grade.FAIR)), poor=Count("pk", filter=Q(grade=grade.POOR)),
        )
        .order_by("-year", "-half", "dispatching_unit")
    )
