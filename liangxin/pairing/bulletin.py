"""The quarterly bulletin drafted from the record (004 四(三), PAIR-6), and the annual
commendation list (四(四)): units by points, the cadence kept or missed, good practice (records
marked as examples), units to commend. One computation serves the page, the .docx and the PDF
(liangxin.core.documents)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Q

from liangxin.core import documents
from liangxin.core.periods import month_end
from liangxin.pairing.evaluations import year_evaluation_points
from liangxin.pairing.models import Inspection, PairedUnit, Pairing, PointsRecord
from liangxin.pairing.parameters import COMMEND_PERCENT
from liangxin.pairing.services import year_points
from liangxin.rules.values import ParameterValues

POINTS_HEADERS = ("序号", "单位名称", "本季度积分", "本年累计积分")
CADENCE_HEADERS = ("单位名称", "结对组织", "每月到访", "本季度联合活动", "落实情况")


def quarter_range(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    return start, month_end(datetime.date(year, 3 * quarter, 1))


@dataclass
class UnitRow:
    unit: PairedUnit
    quarter_points: int
    year_points: int


@dataclass
class CadenceRow:
    pairing: Pairing
    visits: list[bool]  # one per month of the quarter: a confirmed visit
    activity: bool

    @property
    def kept(self) -> bool:
        return all(self.visits) and self.activity

    @property
    def summary(self) -> str:
        if self.kept:
            return "落实"
        missing = [f"{month}月到访" for month, ok in self.visits_by_month if not ok]
        if not self.activity:
            missing.append("联合活动")
        return "未落实：缺" + "、".join(missing)

    visits_by_month: list[tuple[int, bool]] = field(default_factory=list)


@dataclass
class Bulletin:
    inspection: Inspection
    units: list[UnitRow]
    cadence: list[CadenceRow]
    examples: list[PointsRecord]
    commended: list[UnitRow]

    def points_table(self) -> list[list[str]]:
        """The table of units by points exactly as the documents print it."""
        return [[str(n), row.unit.name, str(row.quarter_points), str(row.year_points)] for n, row in enumerate(self.units, start=1)]

    def cadence_table(self) -> list[list[str]]:
        return [[row.pairing.unit.name, row.pairing.organization.name, f"{sum(row.visits)}/{len(row.visits)}",
                 "有" if row.activity else "无", row.summary] for row in self.cadence]


def units_in(region, start: datetime.date, end: datetime.date):
    """Units with a pairing during the period whose organization is in the region."""
    pairings = pairings_in(region, start, end)
    return PairedUnit.objects.filter(pk__in=pairings.values("unit")).order_by("name")


def pairings_in(region, start: datetime.date, end: datetime.date):
    return (Pairing.objects.filter(organization__region__path__startswith=region.path, start_date__lte=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start)))


def commend(rows: list[UnitRow], percent: int, key) -> list[UnitRow]:
    """The first `percent` of the units with points (at least one), best first."""
    ranked = [row for row in sorted(rows, key=key, reverse=True) if key(row) > 0]
    return ranked[:max(1, math.ceil(len(rows) * percent / 100))] if ranked else []


def build(inspection: Inspection) -> Bulletin:
    start, end = quarter_range(inspection.year, inspection.quarter)
    region, year, quarter = inspection.region, inspection.year, inspection.quarter
    units = list(units_in(region, start, end).select_related("region"))
    # Records: the capped year-to-date sums at the quarter's end and before it; evaluations: the
    # rounds over by the quarter's end (mid-year from the second quarter, year-end in the fourth).
    until = year_points(units, year, end)
    before = year_points(units, year, start - datetime.timedelta(days=1)) if quarter > 1 else {}
    rounds_by_end = (("mid_year",) if quarter >= 2 else ()) + (("year_end",) if quarter == 4 else ())
    rounds_in_quarter = {2: ("mid_year",), 4: ("year_end",)}.get(quarter, ())
    evaluated = year_evaluation_points(units, year, rounds=rounds_by_end) if rounds_by_end else {}
    evaluated_now = year_evaluation_points(units, year, rounds=rounds_in_quarter) if rounds_in_quarter else {}
    rows = []
    for unit in units:
        records_now = until[unit.pk].total - (before[unit.pk].total if before else 0)
        rows.append(UnitRow(unit, records_now + evaluated_now.get(unit.pk, 0), until[unit.pk].total + evaluated.get(unit.pk, 0)))
    rows.sort(key=lambda r: (-r.year_points, -r.quarter_points, r.unit.name))
    months = [3 * quarter - 2 + i for i in range(3)]
    pairings = list(pairings_in(region, start, end).select_related("unit", "organization").order_by("unit__name", "pk"))
    confirmed = set(PointsRecord.objects.confirmed().filter(pairing__in=pairings, date__gte=start, date__lte=end,
                                                           kind__in=("visit", "activity"))
                    .values_list("pairing", "kind", "date__month"))
    cadence = []
    for pairing in pairings:
        visits = [(month, (pairing.pk, "visit", month) in confirmed) for month in months]
        activity = any((pairing.pk, "activity", month) in confirmed for month in months)
        cadence.append(CadenceRow(pairing, [ok for _, ok in visits], activity, visits))
    examples = list(PointsRecord.objects.confirmed().filter(pairing__in=pairings, example=True, date__gte=start, date__lte=end)
                    .select_related("pairing__unit", "pairing__organization").order_by("date", "pk"))
    percent = ParameterValues(end).value(COMMEND_PERCENT, region.path)
    return Bulletin(inspection, rows, cadence, examples, commend(rows, percent, key=lambda r: r.quarter_points))


def examples_to_mark(inspection: Inspection):
    """The quarter's confirmed records in the inspected region, for marking good practice."""
    start, end = quarter_range(inspection.year, inspection.quarter)
    return (PointsRecord.objects.confirmed().filter(pairing__in=pairings_in(inspection.region, start, end),
                                                    date__gte=start, date__lte=end)
            .select_related("pairing__unit", "pairing__organization").order_by("-example", "date", "pk"))


