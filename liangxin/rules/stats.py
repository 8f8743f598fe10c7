"""Coverage figures and the seed-003 overview (COV-1, COV-2), computed in the database.

Organizations are aggregated per region they sit in (one grouped query, by region id: a hash
aggregate over the organizations with no join to the region table); the per-region rows (a few
thousand grids for a city, never one row per organization) are then summed up the region tree
in Python to give any subtree, its sub-regions, or a list of regions at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from liangxin.assessments.standing import rating_rates, rating_text
from liangxin.core.jurisdiction import in_subtree, jurisdiction_of
from liangxin.core.periods import month_end, month_start
from liangxin.organizations.models import Organization, covered_by_party_org
from liangxin.organizations.models import active_on as organization_active_on
from liangxin.partylife.models import CrossAppointment
from liangxin.partylife.stats import cross_appointment_counts
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.parameters import TARGET_FIVE, TARGET_ORG, TARGET_SSH, TARGET_WORK
from liangxin.rules.queries import work_reach
from liangxin.rules.values import ParameterValues

ORG_COVERAGE_DEFINITION = (
    "组织覆盖率 = 由正常状态的党组织覆盖（单独组建或联合组建、依托组建、属地组建）的在营两新组织数 ÷ 在营两新组织数。"
    "在营指经营状态为“正常”或“停产”，不含“关闭”“注销”。"
)
WORK_COVERAGE_DEFINITION = (
    "工作覆盖率 = （组织覆盖数 + 没有党组织但有工作覆盖的组织数）÷ 在营两新组织数。"
    "工作覆盖指今天有党建工作指导员联系，或已建立工会、共青团、妇联之一。"
)
PARTY_ORG_KIND_DEFINITION = "党组织按所覆盖的在营组织归类：覆盖任一非公企业的计入新经济组织，只覆盖社会组织的计入新社会组织；未覆盖在营组织的党组织单列。"
MEMBER_DEFINITION = "党员数按口径：有党员名册的组织按名册（正式+预备），否则按台账报送数。"
RATING_UNAVAILABLE = "暂无评定数据"

FIGURE_FIELDS = (
    "organizations", "organizations_economic", "organizations_social", "employees_economic", "employees_social",
    "members_economic", "members_social", "party_orgs_economic", "party_orgs_social", "org_covered", "work_only_covered",
)
E, S = Organization.Kind.ENTERPRISE, Organization.Kind.SOCIAL


def empty_figures() -> dict:
    return dict.fromkeys(FIGURE_FIELDS, 0)


def organization_rows(org_qs, include_members: bool = True, on: datetime.date | None = None):
    """Rows per region holding organizations: counts, employees, members, coverage.

    Two grouped queries, each a plain pass the database runs as joins: the counts (no
    subquery at all), and the organizations not covered (an anti-join to the active party
    organizations) with, among them, those with work coverage (the groups or an instructor);
    covered = all − not covered. One query with a FILTER (WHERE EXISTS …) per figure evaluates the subqueries
    row by row and is several times slower for a city. The same definitions as
    `with_coverage`: has_party_org = covered_by_party_org(), has_work_reach = work_reach().
    `on`: as on that past day, reconstructed from the ledger's dates (see `history_figures`)."""
    qs = (org_qs.active() if on is None else org_qs.filter(organization_active_on(on))).order_by()
    aggregates = dict(
        organizations=Count("pk"),
        organizations_economic=Count("pk", filter=Q(kind=E)),
        organizations_social=Count("pk", filter=Q(kind=S)),
        employees_economic=Coalesce(Sum("employees", filter=Q(kind=E)), 0),
        employees_social=Coalesce(Sum("employees", filter=Q(kind=S)), 0),
    )
    if include_members:
        members = F("formal_members") + F("probationary_members")
        aggregates.update(
            members_economic=Coalesce(Sum(members, filter=Q(kind=E)), 0),
            members_social=Coalesce(Sum(members, filter=Q(kind=S)), 0),
        )
    counts = qs.values("region").annotate(**aggregates)
    uncovered = qs.filter(~covered_by_party_org(on=on)).values("region").annotate(
        uncovered=Count("pk"), work_only_covered=Count("pk", filter=work_reach(on))
    )

    def rows():
        # Rows are summed per region by the callers, so "covered = all − uncovered" is
        # given as two additive parts.
        for row in counts:
            yield {**row, "org_covered": row["organizations"]}
        for row in uncovered:
            yield {"region": row["region"], "org_covered": -row["uncovered"], "work_only_covered": row["work_only_covered"]}

    return rows()


