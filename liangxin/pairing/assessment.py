"""The year-end self-assessment (PAIR-4, 004 四(二)): computed from confirmed records
(services.year_points) and the year's evaluations converted to points (004 四(四): 評議結果轉化為
積分,計入積分表; evaluations.year_evaluation_points), annotated by the unit and submitted once."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.audit.log import tracked
from liangxin.pairing.evaluations import year_evaluation_points
from liangxin.pairing.models import PairedUnit, PointsRecord, SelfAssessment
from liangxin.pairing.parameters import CAPS, EVAL_MAX_POINTS, POINT_KINDS, SELF_ASSESSMENT_DAY
from liangxin.pairing.services import UnitPoints, year_points
from liangxin.rules.values import ParameterValues


def deadline(year: int) -> datetime.date:
    """The self-assessment of `year` is due on the parameter's day of the next January."""
    return datetime.date(year + 1, 1, ParameterValues().value(SELF_ASSESSMENT_DAY))


def default_year(day: datetime.date | None = None) -> int:
    """Last year's until its deadline has passed, then this year's (written from December on)."""
    day = day or timezone.localdate()
    return day.year - 1 if day <= deadline(day.year - 1) else day.year


def rows(points: UnitPoints, year: int) -> list[dict]:
    """The points table of the year, one row per kind: records counted, points, yearly cap."""
    params = ParameterValues(datetime.date(year, 12, 31))
    region_path = points.unit.region.path if points.unit.region_id else None
    return [{"kind": kind, "label": label, "count": points.counts.get(kind, 0), "points": points.by_kind.get(kind, 0),
             "cap": params.value(CAPS[kind], region_path)} for kind, label, *_ in POINT_KINDS]


def evaluation_row(unit: PairedUnit, year: int) -> dict:
    """The points table's evaluation line: the year's mid-year and year-end evaluations, each
    converted at the parameter's full mark (the answers received so far)."""
    region_path = unit.region.path if unit.region_id else None
    return {"kind": "evaluation", "label": "年中、年终评议折算（附件4）", "points": year_evaluation_points([unit], year)[unit.pk],
            "full": ParameterValues(datetime.date(year, 12, 31)).value(EVAL_MAX_POINTS, region_path)}


def current(unit: PairedUnit, year: int) -> tuple[SelfAssessment, UnitPoints, int]:
    """The unit's self-assessment of `year` (unsaved when none yet), its points now, and the
    records still waiting for confirmation (they do not count until confirmed)."""
    assessment = SelfAssessment.objects.filter(unit=unit, year=year).first() or SelfAssessment(unit=unit, year=year)
    points = year_points([unit], year)[unit.pk]
    pending = PointsRecord.objects.pending().filter(pairing__unit=unit, date__year=year).count()
    return assessment, points, pending


def save(unit: PairedUnit, year: int, notes: str, user, submit: bool) -> SelfAssessment:
    """Keep the notes (a draft), or submit: the points of the confirmed records are fixed in it."""
    if year > timezone.localdate().year:
        raise ValidationError({"year": "不能为将来的年度自评。"})
    with transaction.atomic():
        assessment = SelfAssessment.objects.select_for_update().filter(unit=unit, year=year).first() \
            or SelfAssessment(unit=unit, year=year)
        if assessment.status == SelfAssessment.Status.SUBMITTED:
            raise ValidationError("该年度自评已提交，不能再修改。如需更正，请联系党群共建办。")
        with tracked(assessment):
            assessment.notes = notes.strip()
            points = year_points([unit], year)[unit.pk]
            evaluated = evaluation_row(unit, year)["points"]
            assessment.points = points.total + evaluated
            assessment.breakdown = {**points.by_kind, "evaluation": evaluated}
            if submit:
                assessment.status = SelfAssessment.Status.SUBMITTED
                assessment.submitted_on, assessment.submitted_by = timezone.localdate(), user
            assessment.save()
    return assessment
