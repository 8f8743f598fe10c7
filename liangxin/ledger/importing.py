"""The import engine: one file, one transaction, every error reported at once.

    result = run_import(path, filename, "ledger", user, dry_run=True)

The engine finds the header row, cleans each cell by its column, and hands rows in chunks to
a *handler* (liangxin.ledger.handlers) that validates each row with the model's own form and
saves it inside the transaction. A row that fails is not saved; the others are, so later rows
see earlier ones (duplicates inside the file are caught) — and at the end, if any row failed
or this is a dry run, the whole transaction is rolled back. Nothing is ever half imported.
On SQLite the import runs in a copy of the database and a confirm's rows are written at the end
in one short transaction (liangxin.ledger.sandbox, liangxin.ledger.staging), so the site stays
writable while a file is checked.
Memory stays bounded: rows are read lazily and dropped after their chunk; only errors (at most
KEPT_ERRORS), the in-file duplicate keys and the party-organization groups are kept.
"""

from __future__ import annotations

import gc
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.ledger.columns import CellError, HeaderMatch, Layout, ValueMemo, clean_text
from liangxin.ledger.reading import FileRefused, SheetRows, open_sheets, sniff
from liangxin.ledger.sandbox import import_database

# Rows validated and saved together. Each chunk costs a fixed round of queries and COPYs
# (existing organizations, uniqueness, ids, change log), each waited for; 5,000 rather than
# 2,000 took a 100,000-row import from 43.8 s to 39.8 s for about 20 MB more; 10,000 gained
# nothing more (40.8 s) for another 40 MB.
CHUNK_ROWS = 5000
# Errors kept for the report; more are counted, not kept. Each takes about 0.45 KB (measured:
# 240,000 errors of a 20,000-row file of bad cells took 100 MB), and a file within the cell
# limit could otherwise have millions (liangxin.ledger.bounds bounds everything else).
KEPT_ERRORS = 50_000
HEADER_SEARCH_ROWS = 30
EXAMPLE_MARK = "示例"


@dataclass
class RowError:
    row: int
    column: str  # the column's header as the file spells it ("" for the whole row)
    value: str
    message: str
    col_index: int | None = None

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}

    def __str__(self):
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        value = f"（{self.value}）" if self.value else ""
        return f"{where}{value}：{self.message}"


@dataclass
class Row:
    number: int
    values: dict  # column key → cleaned value
    raw: dict  # column key → the cell as read, for error messages
    bad_keys: set = field(default_factory=set)  # columns that failed cleaning