def docx(bulletin: Bulletin) -> bytes:
    inspection = bulletin.inspection
    issued = inspection.issued_on or inspection.inspected_on
    document = documents.new_document(inspection.title, f"{inspection.region.name}党群共建办　{issued:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月"))
    documents.heading(document, "一、检查情况")
    for line in inspection.findings.splitlines() or [""]:
        if line.strip():
            documents.paragraph(document, line.strip())
    documents.heading(document, "二、各单位积分")
    documents.paragraph(document, "按已确认的积分行动记录（附件2）和积分表（附件3）计算，本年累计积分含已收回的评议折算积分，按本年累计积分排序。")
    documents.table(document, POINTS_HEADERS, bulletin.points_table(), numeric=(0, 2, 3))
    documents.heading(document, "三、“一月一到访、一季一活动”落实情况")
    kept = sum(1 for row in bulletin.cadence if row.kept)
    documents.paragraph(document, f"本季度{len(bulletin.cadence)}对结对中，{kept}对全部落实，{len(bulletin.cadence) - kept}对未落实。")
    documents.table(document, CADENCE_HEADERS, bulletin.cadence_table())
    documents.heading(document, "四、好的做法和经验")
    if bulletin.examples:
        for record in bulletin.examples:
            documents.paragraph(document, f"{record.pairing.unit.name}（{record.date:%m月%d日}，{record.get_kind_display()}）：{record.content}。成效：{record.results}")
    else:
        documents.paragraph(document, "本季度未标注好的做法。")
    documents.heading(document, "五、表扬")
    if bulletin.commended:
        names = "、".join(row.unit.name for row in bulletin.commended)
        documents.paragraph(document, f"{names}本季度工作突出，予以通报表扬。")
    else:
        documents.paragraph(document, "本季度无积分为正的单位，不予表扬。")
    return documents.to_bytes(document)


@dataclass
class Commendation:
    year: int
    rows: list[UnitRow]
    commended: list[UnitRow]


def annual(region, year: int, units=None) -> Commendation:
    """The year's points of every unit paired in the region (records and evaluations), best first,
    and the units to commend (四(四): 区委党群共建办将对结对共建工作中的先进单位和个人予以表彰)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    units = list(units if units is not None else units_in(region, start, end))
    records = year_points(units, year)
    evaluated = year_evaluation_points(units, year)
    rows = sorted((UnitRow(u, 0, records[u.pk].total + evaluated.get(u.pk, 0)) for u in units),
                  key=lambda r: (-r.year_points, r.unit.name))
    percent = ParameterValues(end).value(COMMEND_PERCENT, region.path)
    return Commendation(year, rows, commend(rows, percent, key=lambda r: r.year_points))
