"""Opening an uploaded spreadsheet safely and reading it row by row.

Every check that can be made before parsing is made first: the size, the extension, whether
the bytes are what the extension claims, and for .xlsx (a zip) what reading it would take in
memory, from the sizes its zip directory declares and the cells of its sheets
(liangxin.ledger.bounds), so a zip bomb is refused before calamine inflates it. Readers: calamine for .xlsx (one sheet's cells held in compact Rust memory, about
60 MB for a 100,000-row ledger, converted to Python one row at a time), the csv module over a
decoding stream, and xlrd for .xls (at most 65,536 rows by its format).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from liangxin.ledger.bounds import FileRefused, check_sheets, check_zip, limits

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class SheetRows:
    name: str
    total: int | None  # rows the sheet declares (for progress), when known
    rows: Iterator[tuple[int, list]]  # (1-based row number, cell values)


def sniff(path: Path, filename: str) -> str:
    """Return the format (xlsx, xls, csv) after checking size, extension and content."""
    size = path.stat().st_size
    lim = limits()
    if size > lim["upload"]:
        raise FileRefused(
            f"文件太大（{size / 1048576:.1f} MB），上限为 {lim['upload'] / 1048576:.0f} MB。请按街道或社区拆分成几个文件分别导入。"
        )
    if size == 0:
        raise FileRefused("文件是空的，请检查后重新选择。")
    ext = Path(filename).suffix.lower()
    if ext in (".xlsm", ".xltm", ".xlam"):
        raise FileRefused("含宏的工作簿（.xlsm）不能导入。请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再导入。")
    if ext not in (".xlsx", ".xls", ".csv"):
        raise FileRefused(f"不支持 {ext or '无扩展名'} 文件。请上传 .xlsx、.xls 或 .csv 文件。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        actual = "xlsx"
    elif head == OLE2_MAGIC:
        actual = "xls"
    else:
        actual = "csv"
    if actual == "xlsx":
        check_zip(path)  # a macro workbook renamed to .xlsx is refused here too
    if actual != ext[1:]:
        described = {"xlsx": "Excel 工作簿（.xlsx）", "xls": "Excel 97-2003 工作簿（.xls）或加密的工作簿",
                     "csv": "文本文件（可能是网页或CSV）"}[actual]
        raise FileRefused(
            f"文件扩展名是 {ext}，但内容是{described}，两者不符。请用 Excel/WPS 打开后“另存为” .xlsx 再导入。"
        )
    if actual == "csv":
        with path.open("rb") as handle:
            sample = handle.read(65536)
        if b"\x00" in sample:
            raise FileRefused("文件内容不是文本格式的CSV。请用 Excel/WPS 打开后“另存为” .xlsx 或 CSV（UTF-8）再导入。")
    return actual


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as such, otherwise GB18030 (a superset
    of GBK, what Excel and WPS save as “CSV” on Chinese Windows)."""
    with path.open("rb") as handle:
        sample = handle.read(1024 * 1024)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def open_sheets(path: Path, fmt: str) -> Iterator[SheetRows]:
    """Yield each sheet of the file as a row stream (a CSV is one sheet)."""
    if fmt == "xlsx":
        yield from _xlsx_sheets(path)
    elif fmt == "xls":
        yield from _xls_sheets(path)
    else:
        yield _csv_sheet(path)


def _xlsx_sheets(path: Path) -> Iterator[SheetRows]:
    """Read with calamine (Rust): about fifteen times faster than openpyxl's read-only mode,
    which alone took longer than the whole import may take for a 100,000-row ledger. Cells
    come back as openpyxl gives them (None for an empty cell, int for a whole number under 15
    digits, datetime for a date), so cleaning is the same; row numbers are the sheet's own."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    check_sheets(path)  # what calamine would hold, known before it holds it (liangxin.ledger.bounds)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        raise _unreadable(error) from None
    try:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except (CalamineError, ValueError, OSError) as error:
                raise _unreadable(error) from None
            # calamine gives every row from the first, but columns only from the first used
            # one: pad them back so column indexes are the sheet's own (a test checks this).
            first_col = sheet.start[1] if sheet.start else 0

            def rows(sheet=sheet, first_col=first_col):
                pad = [None] * first_col
                for number, values in enumerate(sheet.iter_rows(), start=1):
                    yield number, pad + [_openpyxl_value(v) for v in values]

            yield SheetRows(sheet.name, (sheet.end[0] + 1) if sheet.end else 0, rows())
    finally:
        workbook.close()


def _unreadable(error: Exception) -> FileRefused:
    if "declared" in str(error):  # the zip reader's "File is larger than its declared uncompressed size"
        return FileRefused("文件已损坏或被改动过：其中的部件解压后比文件声明的大小更大，已停止读取。"
                           "请用 Excel/WPS 打开确认无误后重新保存，再导入新保存的文件。")
    return FileRefused(f"无法读取该 .xlsx 文件（{error}）。请用 Excel/WPS 打开确认无误后重新保存再导入。")


def _openpyxl_value(value):
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)  # Excel keeps whole numbers as floats; openpyxl gave ints
    if type(value) is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


def _xls_sheets(path: Path) -> Iterator[SheetRows]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as error:
        raise FileRefused(f"无法读取该 .xls 文件（{error}）。请用 Excel/WPS 打开后另存为 .xlsx 再导入。") from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)

            def rows(sheet=sheet):
                for r in range(sheet.nrows):
                    values = []
                    for cell in sheet.row(r):
                        if cell.ctype == xlrd.XL_CELL_DATE:
                            values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                        elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                            values.append(bool(cell.value))
                        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                            values.append(None)
                        else:
                            values.append(cell.value)
                    yield r + 1, values

            yield SheetRows(sheet.name, sheet.nrows, rows())
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _csv_sheet(path: Path) -> SheetRows:
    encoding = detect_encoding(path)
    size = path.stat().st_size

    def rows():
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            sample = text.read(16384)
            text.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
            except csv.Error:
                dialect = csv.excel
            try:
                for number, values in enumerate(csv.reader(text, dialect), start=1):
                    yield number, [v if v != "" else None for v in values]
            except UnicodeDecodeError:
                raise FileRefused("CSV 文件的文字编码无法识别（既不是 UTF-8 也不是 GBK）。请用 Excel/WPS 另存为 .xlsx 再导入。") from None

    # Bytes give no row count before reading; about 200 bytes a ledger row is close enough for a bar.
    return SheetRows("CSV", max(size // 200, 1), rows())