def party_org_rows(party_org_qs, on: datetime.date | None = None):
    through = PartyOrg.organizations.through.objects.filter(partyorg=OuterRef("pk"))
    if on is None:
        through = through.exclude(organization__status__in=Organization.INACTIVE_STATUSES)
        active = Q(status=PartyOrg.Status.ACTIVE)
    else:
        through = through.filter(organization_active_on(on, "organization__"))
        active = PartyOrg.active_on(on)
    return (
        party_org_qs.filter(active)
        .annotate(economic=Exists(through.filter(organization__kind=E)), social=Exists(through.filter(organization__kind=S)))
        .order_by().values("region")
        .annotate(
            party_orgs_economic=Count("pk", filter=Q(economic=True)),
            party_orgs_social=Count("pk", filter=Q(economic=False, social=True)),
        )
    )


def _outermost(paths: list[str]) -> list[str]:
    return [p for p in sorted(set(paths)) if not any(p != o and p.startswith(o) for o in paths)]


def _prefix_filter(paths: list[str], field: str) -> Q:
    """Rows whose region (`field`, e.g. "region") is under any of the given region paths (only
    the outermost ones are needed)."""
    q = Q(pk__in=[])
    for path in _outermost(paths):
        q |= in_subtree(field, path)
    return q


def region_figures(regions: list[dict], org_qs, party_org_qs=None, include_members: bool = True,
                   on: datetime.date | None = None) -> dict[int, dict]:
    """Figures of every region subtree in `regions` ({"pk", "path"} dicts), from two grouped
    queries over the organizations (and party organizations) inside them; `on`: as on that
    past day (see `history_figures`)."""
    result = {r["pk"]: empty_figures() for r in regions}
    if not regions:
        return result
    by_path = {r["path"]: r["pk"] for r in regions}
    paths = list(by_path)
    sources = [organization_rows(org_qs.filter(_prefix_filter(paths, "region")), include_members, on)]
    if party_org_qs is not None:
        sources.append(party_org_rows(party_org_qs.filter(_prefix_filter(paths, "region")), on))
    path_of = dict(Region.objects.filter(_prefix_filter(paths, "pk")).values_list("pk", "path"))
    # First one total per region (the sources give several rows per region), then each region
    # once into every requested ancestor-or-self.
    per_region: dict[int, dict] = {}
    for rows in sources:
        for row in rows:
            region_id = row.pop("region")
            totals_here = per_region.get(region_id)
            if totals_here is None:
                per_region[region_id] = {key: value or 0 for key, value in row.items()}
            else:
                for key, value in row.items():
                    totals_here[key] = totals_here.get(key, 0) + (value or 0)
    for region_id, values in per_region.items():
        path = path_of.get(region_id, "")
        end = 0
        while True:
            end = path.find("/", end) + 1
            if not end:
                break
            pk = by_path.get(path[:end])
            if pk is not None:
                target = result[pk]
                for key, value in values.items():
                    target[key] += value
    return result


def with_rates(figures: dict) -> dict:
    total = figures["organizations"]
    figures = dict(figures)
    figures["organizations_total"] = total
    figures["employees"] = figures["employees_economic"] + figures["employees_social"]
    figures["members"] = figures["members_economic"] + figures["members_social"]
    figures["party_orgs"] = figures["party_orgs_economic"] + figures["party_orgs_social"]
    figures["work_covered"] = figures["org_covered"] + figures["work_only_covered"]
    figures["uncovered"] = total - figures["work_covered"]
    figures["org_coverage_rate"] = round(figures["org_covered"] / total, 4) if total else None
    figures["work_coverage_rate"] = round(figures["work_covered"] / total, 4) if total else None
    return figures


def totals(org_qs, party_org_qs) -> dict:
    """The figures of a whole queryset (a user's jurisdiction without a region root)."""
    figures = empty_figures()
    for rows in (organization_rows(org_qs), party_org_rows(party_org_qs)):
        for row in rows:
            row.pop("region")
            for key, value in row.items():
                figures[key] += value or 0
    return with_rates(figures)


