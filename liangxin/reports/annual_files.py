"""The annual report as files: the workbook (one sheet per table in a fixed layout, a totals row
under each, a 说明 sheet with the definitions) and the Word narrative (liangxin.core.documents;
its PDF by LibreOffice where installed)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from liangxin.core import documents
from liangxin.reports.annual import AnnualReport, Table
from liangxin.reports.overview import Overview
from liangxin.rules.stats import (
    MEMBER_DEFINITION,
    ORG_COVERAGE_DEFINITION,
    PARTY_ORG_KIND_DEFINITION,
    WORK_COVERAGE_DEFINITION,
)

# Sheet names (Excel allows 31 characters and no / ? * [ ] :), in the tables' order.
SHEETS = {
    "overview": "表1 总体情况", "scale": "表2 按规模", "industry": "表3 按行业", "status": "表4 按经营状态",
    "party_orgs": "表5 党组织", "coverage": "表6 覆盖情况", "members_age": "表7 党员年龄", "members_education": "表8 党员学历",
    "members_flowing": "表9 流动党员", "development": "表10 发展党员", "instructors": "表11 指导员",
    "instructor_evaluations": "表12 指导员考评", "pairing": "表13 结对共建", "ratings": "表14 评定", "funding": "表15 经费",
    "inspection": "表16 年检",
}
TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 4
BOLD = Font(bold=True)


def percent(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def _text(value):
    # A label that starts with "=" would be read as a formula (docs NOTES: openpyxl).
    return f"'{value}" if isinstance(value, str) and value.startswith("=") else value


def _sheet(workbook, report: AnnualReport, table: Table) -> None:
    sheet = workbook.create_sheet(SHEETS[table.key])
    width = len(table.headers)
    sheet.cell(TITLE_ROW, 1, table.title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    sheet.cell(INFO_ROW, 1, f"填报区域：{report.region.name}　年度：{report.year}　截至：{report.as_of:%Y-%m-%d}")
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font, cell.alignment = BOLD, Alignment(horizontal="center", wrap_text=True)
    for offset, row in enumerate([*table.rows, table.totals], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(HEADER_ROW + offset, column, _text(value))
            if column - 1 in table.rates:
                cell.number_format = "0.0%"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
    totals_row = HEADER_ROW + len(table.rows) + 1
    for column in range(1, width + 1):
        sheet.cell(totals_row, column).font = BOLD
    if table.note:
        sheet.cell(totals_row + 2, 1, f"注：{table.note}")
    sheet.column_dimensions["A"].width = 26
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)


def workbook_bytes(report: AnnualReport) -> bytes:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    lines = [
        (report.title, ""),
        ("填报区域", f"{report.region.name}（区划代码 {report.region.code}）"),
        ("统计年度", str(report.year)),
        ("数据截至", f"{report.as_of:%Y-%m-%d}（以往年度按当年12月31日的台账重建，本年度按今天）"),
        ("生成时间", f"{timezone.localtime():%Y-%m-%d %H:%M}"),
        ("组织覆盖率", ORG_COVERAGE_DEFINITION),
        ("工作覆盖率", WORK_COVERAGE_DEFINITION),
        ("党组织分类", PARTY_ORG_KIND_DEFINITION),
        ("党员（组织台账数）", MEMBER_DEFINITION),
        ("合计行", "各表最后一行为合计，等于上面各行之和；比率列按合计的分子、分母重新计算。"),
        ("", ""),
        *((SHEETS[t.key], f"{t.title}。{t.note}") for t in report.tables),
    ]
    for row, (term, definition) in enumerate(lines, start=1):
        notes.cell(row, 1, _text(term)).font = BOLD
        notes.cell(row, 2, _text(definition)).alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 100
    for table in report.tables:
        _sheet(workbook, report, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _numeric(table: Table) -> tuple[int, ...]:
    return tuple(range(1, len(table.headers)))


def shown_rows(table: Table) -> list[list]:
    return [[percent(v) if i in table.rates else v for i, v in enumerate(row)] for row in [*table.rows, table.totals]]


def narrative(report: AnnualReport) -> list[tuple[str, list[str], list[str]]]:
    """The sections of the narrative: (heading, paragraphs, keys of the tables it shows). The
    page and the .docx read the same sentences."""
    f = report.figures
    t = {table.key: table for table in report.tables}
    members_total = sum(row[3] for row in t["members_age"].rows)
    young = t["members_age"].rows[0][3]
    development = {row[0]: row[3] for row in t["development"].rows}
    roster = t["instructors"].totals
    grades = {row[0]: row[3] for row in t["instructor_evaluations"].rows}
    pairing = t["pairing"].totals
    ssh, five = t["ratings"].rows
    money = t["funding"].totals
    inspection = t["inspection"].totals
    labels = t["inspection"].headers
    return [
        ("一、基本情况", [Overview(report.region, report.as_of, f).sentence], ["overview"]),
        ("二、组织覆盖和工作覆盖", [
            f"在营“两新”组织{f['organizations']}家，其中组织覆盖{f['org_covered']}家，组织覆盖率{percent(f['org_coverage_rate'])}；"
            f"工作覆盖{f['work_covered']}家，工作覆盖率{percent(f['work_coverage_rate'])}；尚未覆盖{f['uncovered']}家。"], ["coverage"]),
        ("三、党员队伍", [
            f"党员名册在册党员{members_total}名，其中35岁及以下{young}名。本年度登记入党申请{development.get('入党申请人', 0)}人次，"
            f"确定入党积极分子{development.get('入党积极分子', 0)}名，列为发展对象{development.get('发展对象', 0)}名，"
            f"接收预备党员{development.get('预备党员', 0)}名，预备党员转正{development.get('正式党员', 0)}名。"], ["development"]),
        ("四、党建工作指导员", [
            f"在任党建工作指导员{roster[3]}名，其中专职{roster[1]}名、兼职{roster[2]}名。本年度考评优秀{grades.get('优秀', 0)}人次、"
            f"良好{grades.get('良好', 0)}人次、一般{grades.get('一般', 0)}人次、较差{grades.get('较差', 0)}人次。"], []),
        ("五、结对共建", [f"本年度已确认积分行动记录{pairing[1]}条，其中{pairing[2]}条在积分表年度上限以内计分；"
                         f"连同评议折算，结对单位积分合计{pairing[3]}分。"], []),
        ("六、双强六好、五个好评定", [
            f"“双强六好”参评企业{ssh[1]}个，达标{ssh[2]}个（{percent(ssh[4])}）；“五个好”参评党组织{five[1]}个，"
            f"达标{five[2]}个（{percent(five[4])}）。"], []),
        ("七、党建工作经费", [
            f"按党员{money[1]}名计，年度预算{money[2]}元，已拨付{money[3]}元，已支出{money[4]}元；留存党费应返还{money[5]}元，"
            f"已返还{money[6]}元；各组织列支党员教育活动经费{money[7]}元。"], []),
        ("八、党建工作年检", [
            f"本年度纳入年检的组织{inspection[1]}个，{labels[2]}{inspection[2]}个、{labels[3]}{inspection[3]}个、"
            f"{labels[4]}{inspection[4]}个、{labels[5]}{inspection[5]}个，结果未录入{inspection[6]}个。"], ["inspection"]),
    ]


def document_bytes(report: AnnualReport) -> bytes:
    document = documents.new_document(report.title, f"{report.region.name}　数据截至{report.as_of:%Y年%m月%d日}")
    tables = {table.key: table for table in report.tables}
    for title, paragraphs, keys in narrative(report):
        documents.heading(document, title)
        for text in paragraphs:
            documents.paragraph(document, text)
        for key in keys:
            table = tables[key]
            documents.paragraph(document, table.title, bold=True, align="center")
            documents.table(document, table.headers, shown_rows(table), numeric=_numeric(table))
    documents.paragraph(document, "附：各项统计表见同名 Excel 文件；口径说明见其“说明”工作表。")
    return documents.to_bytes(document)
