"""The synthetic city of `make bench`, fast: `python -m bench.data --orgs N` (or built by the
bench itself when the organization count differs from BENCH_ORGS).

Rows are generated in Python and streamed with COPY (psycopg 3), ids assigned here and the
sequences moved past them afterwards. `build` refuses to run against a database whose name
does not contain "bench" (or the test runner's throwaway one), so it can never wipe the
development or production ledger.

Shape (scaled to N): a city → districts → streets → communities → grids of ~25 organizations;
90% enterprises; 3% closed; members reported in the ledger for about a third of
organizations, member records for a share of those; standalone branches for most
organizations with ≥ 3 formal members, joint branches for small ones, instructors for some of
the rest; election dates spread over six years; a few flowing members.
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

from django.db import connection
from django.utils import timezone

from liangxin.core import crypto

SEED = 20260101
TABLES = [
    "rules_coveragesnapshot", "rules_parameteroverride", "members_member", "partyorgs_partyorg_organizations",
    "partyorgs_partyorg", "instructors_assignment", "instructors_instructor", "pairing_pointsrecord", "pairing_pairing",
    "pairing_pairedunit", "grids_trackingrecord", "grids_officer",
    "organizations_organization", "accounts_user", "regions_region",
]
INDUSTRIES = "ABCDEFGHIJKLMNOPQRS"


def _defaults_for_missing(table: str, columns: list[str]) -> tuple[list[str], tuple]:
    """Columns the generator does not name get their model default, so a field added to a
    model later does not break the bench (NOT NULL columns without a database default)."""
    from django.apps import apps
    from django.db.models import NOT_PROVIDED

    model = next((m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table), None)
    if model is None:
        return [], ()
    extra = [
        f for f in model._meta.concrete_fields
        if f.column not in columns and not f.null and not f.primary_key
        and not getattr(f, "generated", False) and f.db_default is NOT_PROVIDED
    ]
    return [f.column for f in extra], tuple(f.get_default() for f in extra)


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    extra_columns, extra_values = _defaults_for_missing(table, columns)
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns + extra_columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(row) + extra_values)
            n += 1
    return n


def build(orgs: int, seed: int = SEED) -> dict:
    """Replace the bench tables' rows with a city of `orgs` organizations; the counts made."""
    name = connection.settings_dict.get("NAME") or ""
    # A bench database, or the test runner's throwaway one (tests check the bench's
    # hand-written SQL against the application on a small city).
    if connection.vendor != "postgresql" or not ("bench" in name or name.startswith("test_")):
        raise SystemExit(f"bench.data 只在 PostgreSQL 压测库（库名含 bench）中运行；当前为 {connection.vendor}:{name}。")
    started = time.perf_counter()
    rng = random.Random(seed)
    with connection.cursor() as c:
        existing = [t for t in TABLES if t in connection.introspection.table_names(c)]
        c.execute(f"TRUNCATE {', '.join(existing)} RESTART IDENTITY CASCADE")
        raw = c.cursor if hasattr(c, "cursor") else c
        counts = _generate(raw, orgs, rng)
        for table in ("regions_region", "organizations_organization", "partyorgs_partyorg", "members_member",
                      "instructors_instructor", "instructors_assignment", "partyorgs_partyorg_organizations",
                      "pairing_pairedunit", "pairing_pairing"):
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}")
            c.execute(f"VACUUM ANALYZE {table}")  # as autovacuum leaves a loaded table: index-only scans work
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def report(counts: dict) -> str:
    return "bench data: " + ", ".join(f"{k}={v}" for k, v in counts.items())


