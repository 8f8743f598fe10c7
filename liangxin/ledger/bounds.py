"""How much memory reading an uploaded .xlsx will take, known before it is read.

An .xlsx is a zip: 17.7 MB of upload unpacked to 944 MB once and the server peaked at 4.4 GB.
The import's memory is bounded by one setting, `LEDGER_IMPORT_MEMORY_LIMIT` (environment
`LIANGXIN_IMPORT_MEMORY_MB`, default 1024), from which the largest unpacked size and cell
count a file may have follow, by what reading costs (measured on this machine with
python-calamine 0.9 reading the bench's ledgers of 20,000 and 60,000 rows × 31 columns, each
in a fresh process, peak RSS over the process's own):

- 78 bytes a cell, 1.45 bytes per unpacked byte. calamine holds a sheet as a dense grid of
  32-byte values over the sheet's extent — from its first used cell to its last, empty cells
  included — after parsing it into a list of cells (about 40 bytes each), and every string.
- The main process added under 0.2 KB a row from 20,000 to 60,000 rows; the two processes
  (main and reading child) start from about 150 MB and 75 MB.

Hence `BASE` for the processes, `BYTES_PER_CELL` = 128 (reading's 78, the main process's share
and the rows in flight between them) and `BYTES_PER_UNPACKED_BYTE` = 2.5 (a file of long texts
holds each string in calamine, in the queue between the processes and in the chunk being
validated): 1 GB allows about 6.3 million cells (200,000 ledger rows) and 300 MB unpacked.

The checks, cheapest first: the sizes the zip's central directory declares (`check_zip`, with
the upload); the sheet's own `<dimension ref>` when present (its first bytes); then, before
calamine loads a sheet, the sheet's cells counted and its extent found by streaming it once
through zipfile (`check_sheets`), because a 1.5 KB file with two cells at A1 and XFD1048576
declares nothing and asks calamine for a 512 GB grid (the process aborts). A large file is
read by a child process (liangxin.ledger.pipeline) whose address space is limited instead
(`limit_address_space`): the scan would delay its first row. zipfile never
inflates a member past its declared size: a member that is larger than it says fails its
check there (as calamine's own reader would: "File is larger than its declared uncompressed
size"), and both are refused with the same message.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024
BASE = 256 * MB
BYTES_PER_CELL = 128
BYTES_PER_UNPACKED_BYTE = 2.5
LEDGER_COLUMNS = 31  # the ledger template's width: what "rows" means in a message
SPLIT = "请按街道拆分为多个文件后分别导入。"
CHUNK = 1024 * 1024


class FileRefused(ValueError):
    """The file is not read at all; the message says why and what to do, in Chinese."""


def limits() -> dict:
    """Refusal thresholds; settings may override each (LEDGER_MAX_UPLOAD_BYTES etc.)."""
    memory = getattr(settings, "LEDGER_IMPORT_MEMORY_LIMIT", 1024 * MB)
    budget = max(memory - BASE, 0)
    return {
        "upload": getattr(settings, "LEDGER_MAX_UPLOAD_BYTES", 40 * MB),
        "memory": memory,
        "unpacked": int(budget / BYTES_PER_UNPACKED_BYTE),
        "cells": budget // BYTES_PER_CELL,
        "ratio": getattr(settings, "LEDGER_MAX_COMPRESSION_RATIO", 200),
        "members": 2000,
    }


def _rows_allowed(lim: dict) -> str:
    return f"约 {lim['cells'] / LEDGER_COLUMNS / 10000:.0f} 万行"


def _damaged(name: str) -> FileRefused:
    return FileRefused(f"文件已损坏或被改动过：其中的“{name}”解压后与文件声明的大小或校验值不符，已停止读取。"
                       "请用 Excel/WPS 打开确认无误后重新保存，再导入新保存的文件。")


def check_zip(path: Path) -> None:
    """Refuse an .xlsx by what its zip directory declares, before a byte is inflated."""
    lim = limits()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_members(infos, lim)
            for info in infos:
                if _is_sheet(info.filename):
                    _check_dimension(archive, info, lim)
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法打开。请用 Excel/WPS 打开确认无误后重新保存再导入。") from None


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _check_members(infos, lim: dict) -> None:
    if len(infos) > lim["members"]:
        raise FileRefused("文件结构异常（包含的部件过多），已拒绝。请另存为新的 .xlsx 后再导入。")
    total = 0
    for info in infos:
        if info.file_size > MB and info.file_size > lim["ratio"] * max(info.compress_size, 1):
            raise FileRefused("文件解压后异常膨胀（疑似“压缩炸弹”），已拒绝。请确认文件来源，另存为新的 .xlsx 后再导入。")
        if info.filename.lower().endswith((".xml", ".rels")):  # what is parsed (pictures are not)
            total += info.file_size
    if total > lim["unpacked"]:
        raise FileRefused(f"文件解压后约 {total / MB:.0f} MB，超过导入上限 {lim['unpacked'] / MB:.0f} MB"
                          f"（{_rows_allowed(lim)}）。{SPLIT}")
    names = {info.filename for info in infos}
    if "xl/vbaProject.bin" in names:
        raise FileRefused("文件含有宏（VBA），不能导入。请另存为不含宏的 Excel 工作簿（.xlsx）后再导入。")
    if "xl/workbook.xml" not in names:
        raise FileRefused("文件是压缩包，但不是 Excel 工作簿。请上传 .xlsx、.xls 或 .csv 文件。")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _refuse_cells(sheet: str, rows: int, columns: int, cells: int, lim: dict) -> None:
    if cells > lim["cells"]:
        raise FileRefused(
            f"工作表“{sheet}”的使用范围约 {rows} 行 × {columns} 列（{cells / 10000:.0f} 万个单元格），超过导入上限 "
            f"{lim['cells'] / 10000:.0f} 万个单元格（{_rows_allowed(lim)}）。{SPLIT}"
            "如果表格下方或右侧有大片空白区域曾被使用过，请删除这些行和列后另存再导入。")


def _check_dimension(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lim: dict) -> None:
    """The extent the sheet declares in its first bytes (Excel and WPS write it; a file may not)."""
    try:
        with archive.open(info) as stream:
            head = stream.read(64 * 1024)
    except (zipfile.BadZipFile, EOFError, OSError):
        raise _damaged(info.filename) from None
    found = _DIMENSION.search(head)
    if found and found.group(3):
        rows = int(found.group(4)) - int(found.group(2)) + 1
        columns = _column(found.group(3)) - _column(found.group(1)) + 1
        _refuse_cells(Path(info.filename).stem, rows, columns, max(rows, 0) * max(columns, 0), lim)


# Only rows and cells carry an attribute ` r="…"` in a worksheet: a row's is a number, a
# cell's letters then a number. Searched as plain text (a pattern that starts at the tag took
# ten times longer), and the widest column among the longest references only, so a ledger's
# 100,000 rows × 31 columns are not each turned into a Python object.
_ROW = re.compile(rb' r="(\d+)"')
_REFS = {n: re.compile(rb' r="([A-Z]{%d})\d' % n) for n in (3, 2, 1)}
_LONGER_ROWS: dict[int, re.Pattern] = {}


def _longer_rows(digits: int) -> re.Pattern:
    """Cell references naming a row with more digits than `digits`."""
    if digits not in _LONGER_ROWS:
        _LONGER_ROWS[digits] = re.compile(rb' r="[A-Z]{1,3}(\d{%d,})"' % (digits + 1))
    return _LONGER_ROWS[digits]


def _scan(stream, name: str, lim: dict) -> None:
    """Count the sheet's cells and bound its extent while streaming it, and refuse it as soon
    as either is past the limit. calamine places a cell by its own reference (a cell of row 1
    may say it is in row 900), or after the one before it when it has none; a row likewise.
    So the extent's rows are the largest row number, or a cell reference's when it has more
    digits, plus the rows without a number; its columns the widest reference plus the cells
    without one. Files written by Excel, WPS, LibreOffice or openpyxl number every row and
    cell, and for them this is their extent. Only the sheet's data is counted (a cell is the
    only tag there that starts with "<c"): each count is one pass over the text."""
    cells = rows = columns = row_tags = numbered_rows = unreferenced = 0
    tail, prefix, state = b"", None, "before"
    while state != "after":
        block = stream.read(CHUNK)
        data = tail + block
        cut = data.rfind(b">") + 1 if block else len(data)
        data, tail = data[:cut], data[cut:]
        if prefix is None:
            root = re.search(rb"<(\w+:)?worksheet\b", data)
            prefix = (root.group(1) or b"") if root else b""
        if state == "before":
            start = data.find(b"<" + prefix + b"sheetData")
            if start < 0:
                if not block:
                    return
                continue
            data, state = data[start:], "inside"
        end = data.find(b"</" + prefix + b"sheetData>")
        if end >= 0 or not block:
            data, state = data[:end] if end >= 0 else data, "after"
        here = data.count(b"<" + prefix + b"c")
        cells += here
        numbers = _ROW.findall(data)
        numbered_rows += len(numbers)
        unreferenced += max(here - (data.count(b' r="') - len(numbers)), 0)
        row_tags += data.count(b"<" + prefix + b"row")
        if numbers:
            rows = max(rows, max(map(int, numbers)))
        beyond = _longer_rows(len(str(rows))).findall(data)
        if beyond:
            rows = max(rows, max(map(int, beyond)))
        for n, refs in _REFS.items():
            if n == 1 and columns >= 26:
                break
            found = refs.findall(data)
            if found:
                columns = max(columns, _column(max(found)))  # same length: the largest sorts last
                break
        height, width = rows + row_tags - numbered_rows, max(columns + unreferenced, 1)
        _refuse_cells(name, height, width, max(cells, height * width), lim)


_address_space_limited = False


def limit_address_space() -> None:
    """In the process that reads a large file (liangxin.ledger.pipeline's child): allow it the
    memory limit beyond what it has mapped now, instead of `check_sheets` — streaming every
    sheet once before calamine (about 0.5 s a 33 MB sheet) would come before the first row
    and so add to the import, while the child's allocations failing past the limit cost
    nothing. A file that needs more ends the child, and the import is refused
    (`memory_refusal`)."""
    import resource

    global _address_space_limited
    with open("/proc/self/status") as status:
        mapped = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = mapped + limits()["memory"]
    resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    _address_space_limited = True


def memory_refusal() -> FileRefused:
    lim = limits()
    return FileRefused(f"读取该文件所需内存超过导入上限 {lim['memory'] / MB:.0f} MB，已停止读取（表格的使用范围过大，"
                       f"或单元格过多）。{SPLIT}如果表格下方或右侧有大片空白区域曾被使用过，请删除这些行和列后另存再导入。")


def check_sheets(path: Path) -> None:
    """Stream every worksheet once, before calamine loads any (see the module's notes);
    not where the address space is limited instead."""
    if _address_space_limited:
        return
    lim = limits()
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if _is_sheet(info.filename):
                    try:
                        with archive.open(info) as stream:
                            _scan(stream, Path(info.filename).stem, lim)
                    except (zipfile.BadZipFile, EOFError, OSError):
                        raise _damaged(info.filename) from None
    except zipfile.BadZipFile:
        raise FileRefused("文件已损坏，无法打开。请用 Excel/WPS 打开确认无误后重新保存再导入。") from None
