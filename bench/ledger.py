"""Ledger benchmarks for `make bench`: import and export of a 100,000-row ledger, each beside
the spreadsheet code alone on the same data (the "SQL" column of the table is, here, the
reader's / writer's time; the ratio is app ÷ that, both measured in this run). Measurements
run in subprocesses (bench.ledger_worker) so each peak memory is its own; it is printed on
the line below the benchmark, with the load average (the machine is shared). Each time is the
one the subprocess measured: Django's setup and the work, not the interpreter's start."""

import os

from bench import ledger_worker as ledger_bench
from bench.harness import Measured, benchmark

_state: dict = {}


def _report(name: str, stats: dict, target_mb: float | None = None) -> None:
    # A large import reads in a forked child: the target is held against both peaks added up,
    # an overcount (the pages the child shares with its parent count twice), never an undercount.
    peak = stats["peak_mb"] + stats.get("reader_peak_mb", 0)
    verdict = "" if target_mb is None else (" ok" if peak <= target_mb else " MISSED")
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    reader = f" + reading child {stats['reader_peak_mb']} MB" if "reader_peak_mb" in stats else ""
    print(f"    {name}: {stats['rows']:,} rows in {stats['seconds']}s (in-process), peak {stats['peak_mb']} MB{reader}"
          + (f" (target ≤ {target_mb:.0f} MB{verdict})" if target_mb else "") + f"; load average {load}", flush=True)


def _read_baseline(ctx):
    stats = ledger_bench.measure("read", ledger_bench.ledger_file())
    _report("reader alone (calamine), same file", stats)
    return Measured(stats["rows"], stats["seconds"])


@benchmark(f"ledger import {ledger_bench.ROWS:,} rows (xlsx, dry run)", baseline=_read_baseline, target_seconds=30, warmup=False)
def ledger_import(ctx):
    stats = ledger_bench.measure("import", ledger_bench.ledger_file())
    _report("ledger import", stats, target_mb=500)
    return Measured(stats["rows"], stats["seconds"])


def _write_baseline(ctx):
    stats = ledger_bench.measure("write", ledger_bench.WORK / "write.xlsx", _state["exported"])
    _report("sheet writer alone, same row count", stats)
    return Measured(stats["rows"], stats["seconds"])


@benchmark(f"ledger export ~{ledger_bench.ROWS:,} rows", baseline=_write_baseline, target_seconds=15, warmup=False)
def ledger_export(ctx):
    region = ledger_bench.export_region()
    stats = ledger_bench.measure("export", ledger_bench.WORK / "export.xlsx", region.pk)
    _state["exported"] = stats["rows"]
    _report(f"ledger export of {region.name}", stats)
    return Measured(stats["rows"], stats["seconds"])
