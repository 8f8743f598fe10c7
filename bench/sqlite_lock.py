"""How long a confirmed ledger import holds SQLite's write lock, against its whole time.

    python -m bench.sqlite_lock [ROWS …]        (default: 20000 100000)

On a SQLite file holding the demo district (made once in var/bench/sqlite-lock/, by `migrate`
and `demo`), for each size: a ledger file of ROWS new organizations over the district's grids
(bench.ledger_worker's generator), a fresh copy of the database (backup API), then the confirm
(`bench.ledger_worker confirm`, its own process) while this process tries the write lock
(BEGIN IMMEDIATE, no waiting) every 5 ms. Reports the import's time, the longest stretch the
lock was held and the total held, and their ratios to the import's time. A login or an API
write waits at most as long as the longest stretch (the busy timeout is 20 s).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench" / "sqlite-lock"
PROBE_SECONDS = 0.005


def _run(*args: str, database: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "liangxin.settings"}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def base_database() -> Path:
    path = WORK / "demo.sqlite3"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        _run("manage.py", "migrate", "--noinput", "-v0", database=path)
        _run("manage.py", "demo", database=path)
    return path


class LockProbe(threading.Thread):
    """Tries the write lock of a SQLite file at once (no waiting) every PROBE_SECONDS until
    stopped: `held`, the time it found the lock taken, and `longest`, the longest such stretch.
    (Also used by tests/sqlite_lock_child.py.)"""

    def __init__(self, path: str | Path):
        super().__init__(daemon=True)
        self.path, self.stop, self.held, self.longest = path, threading.Event(), 0.0, 0.0

    def run(self) -> None:
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        last, stretch = time.monotonic(), None
        while not self.stop.is_set():
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                free = True
            except sqlite3.OperationalError:
                free = False
            now = time.monotonic()
            if free:
                stretch = None
            else:
                self.held += now - last
                stretch = stretch or last
                self.longest = max(self.longest, now - stretch)
            last = now
            time.sleep(PROBE_SECONDS)
        probe.close()


def measure(rows: int) -> dict:
    base = base_database()
    ledger = WORK / f"ledger-{rows}.xlsx"
    if not ledger.exists():
        _run("-m", "bench.ledger_worker", "make", str(ledger), str(rows), database=base)
    database = WORK / f"confirm-{rows}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    source, target = sqlite3.connect(base), sqlite3.connect(database)
    source.backup(target)
    source.close()
    target.close()
    prober = LockProbe(database)
    prober.start()
    started = time.monotonic()
    try:
        out = _run("-m", "bench.ledger_worker", "confirm", str(ledger), database=database)
    finally:
        prober.stop.set()
        prober.join()
    seconds = time.monotonic() - started
    figures = {"held": prober.held, "longest": prober.longest}
    result = json.loads(out.strip().splitlines()[-1])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return {"rows": result["rows"], "seconds": round(seconds, 1), "lock_longest": round(figures["longest"], 2),
            "lock_held": round(figures["held"], 2), "longest_ratio": round(figures["longest"] / seconds, 4),
            "held_ratio": round(figures["held"] / seconds, 4), "load": round(os.getloadavg()[0], 1)}


def main(argv: list[str]) -> None:
    print(f"{'rows':>8} {'import s':>9} {'lock longest s':>15} {'lock held s':>12} {'longest/import':>15} {'held/import':>12} {'load':>5}")
    for rows in [int(a) for a in argv] or [20_000, 100_000]:
        f = measure(rows)
        print(f"{f['rows']:>8} {f['seconds']:>9} {f['lock_longest']:>15} {f['lock_held']:>12} "
              f"{f['longest_ratio']:>15.2%} {f['held_ratio']:>12.2%} {f['load']:>5}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
