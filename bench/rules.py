"""Benchmarks of the policy engine (issue 4), registered into bench.harness.BENCHMARKS.

Each pairs the application's path (the rule registry through `scoped()`, the dashboard API
request, the overview figures) with a hand-written PostgreSQL query giving the same answer.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.harness import benchmark
from bench.rules_grids_pairing import sql_grid_pairing_counts
from liangxin.rules.queries import years_before
from liangxin.rules.stats import FIGURE_FIELDS
from tests.identity import force_login_verified

ACTIVE = "o.status NOT IN ('closed', 'deregistered')"
# The figure of record is a stored column (Organization.formal_members/probationary_members,
# kept current by Member.save and refresh_member_counts), so the hand-written queries read it
# as a hand-writer would; tests check the stored counts against the member records.
#
# The hand-writer also picks the plan for the scale: for a street, an EXISTS per organization
# (a few thousand index probes); for a city, each "has a …" list built once and hash-joined
# (a million probes would take several times longer). Both forms give the same columns.
_CURRENT = "{t}.start_date <= %(today)s AND ({t}.end_date IS NULL OR {t}.end_date >= %(today)s)"
_ACTIVE_PO = "partyorgs_partyorg_organizations t JOIN partyorgs_partyorg p ON p.id = t.partyorg_id WHERE p.status = 'active'"
_PER_ROW = f"""EXISTS (SELECT 1 FROM {_ACTIVE_PO} AND t.organization_id = o.id) AS cov,
    EXISTS (SELECT 1 FROM {_ACTIVE_PO} AND t.organization_id = o.id AND p.mode = 'standalone') AS cov_sa,
    EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.organization_id = o.id AND {_CURRENT.format(t="a")}) AS instr,
    EXISTS (SELECT 1 FROM pairing_pairing pp WHERE pp.organization_id = o.id AND {_CURRENT.format(t="pp")}) AS paired
  FROM organizations_organization o JOIN regions_region r ON r.id = o.region_id"""
_HASHED = f"""cov.oid IS NOT NULL AS cov, COALESCE(cov.sa, false) AS cov_sa, ins.oid IS NOT NULL AS instr,
    pa.oid IS NOT NULL AS paired
  FROM organizations_organization o JOIN regions_region r ON r.id = o.region_id
  LEFT JOIN (SELECT t.organization_id AS oid, bool_or(p.mode = 'standalone') AS sa FROM {_ACTIVE_PO} GROUP BY 1) cov
    ON cov.oid = o.id
  LEFT JOIN (SELECT DISTINCT organization_id AS oid FROM instructors_assignment a WHERE {_CURRENT.format(t="a")}) ins
    ON ins.oid = o.id
  LEFT JOIN (SELECT DISTINCT organization_id AS oid FROM pairing_pairing pp WHERE {_CURRENT.format(t="pp")}) pa
    ON pa.oid = o.id"""


def orgs_cte(region) -> str:
    """`o`: the in-operation organizations under the region with the figures every rule reads."""
    from liangxin.regions.models import Region

    joins = _PER_ROW if region.level >= Region.Level.STREET else _HASHED
    return f"""o AS (
  SELECT o.id, o.region_id, r.path, r.level, o.kind, o.employees,
    (o.has_union OR o.has_youth_league OR o.has_women_federation) AS groups,
    o.formal_members AS fm, o.probationary_members AS pm, COALESCE(act.n, 0) AS act, {joins}
  LEFT JOIN (SELECT m.organization_id AS oid, count(*) AS n FROM members_developmentstep s
             JOIN members_member m ON m.id = s.member_id
             WHERE s.stage = 'activist' AND s.date > %(today)s - 365 AND s.date <= %(today)s GROUP BY 1) act ON act.oid = o.id
  WHERE r.path LIKE %(prefix)s AND {ACTIVE})"""


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def sql_rule_counts(region) -> dict:
    today = timezone.localdate()
    params = {"prefix": region.path + "%", "today": today, "warn": today + datetime.timedelta(days=30),
              "b_due": years_before(today + datetime.timedelta(days=90), 3),
              "c_due": years_before(today + datetime.timedelta(days=90), 5)}
    org_counts = _fetch(f"""WITH {orgs_cte(region)}
      SELECT count(*) FILTER (WHERE NOT cov AND fm >= 3),
             count(*) FILTER (WHERE fm < CASE WHEN paired THEN 5 ELSE 3 END AND ((NOT cov AND fm >= 1) OR cov_sa)),
             count(*) FILTER (WHERE employees >= 50 AND fm = 0 AND pm = 0),
             count(*) FILTER (WHERE employees >= 100 AND NOT cov),
             count(*) FILTER (WHERE NOT cov AND NOT instr AND NOT groups),
             count(*) FILTER (WHERE level <> 6),
             count(*) FILTER (WHERE (cov OR paired) AND act = 0)
      FROM o""", params)[0]
    po_counts = _fetch(f"""WITH
      po AS (SELECT p.* FROM partyorgs_partyorg p JOIN regions_region r ON r.id = p.region_id
             WHERE r.path LIKE %(prefix)s AND p.status = 'active'),
      tot AS (SELECT t.partyorg_id, sum(o.formal_members + o.probationary_members) AS total
              FROM partyorgs_partyorg_organizations t JOIN po ON po.id = t.partyorg_id
              JOIN organizations_organization o ON o.id = t.organization_id
              WHERE {ACTIVE} GROUP BY t.partyorg_id),
      -- ORG-3: the roster of each party organization and of the active ones below it (two
      -- levels), summed up the parent links from one grouped pass over the members.
      cnt AS (SELECT party_org_id AS id, count(*) AS n FROM members_member WHERE party_org_id IS NOT NULL GROUP BY 1),
      up AS (SELECT cnt.id AS anc, cnt.n FROM cnt
             UNION ALL SELECT p.parent_id, cnt.n FROM cnt JOIN partyorgs_partyorg p ON p.id = cnt.id
               WHERE p.parent_id IS NOT NULL AND p.status = 'active'
             UNION ALL SELECT q.parent_id, cnt.n FROM cnt JOIN partyorgs_partyorg p ON p.id = cnt.id
               JOIN partyorgs_partyorg q ON q.id = p.parent_id
               WHERE q.parent_id IS NOT NULL AND p.status = 'active' AND q.status = 'active'),
      roster AS (SELECT anc AS id, sum(n) AS n FROM up GROUP BY anc),
      held AS (SELECT po.id, po.type, top.is_top,
                 CASE WHEN COALESCE(roster.n, 0) > 0 THEN roster.n WHEN top.is_top THEN COALESCE(tot.total, 0) ELSE 0 END AS n
               FROM po LEFT JOIN roster ON roster.id = po.id LEFT JOIN tot ON tot.partyorg_id = po.id
               CROSS JOIN LATERAL (SELECT NOT EXISTS (SELECT 1 FROM partyorgs_partyorg a
                 WHERE a.id = po.parent_id AND a.status = 'active') AS is_top) top)
      SELECT
        (SELECT count(*) FROM held
          WHERE (is_top AND n >= 100 AND type <> 'committee') OR (n >= 50 AND type IN ('branch', 'joint_branch'))),
        (SELECT count(*) FROM po WHERE EXISTS (SELECT 1 FROM partyorgs_partyorg_organizations t
          JOIN organizations_organization o ON o.id = t.organization_id
          WHERE t.partyorg_id = po.id AND o.status IN ('closed', 'deregistered'))),
        (SELECT count(*) FROM po JOIN members_member s ON s.id = po.secretary_id
          WHERE s.position = 'owner' AND po.deputy_secretary_id IS NULL AND EXISTS (
            SELECT 1 FROM partyorgs_partyorg_organizations t JOIN organizations_organization o ON o.id = t.organization_id
            WHERE t.partyorg_id = po.id AND o.employees >= 100 AND {ACTIVE})),
        (SELECT count(*) FROM po WHERE COALESCE(po.last_election_on, po.founded_on)
          < CASE WHEN po.type = 'committee' THEN %(c_due)s::date ELSE %(b_due)s::date END)""", params)[0]
    grid2 = _fetch(f"""SELECT count(*) FROM (SELECT o.region_id FROM organizations_organization o
      JOIN regions_region r ON r.id = o.region_id WHERE r.level = 6 AND r.path LIKE %(prefix)s
      AND o.kind = 'enterprise' AND {ACTIVE} GROUP BY o.region_id HAVING count(*) > 30) g""", params)[0][0]
    mem3 = _fetch("""SELECT count(*) FROM members_member m JOIN organizations_organization o ON o.id = m.organization_id
      JOIN regions_region r ON r.id = o.region_id WHERE r.path LIKE %(prefix)s AND m.flow_status <> ''
      AND (m.flow_certificate_valid_until IS NULL OR m.flow_certificate_valid_until <= %(warn)s
           OR (m.flow_status = 'inflow' AND m.party_org_id IS NULL))""", params)[0][0]
    cov1 = _fetch(f"""WITH {orgs_cte(region)},
      leaf AS (SELECT path, count(*) AS n, count(*) FILTER (WHERE cov) AS c,
                      count(*) FILTER (WHERE cov OR instr OR groups) AS w FROM o GROUP BY path),
      up AS (SELECT unnest(string_to_array(rtrim(path, '/'), '/'))::bigint AS rid, n, c, w FROM leaf)
      SELECT count(*) FROM (SELECT up.rid FROM up JOIN regions_region a ON a.id = up.rid
        WHERE a.level <= 5 AND a.path LIKE %(prefix)s GROUP BY up.rid
        HAVING sum(n) > 0 AND (sum(c) < sum(n) OR sum(w) < sum(n))) x""", params)[0][0]
    names = ("ORG-1", "ORG-2", "ORG-5", "ORG-6", "ORG-7", "GRID-5", "MEM-1")  # ORG-10 is a distribution, not counted
    counts = dict(zip(names, org_counts, strict=True))
    counts.update(zip(("ORG-3", "ORG-4", "ORG-8", "ORG-9"), po_counts, strict=True))
    counts.update({"GRID-2": grid2, "MEM-3": mem3, "COV-1": cov1})
    counts.update(sql_instructor_counts(region))
    counts.update(sql_grid_pairing_counts(region))
    return counts


def sql_instructor_counts(region) -> dict:
    """INS-1…INS-9 and MEM-7 (its three parts summed) by hand, parameters at their defaults (the bench has no overrides).

    INS-3's "last complete week" depends on China's holiday calendar (make-up working days
    included), which neither side computes in SQL: both take the week's working days from
    liangxin.instructors.compliance.working_days (the `holidays` package) and pass them in; the
    rest — minutes, leave days, assignments, unvisited organizations — is SQL here.
    """
    from liangxin.core.periods import half_of, previous_half_year
    from liangxin.instructors.compliance import previous_quarter, week_start, working_days

    today = timezone.localdate()
    days = datetime.timedelta
    monday = week_start(today) - days(days=7)
    workdays = working_days(monday)
    q_start, q_end = previous_quarter(today)
    # INS-8 looks at the last complete half-year: the one before the half that holds today.
    h_start, h_end = previous_half_year(today)
    year, half = h_start.year, half_of(h_start)
    p = {
        "prefix": region.path + "%", "today": today, "year": today.year, "jan1": datetime.date(today.year, 1, 1),
        "plan_cutoff": today - days(days=30), "monday": monday, "sunday": monday + days(days=6),
        "workdays": workdays, "n_workdays": len(workdays), "unvisited_cutoff": today - days(days=30),
        "q_start": q_start, "q_end": q_end, "spot_cutoff": today - days(days=90), "since": today - days(days=30),
        "h_year": year, "h_half": half, "h_start": h_start, "h_end": h_end,
        "eval_overdue": h_end + days(days=30) < today, "research_cutoff": today - days(days=183),
        "training_cutoff": today - days(days=365),
    }
    current = "a.start_date <= %(today)s AND (a.end_date IS NULL OR a.end_date >= %(today)s)"
    instructors = """instructors_instructor i JOIN regions_region ir ON ir.id = i.region_id
      WHERE ir.path LIKE %(prefix)s"""
    row = _fetch(f"""SELECT
      (SELECT count(*) FROM {instructors} AND i.left_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = i.id AND {current})),
      (SELECT count(*) FROM instructors_assignment a JOIN organizations_organization o ON o.id = a.organization_id
        JOIN regions_region r ON r.id = o.region_id
        WHERE r.path LIKE %(prefix)s AND {current} AND a.start_date <= %(plan_cutoff)s AND %(plan_cutoff)s >= %(jan1)s
          AND NOT EXISTS (SELECT 1 FROM instructors_workplan w WHERE w.instructor_id = a.instructor_id
                          AND w.organization_id = a.organization_id AND w.year = %(year)s)),
      (SELECT count(*) FROM (SELECT
          COALESCE((SELECT sum(v.minutes) FROM instructors_visit v WHERE v.instructor_id = i.id
                    AND v.date BETWEEN %(monday)s AND %(sunday)s), 0) < 240
          AND EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = i.id AND a.start_date <= %(sunday)s
                      AND (a.end_date IS NULL OR a.end_date >= %(monday)s))
          AND 3 <= %(n_workdays)s - (SELECT count(*) FROM instructors_leave l, unnest(%(workdays)s::date[]) d
                                      WHERE l.instructor_id = i.id AND d BETWEEN l.start_date AND l.end_date) AS short,
          EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = i.id AND {current}
                  AND a.start_date <= %(unvisited_cutoff)s
                  AND NOT EXISTS (SELECT 1 FROM instructors_visit v WHERE v.organization_id = a.organization_id
                                  AND v.date > %(unvisited_cutoff)s AND v.date <= %(today)s)) AS unvisited
        FROM {instructors} AND i.left_on IS NULL) x WHERE short OR unvisited),
      (SELECT count(*) FROM regions_region s WHERE s.level = 4 AND s.path LIKE %(prefix)s
        AND EXISTS (SELECT 1 FROM instructors_instructor i WHERE i.region_id = s.id AND i.left_on IS NULL)
        AND (SELECT count(*) FROM instructors_quarterlymeeting m WHERE m.region_id = s.id
             AND m.date BETWEEN %(q_start)s AND %(q_end)s) < 1),
      (SELECT count(*) FROM regions_region s WHERE s.level = 4 AND s.path LIKE %(prefix)s
        AND EXISTS (SELECT 1 FROM instructors_instructor i WHERE i.region_id = s.id AND i.left_on IS NULL)
        AND NOT EXISTS (SELECT 1 FROM instructors_spotcheck c JOIN instructors_instructor i ON i.id = c.instructor_id
                        WHERE i.region_id = s.id AND c.date > %(spot_cutoff)s AND c.date <= %(today)s)),
      (SELECT count(*) FROM (
          SELECT e.organization_id FROM instructors_majoreventreport e
          WHERE e.report_date > %(since)s AND e.days_to_report > 3
          UNION
          SELECT c.object_id::bigint FROM audit_changelog c
          WHERE c.content_type_id = (SELECT id FROM django_content_type
                                     WHERE app_label = 'organizations' AND model = 'organization')
            AND c.action = 'update' AND (c.time AT TIME ZONE 'Asia/Shanghai')::date > %(since)s
            AND NOT (c.before ->> 'status' = c.after ->> 'status')
            AND NOT EXISTS (SELECT 1 FROM instructors_majoreventreport e WHERE e.organization_id = c.object_id::bigint
                            AND (e.event_date > %(since)s OR e.report_date > %(since)s))) f
        JOIN organizations_organization o ON o.id = f.organization_id JOIN regions_region r ON r.id = o.region_id
        WHERE r.path LIKE %(prefix)s),
      (SELECT count(*) FROM instructors_leave l JOIN instructors_instructor i ON i.id = l.instructor_id
        JOIN regions_region ir ON ir.id = i.region_id
        WHERE ir.path LIKE %(prefix)s AND l.days > 30 AND l.end_date >= %(today)s
          AND EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = l.instructor_id
                      AND a.start_date <= l.end_date AND (a.end_date IS NULL OR a.end_date >= l.start_date)
                      AND NOT EXISTS (SELECT 1 FROM instructors_assignment b WHERE b.organization_id = a.organization_id
                                      AND b.instructor_id <> l.instructor_id AND b.start_date <= l.end_date
                                      AND (b.end_date IS NULL OR b.end_date >= l.start_date)))),
      (SELECT count(*) FROM {instructors} AND (
          EXISTS (SELECT 1 FROM instructors_evaluation e WHERE e.instructor_id = i.id AND e.grade = 'poor'
                  AND e.adjusted_on IS NULL)
          OR (%(eval_overdue)s AND EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = i.id
                                           AND a.start_date <= %(h_end)s AND (a.end_date IS NULL OR a.end_date >= %(h_start)s))
              AND NOT EXISTS (SELECT 1 FROM instructors_evaluation e WHERE e.instructor_id = i.id
                              AND e.year = %(h_year)s AND e.half = %(h_half)s)))),
      (SELECT count(*) FROM {instructors} AND i.left_on IS NULL
        AND EXISTS (SELECT 1 FROM instructors_assignment a WHERE a.instructor_id = i.id AND {current}
                    AND a.start_date <= %(research_cutoff)s)
        AND NOT EXISTS (SELECT 1 FROM instructors_visit v WHERE v.instructor_id = i.id AND v.date > %(research_cutoff)s
                        AND v.activities LIKE '%%research%%')
        AND NOT EXISTS (SELECT 1 FROM instructors_workplan w WHERE w.instructor_id = i.id AND w.year = %(year)s
                        AND w.demonstration_point)),
      (SELECT count(*) FROM {instructors} AND i.left_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM instructors_trainingrecord t WHERE t.instructor_id = i.id
                        AND t.date > %(training_cutoff)s AND t.date <= %(today)s))
      -- MEM-7's other two parts: active party organizations' secretaries, open grids' lead
      -- organizations' secretaries, each without a training in the year.
      + (SELECT count(*) FROM partyorgs_partyorg po JOIN regions_region pr ON pr.id = po.region_id
         WHERE pr.path LIKE %(prefix)s AND po.status = 'active' AND po.secretary_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM partylife_training t WHERE t.attendee_id = po.secretary_id
                           AND t.date > %(training_cutoff)s AND t.date <= %(today)s))
      + (SELECT count(*) FROM regions_region g JOIN partyorgs_partyorg lo ON lo.id = g.lead_party_org_id
         WHERE g.path LIKE %(prefix)s AND g.level = 6 AND g.closed_on IS NULL AND lo.status = 'active'
           AND lo.secretary_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM partylife_training t WHERE t.attendee_id = lo.secretary_id
                           AND t.date > %(training_cutoff)s AND t.date <= %(today)s))
    """, p)[0]
    names = ("INS-1", "INS-2", "INS-3", "INS-4", "INS-5", "INS-6", "INS-7", "INS-8", "INS-9", "MEM-7")
    return dict(zip(names, row, strict=True))


def app_rule_counts(user, region) -> dict:
    from liangxin.rules.registry import violation_counts

    return violation_counts(user, region)  # as the rules page and the to-do list count them


def sql_figures(region) -> dict:
    """Figures of a region and of each direct sub-region, in two hand-written queries."""
    params = {"prefix": region.path + "%", "today": timezone.localdate(), "plen": len(region.path)}
    child = "NULLIF(split_part(substr(path, %(plen)s + 1), '/', 1), '')::bigint"
    rows = _fetch(f"""WITH {orgs_cte(region)}
      SELECT {child} AS child, count(*), count(*) FILTER (WHERE kind = 'enterprise'), count(*) FILTER (WHERE kind = 'social'),
        COALESCE(sum(employees) FILTER (WHERE kind = 'enterprise'), 0), COALESCE(sum(employees) FILTER (WHERE kind = 'social'), 0),
        COALESCE(sum(fm + pm) FILTER (WHERE kind = 'enterprise'), 0), COALESCE(sum(fm + pm) FILTER (WHERE kind = 'social'), 0),
        count(*) FILTER (WHERE cov), count(*) FILTER (WHERE NOT cov AND (instr OR groups))
      FROM o GROUP BY 1""", params)
    po_rows = _fetch(f"""WITH p AS (SELECT p.id, r.path,
        EXISTS (SELECT 1 FROM partyorgs_partyorg_organizations t JOIN organizations_organization o ON o.id = t.organization_id
                WHERE t.partyorg_id = p.id AND o.kind = 'enterprise' AND {ACTIVE}) AS e,
        EXISTS (SELECT 1 FROM partyorgs_partyorg_organizations t JOIN organizations_organization o ON o.id = t.organization_id
                WHERE t.partyorg_id = p.id AND o.kind = 'social' AND {ACTIVE}) AS s
      FROM partyorgs_partyorg p JOIN regions_region r ON r.id = p.region_id WHERE r.path LIKE %(prefix)s AND p.status = 'active')
      SELECT {child}, count(*) FILTER (WHERE e), count(*) FILTER (WHERE s AND NOT e) FROM p GROUP BY 1""", params)
    keys = ("organizations", "organizations_economic", "organizations_social", "employees_economic", "employees_social",
            "members_economic", "members_social", "org_covered", "work_only_covered")
    result: dict = {"total": dict.fromkeys(FIGURE_FIELDS, 0), "children": {}}
    for child_id, *values in rows:
        bucket = result["children"].setdefault(child_id, dict.fromkeys(FIGURE_FIELDS, 0)) if child_id else None
        for key, value in zip(keys, values, strict=True):
            result["total"][key] += value
            if bucket is not None:
                bucket[key] += value
    for child_id, e, s in po_rows:
        for target in (result["total"], result["children"].setdefault(child_id, dict.fromkeys(FIGURE_FIELDS, 0)) if child_id else None):
            if target is not None:
                target["party_orgs_economic"] += e
                target["party_orgs_social"] += s
    result["children"] = {k: v for k, v in result["children"].items() if any(v.values())}
    return result


def _app_figures(data: dict) -> dict:
    return {
        "total": {k: data["figures"][k] for k in FIGURE_FIELDS},
        "children": {c["id"]: {k: c[k] for k in FIGURE_FIELDS} for c in data["children"] if any(c[k] for k in FIGURE_FIELDS)},
    }


@benchmark("all rules, whole city (admin)", lambda ctx: sql_rule_counts(ctx["city"]), target_seconds=10)
def rules_city(ctx):
    from liangxin.accounts.models import User

    return app_rule_counts(User.objects.get(username="bench-admin"), ctx["city"])


@benchmark("all rules, one street (street user)", lambda ctx: sql_rule_counts(ctx["street"]))
def rules_street(ctx):
    return app_rule_counts(ctx["street_user"], ctx["street"])


@benchmark("dashboard request, one street (HTTP API)", lambda ctx: sql_figures(ctx["street"]), target_seconds=0.3)
def dashboard_street(ctx):
    client = Client()
    force_login_verified(client, ctx["street_user"])
    response = client.get(f"/api/coverage/?region={ctx['street'].pk}")
    assert response.status_code == 200, response.status_code
    return _app_figures(response.json())


@benchmark("dashboard request, one street, uncached (HTTP API)", lambda ctx: sql_figures(ctx["street"]))
def dashboard_street_uncached(ctx):
    """The same request with the 120 s figure cache off: what the first visitor waits."""
    from django.test import override_settings

    with override_settings(RULES_COVERAGE_CACHE_SECONDS=0):
        return dashboard_street(ctx)


@benchmark("overview figures (COV-2), whole city", lambda ctx: sql_figures(ctx["city"]))
def overview_city(ctx):
    from liangxin.rules.stats import coverage

    return _app_figures(coverage(None, ctx["city"]))
