"""Reading a large file in a second process while this one validates and saves.

Reading and cleaning the cells (calamine's parse, then each column's cleaning) needs no
database and was about a fifth of a 100,000-row import, all on one core of a 2-core server.
For a large file a forked child does it and sends the cleaned rows in batches through a
bounded queue;
this process validates against the database and writes them meanwhile. The rows, their cell
errors, the header found and every refusal (FileRefused) are exactly those of reading in
process (`importing._read_rows` runs in the child), so error reports, progress and the
all-or-nothing transaction do not change. The refusals made before parsing (size, .xlsm,
content, zip bombs) are made by `sniff` in this process before the child starts; the child is
stopped and reaped whenever the import ends early (an error, a refused permission). The
child's address space is limited to the import's memory limit (liangxin.ledger.bounds): a
file that needs more ends the child, never the server, and is refused.

Only above `LEDGER_PIPELINE_MIN_BYTES` (2 MB, about 15,000 rows): a child costs a fork and
pickling every row, which a small file — most uploads, and the tests' files — does not win
back; below it the file is read in process as before. Only with fork (Linux): the child
inherits the layout already built and needs no Django setup of its own.

The child never touches the database: it may inherit this process's connection (a socket,
perhaps inside a transaction) and must not use or close it, so it ends with os._exit (as
multiprocessing's fork children do), running no atexit handler and no finalizer but
multiprocessing's own (which flushes the queue). Forked from a web server's import thread, the
child holds only that thread; it takes no lock another thread could have held (no database,
no logging), only the file, the layout's cleaning and the queue.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import pickle
import queue
import signal
import traceback
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from liangxin.ledger.bounds import limit_address_space, memory_refusal
from liangxin.ledger.importing import ImportResult, Row, read_rows

BATCH_ROWS = 500  # rows per message
# Messages the child may have sent ahead of us (8,000 rows): with only a pipe's 64 KB between
# them the child produced each batch on demand and this process waited for it (6.7 s of a
# 100,000-row import); bounded, so memory stays bounded whatever the file's size.
AHEAD = 16


def wanted(path: Path) -> bool:
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return False
    return path.stat().st_size >= getattr(settings, "LEDGER_PIPELINE_MIN_BYTES", 2 * 1024 * 1024)


class _Sheet:
    """What the engine reads of a sheet while importing: its declared row count."""

    __slots__ = ("total",)

    def __init__(self, total):
        self.total = total


def _child(out, path: Path, fmt: str, layout) -> None:
    import gc

    # What the child inherited is shared with the parent until written: kept out of the
    # collector's passes, whose bookkeeping would touch (and so copy) every page of it.
    gc.freeze()
    try:
        limit_address_space()  # an allocation past the import's memory limit fails here, not in the server
        faulthandler.disable()  # calamine aborts on a refused allocation by design: no stack dump for it
        result = ImportResult()
        batch: list = []
        started = False
        for row, errors, sheet, match in read_rows(path, fmt, layout, result):
            if not started:
                out.put(("header", result.sheet, result.header_row, result.headers, result.unknown_headers,
                           match, sheet.total))
                started = True
            # Values aligned with the header's keys; a row with a refused cell lacks those
            # keys, so it goes as its dict.
            values = row.values if row.bad_keys else tuple(row.values.values())
            batch.append((row.number, values, tuple(row.raw.values()), row.bad_keys or None, errors or None))
            if len(batch) >= BATCH_ROWS:
                out.put(("rows", batch))
                batch = []
        if batch:
            out.put(("rows", batch))
        out.put(("end",))
    except BaseException as error:  # noqa: BLE001 — every failure goes to the parent to raise
        if isinstance(error, MemoryError):
            error = memory_refusal()
        try:
            pickle.dumps(error)
        except Exception:  # noqa: BLE001 — an exception that cannot cross the pipe
            error = RuntimeError(f"读取文件的子进程出错：{''.join(traceback.format_exception(error))}")
        with contextlib.suppress(OSError):  # the parent has gone or stopped reading
            out.put(("error", error))
    finally:
        out.close()  # the feeder thread is joined as the child exits: everything put is sent


class PipedReader:
    """The same stream as importing.read_rows — (Row, cell errors, sheet, header match) — read
    by a child process started at once, so calamine's parse (about 3 s for 100,000 rows, before
    the first row) overlaps the handler's own setup. `close()` stops and reaps the child, also
    when no row was read (the engine closes it on every path)."""

    def __init__(self, path: Path, fmt: str, layout, result):
        context = multiprocessing.get_context("fork")
        self.result = result
        self.queue = context.Queue(AHEAD)
        self.process = context.Process(target=_child, args=(self.queue, path, fmt, layout), name="ledger-reader", daemon=True)
        self.process.start()

    def _get(self):
        while True:
            try:
                return self.queue.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive() and self.queue.empty():
                    if self.process.exitcode == -signal.SIGABRT:  # calamine's allocation failed: Rust aborts
                        raise memory_refusal() from None
                    raise RuntimeError(f"读取文件的子进程意外退出（退出码 {self.process.exitcode}）。") from None

    def __iter__(self) -> Iterator:
        result = self.result
        sheet = match = keys = None
        while True:
            message = self._get()
            kind = message[0]
            if kind == "rows":
                for number, values, raw, bad, errors in message[1]:
                    row = Row(number, values if bad else dict(zip(keys, values, strict=True)),
                              dict(zip(keys, raw, strict=True)), bad or set())
                    yield row, errors or [], sheet, match
            elif kind == "header":
                result.sheet, result.header_row, result.headers, result.unknown_headers, match, total = message[1:]
                sheet, keys = _Sheet(total), list(match.positions)
            elif kind == "end":
                return
            else:
                raise message[1]

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()  # stopped early (an error here, or a refusal): the rest is not needed
        self.process.join()
        self.queue.close()
