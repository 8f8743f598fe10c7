"""The streaming export writer (liangxin.ledger.xlsx) and the calamine reader: what one writes,
openpyxl and the importer's reader read back exactly."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl

from liangxin.ledger.reading import open_sheets
from liangxin.ledger.xlsx import DATE, HEADER, PLAIN, TEXT, SheetWriter

ROW = ["  前后空格 ", "A&B <c> \"d\"", "_x0041_ 原样", "控制\x01字符", "'=SUM(A1)", 12, 3.5, Decimal("12.50"),
       datetime.date(2023, 5, 1), datetime.datetime(2023, 5, 1, 8, 30), None, "91440300MA5F00001B"]


class OneWay(io.RawIOBase):
    """A response-like sink: write only, no seek or tell."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.data += b
        return len(b)


def _write(out):
    writer = SheetWriter(out, "台账[测试]", [10] * len(ROW))
    writer.append([f"列{i}" for i in range(len(ROW))], [HEADER] * len(ROW))
    writer.append(ROW, [PLAIN] * 11 + [TEXT])
    writer.append([None] * 11 + [None], [PLAIN] * 11 + [TEXT])
    writer.close()


def test_what_the_writer_writes_openpyxl_reads_back(tmp_path):
    path = tmp_path / "w.xlsx"
    _write(path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "台账测试" and sheet.freeze_panes == "A2"
    header = sheet[1][0]
    assert header.value == "列0" and header.font.b and header.fill.fgColor.rgb.endswith("C00000")
    values = [c.value for c in sheet[2]]
    assert values[:5] == ["  前后空格 ", "A&B <c> \"d\"", "_x0041_ 原样", "控制_x0001_字符", "'=SUM(A1)"]
    # XML cannot hold control characters: they are written in Excel's escape form (Excel shows
    # the character; openpyxl, which used to refuse the whole export, shows the escape).
    assert values[5:8] == [12, 3.5, 12.5]
    assert values[8] == datetime.datetime(2023, 5, 1) and sheet[2][8].number_format == "yyyy-mm-dd"
    assert values[9] == datetime.datetime(2023, 5, 1, 8, 30)
    assert values[10] is None
    code = sheet[2][11]
    assert code.value == "91440300MA5F00001B" and code.data_type == "s" and code.number_format == "@"
    assert sheet[3][11].number_format == "@"  # the text format reaches empty cells of the column too
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    assert DATE  # the date style is applied by value type


def test_it_writes_to_a_stream_that_cannot_seek_and_the_importer_reads_it(tmp_path):
    sink = OneWay()
    _write(sink)
    path = tmp_path / "s.xlsx"
    path.write_bytes(bytes(sink.data))
    rows = [values for sheet in open_sheets(Path(path), "xlsx") for _number, values in sheet.rows]
    assert rows[1][0] == "  前后空格 " and rows[1][5] == 12 and rows[1][8] == datetime.datetime(2023, 5, 1)
    assert rows[1][10] is None and rows[1][11] == "91440300MA5F00001B"


def test_the_reader_keeps_row_and_column_numbers_when_the_sheet_starts_lower(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C4"] = "组织名称"
    sheet["D5"] = 7
    book.save(tmp_path / "o.xlsx")
    rows = [(n, v) for s in open_sheets(tmp_path / "o.xlsx", "xlsx") for n, v in s.rows]
    assert rows[3] == (4, [None, None, "组织名称", None]) and rows[4] == (5, [None, None, None, 7])
