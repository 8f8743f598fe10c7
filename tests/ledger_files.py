"""Real spreadsheet files for the ledger tests, made the way people make them: merged title
rows above the header, Chinese headers, GBK CSVs. Not a test module (no test_ prefix)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from stdnum.cn import uscc

HEADER = [
    "序号", "组织名称", "统一社会信用代码", "组织类别", "行业", "规模", "经营状态", "地址", "所属街道", "所属社区",
    "所属网格", "出资人", "出资人是否党员", "从业人员数", "正式党员数", "预备党员数", "是否建立党组织", "党组织名称",
    "党组织类别", "组建方式", "党组织书记", "书记电话", "党建指导员", "是否建立工会", "是否建立共青团", "是否建立妇联", "备注",
]


def credit_code(n: int, prefix: str = "91440399MB") -> str:
    stem = f"{prefix}{n:07d}"
    return stem + uscc.calc_check_digit(stem)


def ledger_row(n: int, **overrides) -> dict:
    row = {
        "序号": n, "组织名称": f"测试企业{n}有限公司", "统一社会信用代码": credit_code(n), "组织类别": "非公企业",
        "行业": "制造业", "规模": "规下", "经营状态": "正常", "地址": f"东街道测试路{n}号", "所属街道": "东街道",
        "所属社区": "东一社区", "所属网格": "东一第1网格", "出资人": "王某", "出资人是否党员": "否", "从业人员数": 10 + n,
        "正式党员数": 1, "预备党员数": 0, "是否建立党组织": "否", "党组织名称": None, "党组织类别": None, "组建方式": None,
        "党组织书记": None, "书记电话": None, "党建指导员": None, "是否建立工会": "是", "是否建立共青团": None,
        "是否建立妇联": "否", "备注": None,
    }
    row.update(overrides)
    return row


def write_xlsx(path: Path, rows: list[dict], header: list[str] | None = None, title_rows: int = 2,
               sheet_title: str = "台账") -> Path:
    """An .xlsx with merged title rows above the header, like the ledgers streets send."""
    header = header or HEADER
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for i in range(title_rows):
        sheet.cell(row=i + 1, column=1, value="东街道两新组织党建工作台账" if i == 0 else "填报单位：东街道党工委    填报日期：2026年3月")
        sheet.merge_cells(start_row=i + 1, start_column=1, end_row=i + 1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h) for h in header])
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8", header: list[str] | None = None) -> Path:
    header = header or HEADER
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    return path
