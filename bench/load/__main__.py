"""`make bench` (its load part: python -m bench.load): 50 people on the demo district, first
against the production server (gunicorn), then against `runserver` as the baseline, each for a
bounded time, on loopback only; prints requests per second and p50/p95/p99 per page type.

Environment: LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/liangxin_load, a
separate database, created and filled with the demo district if missing), LOAD_USERS (50),
LOAD_SECONDS (60), LOAD_WORKERS (gunicorn's processes, 2 × cores + 1).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BIN = Path(PY).parent
URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/liangxin_load")
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
# Targets of issue 11: pages p95 ≤ 500 ms, the phone's visit form ≤ 200 ms, no errors.
VISIT_FORM = "走访表单（手机）"
TARGET_MS = {VISIT_FORM: 200}
PAGE_TARGET_MS = 500


def _env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "liangxin.settings"}


def prepare_database() -> None:
    """The load database with the demo district (built once; later runs reuse it)."""
    import psycopg

    server, name = URL.rsplit("/", 1)
    if "load" not in name:
        sys.exit(f"LOAD_DATABASE_URL must name a load-test database (…/liangxin_load), not {URL}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=_env(), check=True)
    with psycopg.connect(URL) as conn:
        built = conn.execute("SELECT count(*) FROM accounts_user WHERE username = 'instructor1'").fetchone()[0]
    if not built:
        print("建立演示区（首次运行）…", flush=True)
        subprocess.run([*manage, "demo"], env=_env(), check=True, stdout=subprocess.DEVNULL)


SERVERS = {
    # The production server as `make serve` starts it (DEBUG off, WhiteNoise for static files).
    "gunicorn": lambda port: [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
                              "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning",
                              "liangxin.wsgi"],
    # The baseline: Django's development server (one process, a thread per request).
    "runserver": lambda port: [PY, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
}


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"服务器启动失败（退出码 {process.returncode}）")
        try:
            with urllib.request.urlopen(base + "/accounts/login/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"服务器 {seconds:.0f} 秒内没有响应：{base}")


def run(server: str, port: int, out: Path) -> list[dict]:
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(SERVERS[server](port), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    # The clerk's previews are background jobs: a worker runs them, as beside `make serve`.
    worker = subprocess.Popen([PY, str(ROOT / "manage.py"), "worker", "-v0"], cwd=ROOT, env=_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(base, process)
        prefix = out / server
        subprocess.run([str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                        "-u", str(USERS), "-r", str(max(1, USERS // 10)), "-t", f"{SECONDS}s", "--host", base,
                        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                       cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL)
    finally:
        process.terminate()
        worker.terminate()
        process.wait(timeout=30)
        worker.wait(timeout=600)  # TERM lets the preview in hand finish
    with open(f"{prefix}_stats.csv", newline="") as f:
        return list(csv.DictReader(f))


def report(results: dict[str, list[dict]]) -> bool:
    """The table, one line per page type and server; True when the production server meets the targets."""
    print(f"\n{USERS} 个并发用户，每个服务器 {SECONDS} 秒（毫秒；目标：页面 p95 ≤ {PAGE_TARGET_MS}，走访表单 p95 ≤ 200，0 错误）")
    print(f"{'页面类型':<22}{'服务器':<11}{'请求':>7}{'错误':>6}{'次/秒':>8}{'p50':>7}{'p95':>7}{'p99':>7}")
    met = True
    keys = [(row["Type"], row["Name"]) for row in results["gunicorn"] if row["Name"] != "Aggregated"] + [("", "Aggregated")]
    for kind, name in keys:
        for server, rows in results.items():
            row = next((r for r in rows if (r["Type"], r["Name"]) == (kind, name)), None)
            if row is None:
                continue
            label = "合计" if name == "Aggregated" else f"{kind} {name}"
            print(f"{label:<22}{server:<11}{row['Request Count']:>7}{row['Failure Count']:>6}"
                  f"{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}")
            if server == "gunicorn":
                target = TARGET_MS.get(name, PAGE_TARGET_MS)
                if int(row["Failure Count"]) or (name.startswith(("页面", "走访")) and float(row["95%"]) > target):
                    met = False
    print("目标达成" if met else "目标未达成（见上表）")
    return met


def main() -> int:
    prepare_database()
    with tempfile.TemporaryDirectory() as tmp:
        results = {server: run(server, port, Path(tmp)) for server, port in (("gunicorn", 8741), ("runserver", 8742))}
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