def _all_party_orgs(party_org_qs, figures: dict) -> dict:
    """Every active party organization (the figure the home page and the party organization
    list show), and those of them COV-2's split leaves out: covering no organization in
    operation (one whose organization closed, ORG-4, or with none recorded)."""
    count = party_org_qs.filter(status=PartyOrg.Status.ACTIVE).count()
    return {"party_orgs_all": count, "party_orgs_other": count - figures["party_orgs"]}


def targets_for(region_path: str | None, params: ParameterValues | None = None) -> dict:
    params = params or ParameterValues()
    keys = (TARGET_ORG, TARGET_WORK, TARGET_SSH, TARGET_FIVE)
    return {key: params.resolve(key, region_path).as_dict() for key in keys}


def coverage(user, region=None, on: datetime.date | None = None) -> dict:
    """The dashboard: the region's figures now, its sub-regions, its monthly trend, the targets.
    Scoped by the user's jurisdiction (None = everything, for the command line)."""
    org_qs = Organization.objects.scoped(user) if user is not None else Organization.objects.all()
    po_qs = PartyOrg.objects.scoped(user) if user is not None else PartyOrg.objects.all()
    data: dict[str, Any] = {
        "definitions": {
            "org_coverage": ORG_COVERAGE_DEFINITION, "work_coverage": WORK_COVERAGE_DEFINITION,
            "party_org_kind": PARTY_ORG_KIND_DEFINITION, "members": MEMBER_DEFINITION,
        },
        "ratings": {"two_strong_six_good": RATING_UNAVAILABLE, "five_good": RATING_UNAVAILABLE},
        "as_of": (on or timezone.localdate()).isoformat(),
    }
    if region is None:
        data.update(region=None, figures=totals(org_qs, po_qs), children=[], trend=[], targets=targets_for(None),
                    rating_rates=rating_rates(None))
        data["figures"].update(_all_party_orgs(po_qs, data["figures"]))
        return data
    # Closed (merged) grids keep their history but are not live sub-regions: their organizations
    # went to the grid they joined.
    children = list(Region.objects.filter(parent=region).open().order_by("path").values("pk", "path", "name", "code", "level"))
    regions = [{"pk": region.pk, "path": region.path}, *children]
    figures = region_figures(regions, org_qs, po_qs)
    data["region"] = {"id": region.pk, "name": region.name, "code": region.code, "level": region.level}
    data["figures"] = with_rates(figures[region.pk])
    data["figures"].update(_all_party_orgs(po_qs.filter(in_subtree("region", region.path)), data["figures"]))
    data["children"] = [
        {"id": c["pk"], "name": c["name"], "code": c["code"], **with_rates(figures[c["pk"]])}
        for c in children
    ]
    snapshots = CoverageSnapshot.objects.all() if user is None else CoverageSnapshot.objects.scoped(user)
    snapshots = snapshots.filter(region=region).order_by("month")
    data["trend"] = [
        {"month": s.month.strftime("%Y-%m"), "org_coverage_rate": s.org_coverage_rate, "work_coverage_rate": s.work_coverage_rate,
         "organizations": s.organizations}
        for s in snapshots
    ]
    data["targets"] = targets_for(region.path)
    # 交叉任职 (STD-6): the party organizations of the region that recorded each kind.
    data["cross_appointment"] = cross_appointment_counts(
        CrossAppointment.objects.filter(party_org__in=po_qs.filter(in_subtree("region", region.path), status=PartyOrg.Status.ACTIVE)))
    # 双强六好 and 五个好 (COV-1): the latest approved round of each street (liangxin.assessments).
    rates = rating_rates(region.path)
    data["rating_rates"] = rates
    for key, target_key in (("two_strong_six_good", TARGET_SSH), ("five_good", TARGET_FIVE)):
        shown = rating_text(rates[key], data["targets"][target_key]["value"])
        if shown:
            data["ratings"][key] = shown
    return data


