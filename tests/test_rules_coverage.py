"""Coverage figures of a small hand-built district, asserted exactly (both definitions)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.audit.log import tracked
from liangxin.core.periods import month_start
from liangxin.instructors.models import Assignment
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules import stats
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.registry import get_rule
from tests.rules_helpers import org, party_org, region

TODAY = timezone.localdate()


@pytest.fixture
def district(world):
    d = Region.objects.create(code="449901", name="手工区", level=Region.Level.DISTRICT)
    a = region(d, "甲街道")
    b = region(d, "乙街道")
    ga, gb = region(region(a, "甲社区"), "甲网格"), region(region(b, "乙社区"), "乙网格")
    a1 = org(ga, "a1", employees=10, reported_formal_members=3)
    a2 = org(ga, "a2", employees=20, reported_formal_members=1)
    a3 = org(ga, "a3", kind="social", employees=5, reported_formal_members=2)
    org(ga, "a4", employees=7, has_union=True)
    a5 = org(ga, "a5", employees=8)
    a6 = org(ga, "a6", employees=99, status=Organization.Status.CLOSED, reported_formal_members=9)
    org(gb, "b1", kind="social", employees=30, reported_probationary_members=1)
    b2 = org(gb, "b2", employees=4)
    party_org(ga, "P1", a1)
    party_org(ga, "J", a2, a3, mode="joint", type="joint_branch")
    party_org(ga, "P3", a3)
    party_org(ga, "P-closed", a6)  # covers only a closed organization: counted in neither kind
    party_org(gb, "P-dissolved", b2, status=PartyOrg.Status.DISSOLVED, dissolved_on=TODAY, dissolved_reason="测试")
    Assignment.objects.create(instructor=world.instructor, organization=a5, start_date=TODAY)
    Assignment.objects.create(instructor=world.instructor, organization=b2, start_date=datetime.date(2020, 1, 1),
                              end_date=datetime.date(2021, 1, 1))
    return d, a, b


def test_it_computes_the_district_figures_exactly(district):
    d, a, b = district
    data = stats.coverage(None, d)
    f = data["figures"]
    assert {k: f[k] for k in stats.FIGURE_FIELDS} == {
        "organizations": 7, "organizations_economic": 5, "organizations_social": 2,
        "employees_economic": 49, "employees_social": 35, "members_economic": 4, "members_social": 3,
        "party_orgs_economic": 2, "party_orgs_social": 1, "org_covered": 3, "work_only_covered": 2,
    }
    assert f["org_coverage_rate"] == round(3 / 7, 4)  # 组织覆盖: a1, a2, a3
    assert f["work_coverage_rate"] == round(5 / 7, 4)  # + 工作覆盖: a4 (工会), a5 (指导员)
    children = {c["name"]: c for c in data["children"]}
    assert (children["甲街道"]["organizations"], children["甲街道"]["org_covered"], children["甲街道"]["work_covered"]) == (5, 3, 5)
    assert (children["乙街道"]["organizations"], children["乙街道"]["org_coverage_rate"], children["乙街道"]["work_coverage_rate"]) == (2, 0.0, 0.0)
    assert data["targets"]["target_org_coverage"]["value"] == 100
    assert data["ratings"]["five_good"] == "暂无评定数据"


def test_it_flags_regions_below_target(district):
    d, a, b = district
    rows = {str(r): r.finding for r in get_rule("COV-1").violations(None, d)}
    assert set(rows) == {"手工区", "甲街道", "乙街道", "甲社区", "乙社区"}
    assert "组织覆盖率60.0%" in rows["甲街道"] and "工作覆盖率100.0%" in rows["甲街道"]


def test_it_keeps_monthly_snapshots(district, world):
    d, a, b = district
    call_command("snapshot", month="2026-01", history_months=1)
    call_command("snapshot", month="2026-01", history_months=1)  # idempotent
    snap = CoverageSnapshot.objects.get(region=d, month=datetime.date(2026, 1, 1))
    assert (snap.organizations, snap.org_covered, snap.work_only_covered, snap.members_social) == (7, 3, 2, 3)
    assert CoverageSnapshot.objects.filter(region=d).count() == 1
    trend = stats.coverage(world.admin, d)["trend"]  # admin of another district: snapshot out of scope
    assert trend == []
    assert stats.coverage(None, d)["trend"][0]["org_coverage_rate"] == 3 / 7


@pytest.fixture
def history(world):
    """A street whose organizations and party organizations came and went over the year."""
    d = Region.objects.create(code="449902", name="历史区", level=Region.Level.DISTRICT)
    grid = region(region(region(d, "丙街道"), "丙社区"), "丙网格")
    old = datetime.date(2020, 5, 1)
    o1 = org(grid, "o1", founded_on=old)
    org(grid, "o2", founded_on=month_start(TODAY, 3) + datetime.timedelta(days=4))  # founded 3 months ago
    o3 = org(grid, "o3", founded_on=old)
    o4 = org(grid, "o4", founded_on=old)
    o5 = org(grid, "o5", founded_on=old)
    org(grid, "o6")  # no founding date: in the ledger since it was entered, today
    o7 = org(grid, "o7", founded_on=old)
    party_org(grid, "P1", o1, founded_on=old)
    party_org(grid, "P2", o3, founded_on=month_start(TODAY, 2))  # covers o3 from 2 months ago
    dissolved_on = month_start(TODAY, 4) + datetime.timedelta(days=10)
    party_org(grid, "P5", o5, founded_on=old, status=PartyOrg.Status.DISSOLVED, dissolved_on=dissolved_on, dissolved_reason="测试")
    with tracked(o4):  # closed today, as a user closes it: the change log dates the closure
        o4.status = Organization.Status.CLOSED
        o4.save()
    Assignment.objects.create(instructor=world.instructor, organization=o7,
                              start_date=month_start(TODAY, 1) + datetime.timedelta(days=3))
    return d


def test_the_first_snapshot_reconstructs_a_year_of_months_from_the_ledgers_history(history):
    call_command("snapshot")
    months = list(CoverageSnapshot.objects.filter(region=history).order_by("month"))
    assert [s.month for s in months] == [month_start(TODAY, back) for back in range(11, -1, -1)]
    for back, snap in zip(range(11, -1, -1), months, strict=True):
        if back == 0:  # this month: the ledger as it is (o4 closed, o6 entered, P2 covering o3)
            expected = (6, 2, 1)  # o1 o2 o3 o5 o6 o7; o1, o3 covered; o7 by its instructor
        else:
            organizations = 5 + (back <= 3)  # o1 o3 o4 o5 o7, and o2 once founded
            covered = 1 + (back <= 2) + (back >= 5)  # o1; o3 once P2 exists; o5 until P5's dissolution
            expected = (organizations, covered, int(back <= 1))  # o7's instructor from last month
        assert (snap.organizations, snap.org_covered, snap.work_only_covered) == expected, snap.month


def test_snapshots_take_over_after_the_first_reconstruction(history):
    call_command("snapshot")
    last_month = month_start(TODAY, 1)
    CoverageSnapshot.objects.filter(region=history, month=last_month).update(organizations=999)  # as recorded then
    CoverageSnapshot.objects.filter(region=history, month=month_start(TODAY, 5)).delete()  # a month the job missed
    call_command("snapshot")
    assert CoverageSnapshot.objects.get(region=history, month=last_month).organizations == 999  # kept
    assert CoverageSnapshot.objects.get(region=history, month=month_start(TODAY, 5)).organizations == 5  # filled
    assert CoverageSnapshot.objects.filter(region=history).count() == 12
    trend = stats.coverage(None, history)["trend"]
    assert len(trend) == 12 and trend[-1]["month"] == TODAY.strftime("%Y-%m")
