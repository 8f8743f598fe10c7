"""`make bench` (python -m bench): named benchmarks against a synthetic city.

Each benchmark times the application's own code path and a baseline measured in the same run
(here: a hand-written SQL query giving the same answer), asserts both answers are equal, and
prints both times and their ratio. Other benchmarks (imports, exports) are added by appending
to BENCHMARKS with `@benchmark(...)`.

Environment: BENCH_ORGS (default 1,000,000), BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/liangxin_bench — a separate database, created if missing;
never the development database), BENCH_REBUILD=1 to regenerate the data, BENCH_ONLY=TEXT to run
only the benchmarks whose name contains TEXT.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench import data

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/liangxin_bench")
BENCH_ORGS = int(os.environ.get("BENCH_ORGS", "1000000"))


@dataclass
class Benchmark:
    name: str
    run: Callable[[dict], object]
    baseline: Callable[[dict], object]
    target_seconds: float | None = None
    warmup: bool = True  # False for benchmarks that run in a fresh subprocess (nothing to warm)


BENCHMARKS: list[Benchmark] = []


@dataclass
class Measured:
    """What a benchmark returns when it times itself: one that runs its work in a fresh
    subprocess (for that work's own peak memory) reports the time the subprocess measured, so
    neither side's figure includes starting an interpreter or tidying up afterwards."""

    value: object
    seconds: float


def benchmark(name: str, baseline: Callable[[dict], object], target_seconds: float | None = None, warmup: bool = True):
    def register(run):
        BENCHMARKS.append(Benchmark(name, run, baseline, target_seconds, warmup))
        return run

    return register


def _timed(fn, ctx):
    started = time.perf_counter()
    result = fn(ctx)
    seconds = time.perf_counter() - started
    if isinstance(result, Measured):
        return result.value, result.seconds
    return result, seconds


def _prepare_database() -> None:
    import psycopg

    if "bench" not in BENCH_URL.rsplit("/", 1)[-1]:
        sys.exit(f"BENCH_DATABASE_URL must name a bench database (…/liangxin_bench), not {BENCH_URL}")
    server, db = BENCH_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
        # PostgreSQL's JIT compiles the per-row subplans of these queries for seconds before
        # running them for milliseconds; both sides of every comparison run without it.
        conn.execute(f'ALTER DATABASE "{db}" SET jit = off')
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")


def connect() -> None:
    """Django set up on the bench database (created if missing), migrated."""
    _prepare_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def setup() -> dict:
    connect()
    from liangxin.organizations.models import Organization

    if os.environ.get("BENCH_REBUILD") or Organization.objects.count() != BENCH_ORGS:
        print(f"building a synthetic city of {BENCH_ORGS:,} organizations …", flush=True)
        print(data.report(data.build(BENCH_ORGS)), flush=True)
    from liangxin.accounts.models import User
    from liangxin.regions.models import Region

    street_user = User.objects.get(username="bench-street")
    return {"city": Region.objects.get(level=Region.Level.CITY), "street": street_user.region, "street_user": street_user}


def main() -> int:
    # Importing the benchmark definitions registers them (explicitly, here, not by side effect elsewhere).
    ctx = setup()
    from bench import ledger, rules  # noqa: F401

    print(f"\n{'benchmark':<42}{'app (s)':>10}{'SQL (s)':>10}{'ratio':>8}  target")
    failed = False
    only = os.environ.get("BENCH_ONLY", "")  # e.g. BENCH_ONLY=rules: run the benchmarks whose name contains it
    for bench in (b for b in BENCHMARKS if only in b.name):
        if bench.warmup:
            bench.run(ctx)  # warm the caches once, as a user's second request would
        result, seconds = _timed(bench.run, ctx)
        expected, base_seconds = _timed(bench.baseline, ctx)
        same = result == expected
        ratio = seconds / base_seconds if base_seconds else float("inf")
        target = f"≤ {bench.target_seconds}s {'ok' if seconds <= bench.target_seconds else 'MISSED'}" if bench.target_seconds else ""
        print(f"{bench.name:<42}{seconds:>10.3f}{base_seconds:>10.3f}{ratio:>8.2f}  {target}{'' if same else '  ANSWERS DIFFER'}", flush=True)
        if not same:
            failed = True
            print(f"    app: {result}\n    sql: {expected}")
    return 1 if failed else 0