def _generate(cur, n_orgs: int, rng: random.Random) -> dict:
    now = timezone.now()
    today = timezone.localdate()
    n_grids = max(4, n_orgs // 25)
    n_communities = max(2, n_grids // 40)
    n_streets = max(2, n_communities // 10)
    n_districts = max(1, n_streets // 10)
    regions = []  # id, code, name, level, parent_id, path
    city = (1, "4403", "合成市", 2, None, "1/")
    regions.append(city)
    next_id = 2

    def add(parent, level, label, i):
        nonlocal next_id
        rid = next_id
        next_id += 1
        regions.append((rid, f"{parent[1]}{i:03d}" if level < 6 else f"{parent[1]}{i:04d}", f"{label}{i}", level,
                        parent[0], f"{parent[5]}{rid}/"))
        return regions[-1]

    districts = [add(city, 3, "区", i) for i in range(n_districts)]
    streets = [add(districts[i % n_districts], 4, "街道", i) for i in range(n_streets)]
    communities = [add(streets[i % n_streets], 5, "社区", i) for i in range(n_communities)]
    grids = [add(communities[i % n_communities], 6, "网格", i) for i in range(n_grids)]
    _copy(cur, "regions_region", ["id", "code", "name", "level", "parent_id", "path", "created", "updated", "responsible_person"],
          ((*r, now, now, "") for r in regions))

    # Organizations ---------------------------------------------------------------------
    orgs_meta = []  # (id, grid_id, kind, status, formal, probationary, has_records)
    statuses = ["normal"] * 95 + ["suspended"] * 2 + ["closed"] * 2 + ["deregistered"]

    def org_rows():
        for oid in range(1, n_orgs + 1):
            grid = grids[(oid * 7919) % n_grids][0]
            kind = "enterprise" if rng.random() < 0.9 else "social"
            status = statuses[rng.randrange(100)]
            employees = min(5000, int(rng.paretovariate(1.3) * 4))
            r = rng.random()
            formal = None if r < 0.65 else (rng.randint(1, 2) if r < 0.82 else (rng.randint(3, 12) if r < 0.97 else rng.randint(13, 130)))
            prob = rng.randint(1, 2) if formal and rng.random() < 0.2 else None
            records = bool(formal) and formal <= 12 and rng.random() < 0.3
            orgs_meta.append((oid, grid, kind, status, formal or 0, prob or 0, records))
            yield (oid, f"合成组织{oid}", kind, "", None, rng.choice(INDUSTRIES), "", status, "", grid, "", False, employees,
                   None, rng.random() < 0.08, rng.random() < 0.04, rng.random() < 0.04, None, formal, prob, "", now, now)

    _copy(cur, "organizations_organization", [
        "id", "name", "kind", "subtype", "credit_code", "industry", "scale", "status", "address", "region_id", "owner_name",
        "owner_is_member", "employees", "payroll", "has_union", "has_youth_league", "has_women_federation", "founded_on",
        "reported_formal_members", "reported_probationary_members", "notes", "created", "updated"], org_rows())

    # Party organizations and coverage -------------------------------------------------
    party_orgs, links = [], []
    small_by_grid: dict[int, list[int]] = {}
    for oid, grid, _kind, status, formal, prob, _rec in orgs_meta:
        total = formal + prob
        if formal >= 3 and rng.random() < 0.8:
            ptype = "committee" if total >= 100 and rng.random() < 0.5 else ("general_branch" if total >= 50 and rng.random() < 0.7 else "branch")
            party_orgs.append((len(party_orgs) + 1, grid, ptype, "standalone"))
            links.append((len(party_orgs), oid))
        elif 1 <= formal < 3 and status not in ("closed", "deregistered"):
            small_by_grid.setdefault(grid, []).append(oid)
    for grid, members in small_by_grid.items():
        if len(members) >= 3 and rng.random() < 0.3:
            party_orgs.append((len(party_orgs) + 1, grid, "joint_branch", "joint"))
            links.extend((len(party_orgs), oid) for oid in members[:3])

    def po_rows():
        for pid, grid, ptype, mode in party_orgs:
            elected = today - datetime.timedelta(days=rng.randint(0, 6 * 365))
            yield (pid, f"合成党组织{pid}", ptype, mode, grid, "", "", elected, elected, "active", "", now, now)

    _copy(cur, "partyorgs_partyorg", ["id", "name", "type", "mode", "region_id", "secretary_name", "secretary_phone",
                                      "founded_on", "last_election_on", "status", "dissolved_reason", "created", "updated"], po_rows())
    _copy(cur, "partyorgs_partyorg_organizations", ["id", "partyorg_id", "organization_id"],
          ((i + 1, p, o) for i, (p, o) in enumerate(links)))

    # Member records for a share of organizations ----------------------------------------
    cipher = crypto.encrypt("110101199003070011")
    po_of = {o: p for p, o in links}

    def member_rows():
        mid = 0
        for oid, _grid, _kind, _status, formal, prob, records in orgs_meta:
            if not records:
                continue
            for i in range(formal + prob):
                mid += 1
                flow = "inflow" if rng.random() < 0.03 else ""
                valid = today + datetime.timedelta(days=rng.randint(-200, 400)) if flow else None
                yield (mid, f"党员{mid}", "", cipher, f"bench{mid}", "", None, "", None,
                       "full" if i < formal else "probationary", oid, po_of.get(oid), flow, "LD" if flow else "", valid,
                       "staff", now, now)

    n_members = _copy(cur, "members_member", [
        "id", "name", "gender", "id_number", "id_number_index", "phone", "birth_date", "education", "joined_on", "category",
        "organization_id", "party_org_id", "flow_status", "flow_certificate_no", "flow_certificate_valid_until", "position",
        "created", "updated"], member_rows())
    # The organizations' record counts (their figure of record), set-based as
    # Organization.objects.refresh_member_counts() would, in one aggregated pass.
    cur.execute(
        "UPDATE organizations_organization o SET recorded_formal = c.formal, recorded_probationary = c.probationary "
        "FROM (SELECT organization_id, COUNT(*) FILTER (WHERE category = 'full') AS formal, "
        "COUNT(*) FILTER (WHERE category = 'probationary') AS probationary FROM members_member "
        "WHERE organization_id IS NOT NULL GROUP BY organization_id) c WHERE o.id = c.organization_id"
    )

    # Instructors for some uncovered organizations -----------------------------------
    covered = set(po_of)
    n_instructors = max(1, n_orgs // 500)
    _copy(cur, "instructors_instructor", ["id", "name", "dispatching_unit", "position", "source", "full_time", "region_id",
                                          "created", "updated"],
          ((i, f"指导员{i}", "机关", "", "serving", False, streets[i % n_streets][0], now, now) for i in range(1, n_instructors + 1)))
    start = today - datetime.timedelta(days=100)
    assigned = (oid for oid, *_ in orgs_meta if oid not in covered and oid % 7 == 0)
    n_assign = _copy(cur, "instructors_assignment", ["id", "instructor_id", "organization_id", "start_date", "end_date", "created", "updated"],
                     ((i + 1, (i % n_instructors) + 1, oid, start, None, now, now) for i, oid in enumerate(assigned)))

    n_units = _grids_and_pairing(cur, rng, today, now, regions, party_orgs, orgs_meta)

    # Users for the dashboard benchmark ------------------------------------------------
    from django.contrib.auth.hashers import make_password

    password = make_password(None)
    _copy(cur, "accounts_user", ["password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
                                 "is_active", "date_joined", "display_name", "role", "region_id"],
          [(password, False, "bench-admin", "", "", "", False, True, now, "压测管理员", "admin", city[0]),
           (password, False, "bench-street", "", "", "", False, True, now, "压测街道", "committee", streets[0][0])])
    return {"regions": len(regions), "grids": n_grids, "streets": n_streets, "organizations": n_orgs,
            "party_orgs": len(party_orgs), "members": n_members, "assignments": n_assign, "paired_units": n_units}


def _grids_and_pairing(cur, rng, today, now, regions, party_orgs, orgs_meta) -> int:
    """Seed 002's grid people and tracking and seed 004's pairings, each rule with cases both
    ways: grids with and without a lead and a responsible person, streets and communities with
    one officer or both, grids tracked recently or long ago; units paired or not (street units
    now and then outside their street), pairings with and without their confirmed records."""
    days = datetime.timedelta
    phone = crypto.encrypt("13800138000")
    grids = [r for r in regions if r[3] == 6]
    lead_in_grid = {grid: pid for pid, grid, *_ in party_orgs}
    rows = [(g[0], lead_in_grid.get(g[0]), "网格长" if rng.random() < 0.8 else "", phone if rng.random() < 0.7 else "")
            for g in grids]
    cur.execute("UPDATE regions_region SET lead_party_org_id = v.po, responsible_person = v.person, "
                "responsible_phone = v.phone FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) "
                "AS v(id, po, person, phone) WHERE regions_region.id = v.id", [[row[i] for row in rows] for i in range(4)])
    officers = [(r[0], duty) for r in regions if r[3] in (4, 5) for duty in ("leader", "staff") if rng.random() < 0.7]
    _copy(cur, "grids_officer", ["region_id", "duty", "name", "position", "phone", "start_date", "end_date", "created", "updated"],
          ((rid, duty, "干部", "", "", today - days(days=400), None if rng.random() < 0.9 else today - days(days=10), now, now)
           for rid, duty in officers))
    _copy(cur, "grids_trackingrecord", ["region_id", "recorded_on", "content", "created", "updated"],
          ((g[0], today - days(days=rng.randint(0, 90)), "走访联络", now, now) for g in grids if rng.random() < 0.6))

    # Units: one per street, one district unit per district (every other one eligible).
    units = [(r[0], "street", "deputy_division", True) for r in regions if r[3] == 4]
    units += [(r[0], "district", "deputy_division" if i % 2 else "section", bool(i % 3)) for i, r in enumerate(regions) if r[3] == 3]
    _copy(cur, "pairing_pairedunit", ["id", "name", "level", "region_id", "category", "rank", "has_party_org", "party_org_name",
                                      "contact_name", "notes", "created", "updated"],
          ((i, f"合成单位{i}", level, rid, "organ", rank, has_po, "", "", "", now, now)
           for i, (rid, level, rank, has_po) in enumerate(units, start=1)))
    path_of = {r[0]: r[5] for r in regions}
    open_orgs = [(oid, grid) for oid, grid, _k, status, *_ in orgs_meta if status not in ("closed", "deregistered")]
    pairings = []
    for uid, (rid, _level, _rank, _has_po) in enumerate(units, start=1):
        if rng.random() < 0.2 or not open_orgs:
            continue  # unpaired
        inside = [oid for oid, grid in open_orgs[: 400] if path_of[grid].startswith(path_of[rid])]
        oid = rng.choice(inside) if inside and rng.random() < 0.9 else rng.choice(open_orgs)[0]
        pairings.append((len(pairings) + 1, uid, oid, today - days(days=rng.choice((30, 200, 800)))))
    _copy(cur, "pairing_pairing", ["id", "unit_id", "organization_id", "start_date", "end_date", "unit_contact",
                                   "organization_contact", "notes", "created", "updated"],
          ((pid, uid, oid, start, None, "", "", "", now, now) for pid, uid, oid, start in pairings))

    def record_rows():
        for pid, *_ in pairings:
            for back in range(0, 420, 25):
                day = today - days(days=back)
                kind = rng.choice(("visit", "visit", "activity", "summary", "condolence", "open_day"))
                status = rng.choice(("confirmed", "confirmed", "pending", "returned"))
                created = now - days(days=back) + days(days=rng.randint(0, 10))
                yield (pid, day, kind, "共建", "双方", "成效", status, 0, False, created, created)

    _copy(cur, "pairing_pointsrecord", ["pairing_id", "date", "kind", "content", "participants", "results", "status", "points",
                                        "example", "created", "updated"], record_rows())
    return len(units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    from bench.harness import connect

    connect()
    print(report(build(args.orgs, args.seed)))


if __name__ == "__main__":
    main()