def cached_coverage(user, region=None) -> dict:
    """`coverage` for a page or API request, cached briefly (RULES_COVERAGE_CACHE_SECONDS,
    default 120 s, like the to-do list) per user, jurisdiction, region and day: the figures
    of a street are a few hundred milliseconds of database work and the dashboard is opened
    often. A figure may thus lag an edit by up to two minutes; `as_of` and `computed_at` say
    when it was computed. 0 turns the cache off."""
    seconds = getattr(settings, "RULES_COVERAGE_CACHE_SECONDS", 120)
    jurisdiction = jurisdiction_of(user) if user.is_authenticated else None
    # Only region-scoped users (and superusers): the key holds their jurisdiction's current
    # path, so moving a region or changing the user's region takes effect at once. Users
    # scoped by organizations (instructors, secretaries, paired units) are computed afresh.
    if not seconds or jurisdiction is None or not (jurisdiction.everything or jurisdiction.region_path):
        return coverage(user, region)
    scope = "*" if jurisdiction.everything else jurisdiction.region_path
    key = f"rules:coverage:{user.pk}:{scope}:{region.pk if region else ''}:{region.path if region else ''}:{timezone.localdate()}"
    data = cache.get(key)
    if data is None:
        data = coverage(user, region)
        data["computed_at"] = timezone.localtime().isoformat(timespec="seconds")
        cache.set(key, data, seconds)
    return data


def take_snapshots(month: datetime.date | None = None, max_level: int | None = None) -> int:
    """Record every region's figures for a month (first day of month), replacing any earlier
    record of the same month. Returns the number of regions written."""
    month = (month or timezone.localdate()).replace(day=1)
    return _write_snapshots(month, max_level, on=None)


# How far back the first snapshot reconstructs the trend: a year of months, this one included.
HISTORY_MONTHS = 12


def backfill_snapshots(months: int = HISTORY_MONTHS, max_level: int | None = None,
                       today: datetime.date | None = None) -> list[datetime.date]:
    """Reconstruct the snapshots missing in the months before this one, up to `months`
    months back counting this one, from the history the ledger keeps: a region's figures as
    on the month's last day (history_figures). The first `snapshot` run thus gives a year's
    trend at once; from then on each month is recorded as it is, and this only fills what
    the monthly job missed (a month it did not run, a region added since). Recorded
    snapshots are never replaced. Returns the months written, oldest first."""
    today = today or timezone.localdate()
    regions_qs = Region.objects.all()
    if max_level is not None:
        regions_qs = regions_qs.filter(level__lte=max_level)
    regions = list(regions_qs.values("pk", "path", "closed_on"))
    written = []
    for month in (month_start(today, back) for back in range(months - 1, 0, -1)):
        recorded = set(CoverageSnapshot.objects.filter(month=month).values_list("region_id", flat=True))
        # A grid closed (merged) by the month's end has no figures of its own for that month.
        missing = [{"pk": r["pk"], "path": r["path"]} for r in regions
                   if r["pk"] not in recorded and (r["closed_on"] is None or r["closed_on"] > month_end(month))]
        if missing:
            figures = history_figures(missing, month_end(month))
            CoverageSnapshot.objects.bulk_create(
                [CoverageSnapshot(region_id=pk, month=month, **values) for pk, values in figures.items()], batch_size=2000
            )
            written.append(month)
    return written


def history_figures(regions: list[dict], on: datetime.date) -> dict[int, dict]:
    """Every region's figures as they stood on a past day, reconstructed from what the ledger
    records: organizations founded (or entered) by then and closed after it (the change log
    dates closures), party organizations founded by then and dissolved after it (撤销日期),
    the instructors' assignments of that day. What has no history is taken as it is today:
    which party organization covers which organization, the employees and members, the
    mass organizations; organizations deleted since are missing from the past months."""
    return region_figures(regions, Organization.objects.all(), PartyOrg.objects.all(), on=on)


def _write_snapshots(month: datetime.date, max_level: int | None, on: datetime.date | None) -> int:
    # Closed (merged) grids keep the snapshots of the months they were open; none are added.
    regions_qs = Region.objects.open()
    if max_level is not None:
        regions_qs = regions_qs.filter(level__lte=max_level)
    regions = list(regions_qs.values("pk", "path"))
    if on is None:
        figures = region_figures(regions, Organization.objects.all(), PartyOrg.objects.all())
    else:
        figures = history_figures(regions, on)
    CoverageSnapshot.objects.filter(month=month, region_id__in=[r["pk"] for r in regions]).delete()
    CoverageSnapshot.objects.bulk_create(
        [CoverageSnapshot(region_id=pk, month=month, **values) for pk, values in figures.items()], batch_size=2000
    )
    return len(figures)
