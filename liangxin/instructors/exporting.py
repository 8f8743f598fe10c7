"""The committee's compliance sheet, written by the ledger's streaming xlsx writer (formula
neutralisation, header style) rather than a second writer."""

from __future__ import annotations

from liangxin.ledger.columns import Column, Layout
from liangxin.ledger.exporting import Export, write_export

COMPLIANCE = Layout("instructor_compliance", "指导员履职情况", [
    Column("name", "指导员", width=12),
    Column("dispatching_unit", "派出单位", width=24),
    Column("organizations", "联系组织数", "int", width=10),
    Column("week_minutes", "本周到企业（分钟）", "int", width=16),
    Column("week_required", "每周要求（分钟）", "int", width=16),
    Column("week_counted", "本周计入要求", "bool", width=12),
    Column("quarter_met", "本季度达标周", "int", width=12),
    Column("quarter_required", "本季度应达标周", "int", width=14),
    Column("half_met", "本半年达标周", "int", width=12),
    Column("half_required", "本半年应达标周", "int", width=14),
    Column("visits", "本半年走访次数", "int", width=14),
    Column("unvisited", "超期未走访组织数", "int", width=16),
    Column("last_visit", "最近走访", "date", width=12),
])


class ComplianceExport(Export):
    """Rows are computed by liangxin.instructors.compliance.compliance_rows from the
    user's scoped instructors; the export writes exactly what the page shows."""

    def __init__(self, rows):
        super().__init__("instructor_compliance", COMPLIANCE.title, COMPLIANCE, "instructors.view_instructor")
        self._rows = rows

    def queryset(self, user, params):
        return self._rows

    def rows(self, queryset, user):
        for row in queryset:
            yield [row[column.key] for column in self.layout.columns]


def write_compliance(rows, user, out) -> int:
    return write_export(ComplianceExport(rows), user, None, out)
