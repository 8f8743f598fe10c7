"""Excel export of a rule's drill-down (openpyxl, write-only: constant memory)."""

from __future__ import annotations

import io

from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def violations_workbook(rule, sections) -> bytes:
    """`sections`: (section, rows) pairs, one per part of the rule the user may see (a rule
    without parts: one), each on its own sheet; rows are the dicts of
    liangxin.rules.services.violation_rows (one per flagged item)."""
    workbook = Workbook(write_only=True)
    for section, rows in sections:
        # A sheet's title: at most 31 characters, none of []:*?/\
        sheet = workbook.create_sheet(f"{rule.id} {section.part.title}"[:31] if section.part else rule.id)
        sheet.append([safe_cell(f"{rule.id} {rule.title}" + (f"：{section.title}" if section.part else ""))])
        for citation in section.citations:
            sheet.append([safe_cell(f"依据：{citation.source} {citation.clause}：“{citation.text}”")])
        sheet.append(["序号", "对象", "所属区域", "发现的问题", "适用参数（来源）", "建议措施"])
        for number, row in enumerate(rows, 1):
            params = "；".join(f"{r.parameter.title}={r.value}{r.parameter.unit}（{r.source}）" for r in row["parameters"])
            sheet.append([number, *(safe_cell(v) for v in (str(row["obj"]), row["region_name"], row["finding"], params, row["action"]))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
