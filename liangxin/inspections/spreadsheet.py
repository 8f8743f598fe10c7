"""A round's results as a spreadsheet and back: the department downloads the round's list
(one row per organization, the result column a dropdown), fills it in Excel or WPS, and imports
it. The import is all or nothing: every row is checked like the entry page's (the model's
rules), every error is reported with its row number, and only then are the changed rows saved,
each logged. Cells are cleaned as the ledger's import cleans them (liangxin.ledger.columns)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl
from django.db import transaction
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from liangxin.audit.log import tracked
from liangxin.core.scoping import check_still_in_scope
from liangxin.inspections.forms import EntryRowForm
from liangxin.inspections.models import InspectionRound, Result
from liangxin.ledger.columns import CellError, clean_code18, clean_date, clean_text, normalize_header

HEADERS = ("序号", "组织名称", "统一社会信用代码", "所在区域", "年检结果", "年检日期", "备注")
RESULT_OF_LABEL = {label: value for value, label in Result.choices}
MAX_ROWS = 20_000  # a district's organizations, with room; a bigger file is not a round's list


def workbook_bytes(round_: InspectionRound, results) -> bytes:
    """The round's results the user may see, in the import's layout."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"{round_.year}年年检"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = results.order_by("organization__region__path", "organization__name").values_list(
        "organization__name", "organization__credit_code", "organization__region__name", "result", "inspected_on", "remarks")
    labels = dict(Result.choices)
    for number, (name, code, region, result, day, remarks) in enumerate(rows, start=1):
        values = [number, name, code, region, labels.get(result, ""), day, remarks]
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in values])
        sheet.cell(number + 1, 6).number_format = "yyyy-mm-dd"
    choices = DataValidation(type="list", formula1='"' + ",".join(Result.labels) + '"', allow_blank=True,
                             error="请从下拉列表中选择：" + "、".join(Result.labels), showErrorMessage=True)
    sheet.add_data_validation(choices)
    choices.add(f"E2:E{max(2, sheet.max_row)}")
    for letter, width in zip("ABCDEFG", (6, 36, 22, 16, 10, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class Outcome:
    saved: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _header_row(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    wanted = {normalize_header(h): h for h in HEADERS}
    for index, row in enumerate(rows[:5]):
        columns = {wanted[normalize_header(v)]: i for i, v in enumerate(row) if normalize_header(v) in wanted}
        if "年检结果" in columns and ("组织名称" in columns or "统一社会信用代码" in columns):
            return index, columns
    return None


def import_results(round_: InspectionRound, user, upload, results) -> Outcome:
    """Read the file and save its results into `results` (the round's results the user may
    change); nothing is saved when any row is wrong."""
    outcome = Outcome()
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for a file that is not a workbook
        outcome.errors.append("文件：无法读取，请上传 Excel 文件（.xlsx），可先“导出名单”得到模板。")
        return outcome
    rows = list(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    found = _header_row(rows)
    if found is None:
        outcome.errors.append("表头：没有找到“年检结果”列和“组织名称”或“统一社会信用代码”列，请使用“导出名单”得到的模板。")
        return outcome
    header_index, columns = found
    by_code = {r.organization.credit_code: r for r in results if r.organization.credit_code}
    by_name = {r.organization.name: r for r in results}
    forms, seen = [], set()

    def cell(row, name):
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if not any(v not in (None, "") for v in row):
            continue
        where = f"第{number}行"
        try:
            code = clean_code18(cell(row, "统一社会信用代码"))
            day = clean_date(cell(row, "年检日期"))
        except CellError as error:
            outcome.errors.append(f"{where}：{error}")
            continue
        name = clean_text(cell(row, "组织名称"))
        result = by_code.get(code) if code else by_name.get(name)
        if result is None:
            outcome.errors.append(f"{where}：本年检中没有“{name or code}”（或您不能录入它的结果），请核对组织名称和统一社会信用代码。")
            continue
        if result.pk in seen:
            outcome.errors.append(f"{where}：“{result.organization.name}”在文件中出现了两次，请只保留一行。")
            continue
        seen.add(result.pk)
        label = clean_text(cell(row, "年检结果"))
        if label and label not in RESULT_OF_LABEL:
            outcome.errors.append(f"{where}（{result.organization.name}）：年检结果“{label}”无法识别，应为" + "、".join(Result.labels) + "之一。")
            continue
        form = EntryRowForm({"result": RESULT_OF_LABEL.get(label, ""), "inspected_on": day,
                             "remarks": clean_text(cell(row, "备注"))}, instance=result)
        if not form.has_changed():
            outcome.unchanged += 1
            continue
        if not form.is_valid():
            messages = "；".join(e for errors in form.errors.values() for e in errors)
            outcome.errors.append(f"{where}（{result.organization.name}）：{messages}")
            continue
        forms.append(form)
    if len(rows) > MAX_ROWS + header_index + 1:
        outcome.errors.append(f"文件：超过{MAX_ROWS}行，请按街道分开导入。")
    if outcome.errors:
        return outcome
    with transaction.atomic():
        for form in forms:
            with tracked(form.instance):
                saved = form.save()
            check_still_in_scope(saved, user, "change")
    outcome.saved = len(forms)
    return outcome