@dataclass
class ImportResult:
    fmt: str = ""
    sheet: str = ""
    header_row: int = 0
    total_rows: int = 0
    counts: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0  # found beyond KEPT_ERRORS: counted, not listed
    notes: list[str] = field(default_factory=list)  # what the import will do that a user should know
    preview: list[list[str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    saved: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def summary(self) -> str:
        parts = [f"{label}{n}" for label, n in sorted(self.counts.items()) if n]
        return "，".join(parts) or "无变化"


def require_permissions(user, *perms: str) -> None:
    """Refuse the import unless the user holds every one of these permissions."""
    from django.core.exceptions import PermissionDenied

    if any(not user.has_perm(p) for p in perms):
        raise PermissionDenied("您的角色没有导入此类数据的权限。")


class Handler:
    """Base of the per-kind handlers: error bookkeeping shared by all."""

    layout: Layout
    kind: str = ""
    # The models whose rows the checks read without writing them: a confirm on SQLite is refused
    # if they changed between its check and its write (liangxin.ledger.staging).
    reads: tuple = ()

    def __init__(self, user, census=None):
        self.user = user
        self.census = census
        self.counts: Counter = Counter()
        self.errors: list[RowError] = []
        self.more_errors = 0
        self.notes: list[str] = []
        self.header: HeaderMatch | None = None

    def check_permission(self) -> None:
        raise NotImplementedError

    def error(self, row: Row | int, key: str | None, message: str, value=None) -> None:
        number = row.number if isinstance(row, Row) else row
        if value is None and isinstance(row, Row) and key:
            value = row.raw.get(key)
        column = self.layout.by_key[key].header if key in self.layout.by_key else (key or "")
        index = self.header.positions.get(key) if (self.header and key) else None
        self.keep([RowError(number, column, clean_text(value), message, index)])

    def keep(self, errors: list[RowError]) -> None:
        room = KEPT_ERRORS - len(self.errors)
        self.errors.extend(errors[:max(room, 0)])
        self.more_errors += max(len(errors) - max(room, 0), 0)

    def form_errors(self, row: Row, form, labels: dict | None = None) -> None:
        """A Django form's errors, each attributed to its column."""
        for name, messages in form.errors.items():
            if name in row.bad_keys:
                continue  # the cell itself is already reported; the form's echo would confuse
            key = name if name in self.layout.by_key else None
            label = "" if key or name == "__all__" else f"{(labels or {}).get(name) or form.fields[name].label if name in form.fields else name}："
            for message in messages:
                self.error(row, key, f"{label}{message}")

    def process(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Work that needs every row first (joint party organizations); set-based checks."""


def _find_header(sheets, layout: Layout) -> tuple[SheetRows, HeaderMatch, list] | None:
    for sheet in sheets:
        head = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS))
        match = layout.find_header(head)
        if match is not None:
            rest = [r for r in head if r[0] > match.row_number]
            return sheet, match, rest
    return None


def _is_blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_rows(path: Path, fmt: str, layout: Layout, result: ImportResult):
    """Yield (Row, cell errors) for each data row, after locating the header."""
    sheets = open_sheets(path, fmt)  # kept referenced: closing it closes the workbook
    try:
        yield from _read_rows(sheets, layout, result)
    finally:
        sheets.close()


def _read_rows(sheets, layout: Layout, result: ImportResult):
    found = _find_header(sheets, layout)
    if found is None:
        wanted = "、".join(c.header for c in layout.columns if c.required) or layout.columns[0].header
        raise FileRefused(
            f"在文件前 {HEADER_SEARCH_ROWS} 行中没有找到{layout.title}的表头（应有 {wanted} 等列）。"
            "请确认表头是一行、列名与模板一致，或下载模板对照填写。"
        )
    sheet, match, rest = found
    missing = [c.header for c in layout.columns if c.required and c.key not in match.positions]
    if missing:
        raise FileRefused(f"表头缺少必需的列：{'、'.join(missing)}。请对照模板补上这些列再导入。")
    result.sheet, result.header_row = sheet.name, match.row_number
    result.headers = [layout.by_key[k].header for k in match.positions]
    result.unknown_headers = match.unknown
    positions = match.positions
    seq_index = positions.get("seq")
    name_index = positions.get("name")
    keys = list(positions)
    indexes = list(positions.values())
    # Each column's cleaning is a function of the cell alone; most columns repeat a few values.
    cleaners = [ValueMemo(layout.by_key[key].clean, CellError) for key in keys]
    columns = list(zip(keys, indexes, [layout.by_key[key] for key in keys], cleaners, strict=True))
    last = max(indexes, default=0)
    for number, cells in itertools.chain(rest, sheet.rows):
        width = len(cells)
        named = cells[name_index] if name_index is not None and name_index < width else None
        if (named is None or (isinstance(named, str) and not named.strip())) and _is_blank(cells):
            continue
        if seq_index is not None and seq_index < width and isinstance(cells[seq_index], str) \
                and EXAMPLE_MARK in cells[seq_index] and clean_text(cells[seq_index]) == EXAMPLE_MARK:
            continue  # the template's example row
        picked = [cells[i] for i in indexes] if width > last else [cells[i] if i < width else None for i in indexes]
        raw = dict(zip(keys, picked, strict=True))
        bad, errors = set(), []
        try:
            values = dict(zip(keys, [clean(cell) for clean, cell in zip(cleaners, picked, strict=True)], strict=True))
        except CellError:
            # Some cell is refused: clean the row cell by cell to report each one.
            values = {}
            for (key, index, column, clean), cell in zip(columns, picked, strict=True):
                try:
                    values[key] = clean(cell)
                except CellError as error:
                    bad.add(key)
                    errors.append(RowError(number, column.header, clean_text(cell), str(error), index))
        yield Row(number, values, raw, bad), errors, sheet, match


ProgressCallback = Callable[[int, int | None, str], None]

# The cyclic garbage collector's thresholds while an import runs. An import allocates
# millions of short-lived objects (cells, rows, model instances) that reference counting frees,
# while keeping tens of thousands alive (keys seen, saved ids); at the default rhythm (a pass
# every 700 allocations, full passes over everything alive) collection was about 40% of a
# 100,000-row import. Raised, not disabled: cycles are still collected.
IMPORT_GC_THRESHOLD = (50_000, 20, 100)
_gc_lock = threading.Lock()
_gc_users = [0, None]  # imports running, thresholds before the first


@contextmanager
def _fewer_collections():
    with _gc_lock:
        if _gc_users[0] == 0:
            _gc_users[1] = gc.get_threshold()
            gc.set_threshold(*IMPORT_GC_THRESHOLD)
        _gc_users[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users[0] -= 1
            if _gc_users[0] == 0:
                gc.set_threshold(*_gc_users[1])


def run_import(
    path: Path | str, filename: str, kind: str, user, *, dry_run: bool = False, census=None,
    progress: ProgressCallback | None = None, preview_rows: int = 10,
) -> ImportResult:
    """Validate (and unless dry_run or any error, save) a whole file. FileRefused is raised
    for a file that cannot be read at all; row errors are returned in the result."""
    from liangxin.ledger.handlers import HANDLERS  # cycle: handlers subclass importing's Handler

    started = time.monotonic()
    path = Path(path)
    result = ImportResult()
    result.fmt = sniff(path, filename)
    handler_class = HANDLERS[kind]
    from liangxin.ledger import pipeline  # cycle: the pipeline's child runs importing's read_rows

    # A large file is read by a child process, started before the handler's setup so the two
    # overlap (liangxin.ledger.pipeline says why only for large files).
    piped = pipeline.PipedReader(path, result.fmt, handler_class.layout, result) if pipeline.wanted(path) else None
    # On SQLite an import runs in a copy of the database, so that it holds no write lock while it
    # reads and checks (liangxin.ledger.sandbox); a confirm's rows are then written in one short
    # transaction (liangxin.ledger.staging). Every error still rolls the whole file back.
    with closing(piped or read_rows(path, result.fmt, handler_class.layout, result)) as reader, \
            _fewer_collections(), import_database(dry_run) as place:  # the reader closed at once on any error
        with place.routed(), transaction.atomic(using=place.alias):
            handler: Handler = handler_class(user, census=census)
            handler.check_permission()
            total = None
            chunk: list[Row] = []
            for row, cell_errors, sheet, match in reader:
                handler.header = match
                total = sheet.total
                result.total_rows += 1
                if cell_errors:
                    handler.keep(cell_errors)
                if len(result.preview) < preview_rows:
                    result.preview.append([clean_text(row.raw.get(k)) for k in match.positions])
                chunk.append(row)
                if len(chunk) >= CHUNK_ROWS:
                    handler.process(chunk)
                    chunk = []
                    if progress:
                        progress(result.total_rows, total, "rows")
            if chunk:
                handler.process(chunk)
            if progress:
                progress(result.total_rows, total, "finish")
            if result.total_rows == 0:
                raise FileRefused("表头下面没有数据行，没有可导入的内容。")
            handler.finish()
            result.errors = sorted(handler.errors, key=lambda e: (e.row, e.col_index if e.col_index is not None else 10**6))
            result.more_errors = handler.more_errors
            result.counts = handler.counts
            result.notes = handler.notes
            if result.errors or dry_run:
                transaction.set_rollback(True, using=place.alias)
            else:
                record(
                    ChangeLog.Action.IMPORT, None, user=user if getattr(user, "pk", None) else None,
                    region_path=getattr(user, "region", None) and user.region.path or "",
                    detail=f"导入{handler.layout.title}“{filename}”：{result.total_rows}行，{result.summary()}",
                )
                place.before_commit()
        if not (result.errors or dry_run):
            if progress:
                progress(result.total_rows, total, "write")
            place.publish(handler_class.reads)  # LedgerChanged if what was checked changed meanwhile
            result.saved = True
    result.seconds = time.monotonic() - started
    return result


def write_report(path: Path | str, fmt: str, result: ImportResult, out) -> None:
    """An annotated copy of the file: the same sheet, each cell in error filled red with a
    comment, and a last column 错误说明 listing every error of the row. Streamed."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    by_row: dict[int, list[RowError]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    red = PatternFill("solid", fgColor="FFC7CE")
    bold = Font(bold=True, color="9C0006")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("错误标注")
    sheets = open_sheets(Path(path), fmt)
    source = None
    for sheet_rows in sheets:
        if sheet_rows.name == result.sheet:
            source = sheet_rows
            break
    width = 0
    for number, cells in source.rows if source else ():
        width = max(width, len(cells))
        errors = by_row.get(number, [])
        bad = {e.col_index: e for e in errors if e.col_index is not None}
        out_cells = []
        for index, value in enumerate(cells):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            if index in bad:
                cell.fill = red
                cell.comment = Comment(bad[index].message, "两新党建平台")
            out_cells.append(cell)
        if number == result.header_row or errors:
            out_cells.extend([None] * (max(width, len(cells)) - len(cells)))
            note = WriteOnlyCell(sheet, value="错误说明" if number == result.header_row else "；".join(
                (f"“{e.column}”：" if e.column else "") + e.message for e in errors))
            note.font = bold
            out_cells.append(note)
        sheet.append(out_cells)
    sheets.close()
    workbook.save(out)
