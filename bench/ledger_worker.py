"""Ledger benchmarks: import and export of a 100,000-row ledger, each beside the spreadsheet
code alone on the same data (the importer's reader — calamine — reading every row of the same
file / the export's sheet writer writing the same number of 31-column rows), as a ratio.

Each measurement runs in its own subprocess (`python -m bench.ledger_worker <op> …`) so its
peak memory (ru_maxrss) is its own. The import is a dry run: every row is validated by the
forms and saved inside the transaction, exactly as a real import, and then rolled back, so the
bench database is left as it was. Used by `make bench` (bench/ledger.py registers
these with bench.harness); `run()` gives the same figures on its own.

The import file is generated here (make_ledger_file) over the bench database's grids, so it
has ROWS rows whatever the size of the synthetic city; the export takes the district whose
subtree holds the number of organizations closest to ROWS (about 100,000 in the default
1,000,000-organization city) and reports the rows it wrote.

Environment: BENCH_LEDGER_ROWS (default 100,000); BENCH_LEDGER_DIR (default var/bench/<the
bench database's name>, so two bench databases never share files).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", "100000"))
_DB = os.environ.get("BENCH_DATABASE_URL", os.environ.get("DATABASE_URL", "default")).rsplit("/", 1)[-1]
ROOT = Path(__file__).resolve().parents[1]  # the repository: `python -m bench.ledger_worker` runs from here
WORK = Path(os.environ.get("BENCH_LEDGER_DIR", ROOT / "var" / "bench" / _DB))


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def make_ledger_file(path: Path, rows: int) -> Path:
    """A ledger over the database's grids, new organizations only, with merged title rows,
    text dates and one joint party organization for every ten rows."""
    import openpyxl
    from stdnum.cn import uscc

    from liangxin.ledger.layouts import ORGANIZATION_LEDGER
    from liangxin.ledger.regions import RegionIndex
    from liangxin.regions.models import Region

    regions = RegionIndex()
    grids = [n for n in regions.nodes.values() if n.level == Region.Level.GRID]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["两新组织党建工作台账（基准测试）"])
    sheet.append([c.header for c in ORGANIZATION_LEDGER.columns])
    for i in range(rows):
        grid = grids[(i // 10) % len(grids)]
        street, community, grid_name = regions.names(grid.pk)
        stem = f"52999{i:012d}"[:17]
        joint = i % 10 < 3  # three rows of every ten share a joint branch in their grid
        sheet.append([
            i + 1, f"基准测试企业{i}有限公司", stem + uscc.calc_check_digit(stem), "非公企业", "", "制造业", "规下", "正常",
            f"基准路{i}号", street, community, grid_name, "", f"业主{i % 97}", "否", 10 + i % 200, i % 4, 0,
            "是" if joint else "否", f"{grid_name}基准联合党支部" if joint else "", "", "", "", "", "",
            "是" if i % 2 else "否", "否", "否", f"{2000 + i % 25}.{1 + i % 12}.{1 + i % 28}", "", "",
        ])
    workbook.save(path)
    return path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
    os.environ["LIANGXIN_DEBUG"] = "0"  # as in production: no SQL kept per query
    import django

    django.setup()


def _worker(op: str, args: list[str]) -> dict:
    """One measurement, in this (fresh) process."""
    started = time.perf_counter()
    if op == "read":
        from liangxin.ledger.reading import open_sheets, sniff

        path = Path(args[0])
        rows = 0
        for sheet in open_sheets(path, sniff(path, path.name)):
            rows += sum(1 for _number, values in sheet.rows if len(values) > 1 and values[1] is not None)
        rows -= 1  # the header
    elif op == "write":
        from liangxin.ledger.xlsx import SheetWriter

        count, width = int(args[1]), 31
        writer = SheetWriter(args[0], "x", [14] * width)
        for i in range(count + 1):
            writer.append([f"值{i}-{j}" if j % 3 else i for j in range(width)])
        writer.close()
        rows = count
    else:
        _setup_django()
        from liangxin.accounts.models import User

        admin = User(username="基准测试", is_superuser=True, is_active=True)
        if op in ("import", "confirm"):  # confirm: saved (bench.sqlite_lock, on a copy of its database)
            from liangxin.ledger.importing import run_import

            result = run_import(Path(args[0]), Path(args[0]).name, "ledger", admin, dry_run=op == "import")
            if result.errors:
                raise SystemExit(f"benchmark file has errors: {[str(e) for e in result.errors[:5]]}")
            rows = result.total_rows
        elif op == "export":
            from liangxin.ledger.exporting import EXPORTS, write_export
            from liangxin.regions.models import Region

            region = Region.objects.get(pk=int(args[1]))
            rows = write_export(EXPORTS["organizations"], admin, {"region": str(region.pk)}, args[0])
        elif op == "make":
            make_ledger_file(Path(args[0]), int(args[1]))
            rows = int(args[1])
        else:
            raise SystemExit(f"unknown op {op}")
    figures = {"op": op, "rows": rows, "seconds": round(time.perf_counter() - started, 2), "peak_mb": round(_maxrss_mb(), 1)}
    # A large import reads its file in a child process (liangxin.ledger.pipeline): its peak is
    # reported beside ours (it counts the pages it shares with us from the fork as well).
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if child:
        figures["reader_peak_mb"] = round(child, 1)
    return figures


def measure(op: str, *args) -> dict:
    completed = subprocess.run([sys.executable, "-m", "bench.ledger_worker", op, *map(str, args)],
                               capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT, check=False)
    if op == "import":
        _vacuum_after_dry_run()
    if completed.returncode != 0:
        raise RuntimeError(f"{op} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# A dry run inserts its rows and rolls them back: they stay behind as dead rows at the end of
# each table and in its indexes until a vacuum. With autovacuum off (as on the bench machine)
# they piled up run after run — the organization table grew from 150 MB to 1.1 GB and every
# later benchmark's scans slowed by half — so the bench vacuums what it touched (untimed).
DRY_RUN_TABLES = ("organizations_organization", "partyorgs_partyorg", "partyorgs_partyorg_organizations", "audit_changelog")


def _vacuum_after_dry_run() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(DRY_RUN_TABLES)}")


def ledger_file() -> Path:
    """The 100,000-row file, made once per database state (its grids) and reused."""
    from liangxin.regions.models import Region

    WORK.mkdir(parents=True, exist_ok=True)
    grids = Region.objects.filter(level=Region.Level.GRID).count()
    path = WORK / f"ledger-{ROWS}-{grids}grids.xlsx"
    if not path.exists():
        measure("make", path, ROWS)
    return path


def export_region():
    """The district or street whose subtree holds the number of organizations closest to ROWS
    (a district of the bench city: about 100,000), from one grouped count — chosen once per
    database state (organizations and regions counted) and kept beside the ledger file, so
    the export's timing is the export's, not this choice's."""
    from django.db.models import Count

    from liangxin.ledger.regions import RegionIndex
    from liangxin.organizations.models import Organization
    from liangxin.regions.models import Region

    WORK.mkdir(parents=True, exist_ok=True)
    state = f"{ROWS}-{Organization.objects.count()}orgs-{Region.objects.count()}regions"
    kept = WORK / "export-region.json"
    if kept.exists():
        saved = json.loads(kept.read_text())
        if saved.get("state") == state and Region.objects.filter(pk=saved["pk"]).exists():
            return Region.objects.get(pk=saved["pk"])
    regions = RegionIndex(by_name=False)
    totals: dict[int, int] = {}
    for region_id, n in Organization.objects.order_by().values("region_id").annotate(n=Count("pk")).values_list("region_id", "n"):
        for ancestor in regions.ancestors(regions.nodes[region_id]):
            totals[ancestor.pk] = totals.get(ancestor.pk, 0) + n
    candidates = [node for node in regions.nodes.values() if Region.Level.CITY < node.level <= Region.Level.STREET]
    best = min(candidates, key=lambda node: abs(totals.get(node.pk, 0) - ROWS))
    kept.write_text(json.dumps({"state": state, "pk": best.pk}))
    return Region.objects.get(pk=best.pk)


def run() -> list[dict]:
    """All four measurements; each dict: name, rows, seconds, peak_mb, ratio to the library."""
    path = ledger_file()
    read = measure("read", path)
    imported = measure("import", path)
    region = export_region()
    exported = measure("export", WORK / "export.xlsx", region.pk)
    written = measure("write", WORK / "write.xlsx", exported["rows"])
    return [
        {"name": "ledger import (dry run, all rows saved then rolled back)", **imported,
         "library_seconds": read["seconds"], "ratio": round(imported["seconds"] / max(read["seconds"], 0.01), 1)},
        {"name": "reader alone (calamine), same file", **read},
        {"name": f"ledger export ({region.name})", **exported,
         "library_seconds": written["seconds"], "ratio": round(exported["seconds"] / max(written["seconds"], 0.01), 1)},
        {"name": "sheet writer alone, same row count", **written},
    ]


if __name__ == "__main__":
    print(json.dumps(_worker(sys.argv[1], sys.argv[2:]), ensure_ascii=False))
