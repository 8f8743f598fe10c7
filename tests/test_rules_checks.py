"""Each rule at its thresholds, in the database, including a street that overrides a parameter."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from liangxin.instructors.models import Assignment
from liangxin.members.models import DevelopmentStep, Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.queries import years_before
from liangxin.rules.registry import get_rule
from liangxin.rules.values import ParameterValues
from tests.conftest import id_number
from tests.rules_helpers import names, org, party_org, region

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def grids(world):
    """A fresh grid in each street, so counts are exactly the ones a test builds."""
    east = region(region(world.street1, "测试社区东"), "测试网格东")
    west = region(region(world.street2, "测试社区西"), "测试网格西")
    return east, west


def flagged(rule_id, region_obj, user=None, params=None):
    return names(get_rule(rule_id).violations(user, region_obj, params))


def test_it_flags_must_establish_and_joint_at_2_3_4_5_members(grids):
    east, _ = grids
    for n in (2, 3, 4, 5):
        org(east, f"党员{n}名公司", reported_formal_members=n)
    assert flagged("ORG-1", east) == ["党员3名公司", "党员4名公司", "党员5名公司"]
    assert flagged("ORG-2", east) == ["党员2名公司"]


def test_it_applies_a_street_override_and_not_to_the_other_street(world, grids):
    east, west = grids
    for grid in grids:
        for n in (2, 3, 4, 5):
            org(grid, f"{grid.name}{n}", reported_formal_members=n)
    ParameterOverride.objects.create(key="standalone_min_members", region=world.street1, value=5, reason="依据004")
    ParameterOverride.objects.create(key="establish_min_members", region=world.street1, value=5,
                                     effective_from=TODAY + datetime.timedelta(days=1), reason="明天起")
    assert flagged("ORG-2", east) == ["测试网格东2", "测试网格东3", "测试网格东4"]
    assert flagged("ORG-2", west) == ["测试网格西2"]
    assert flagged("ORG-1", east) == ["测试网格东3", "测试网格东4", "测试网格东5"]  # future override not in force
    tomorrow = ParameterValues(TODAY + datetime.timedelta(days=1))
    assert flagged("ORG-1", east, params=tomorrow) == ["测试网格东5"]
    resolved = ParameterValues().resolve("standalone_min_members", east.path)
    assert (resolved.value, resolved.region_name) == (5, "东街道") and "东街道设定" in resolved.source
    assert ParameterValues().resolve("standalone_min_members", west.path).is_default


def test_it_uses_the_nearest_override(world, grids):
    east, _ = grids
    ParameterOverride.objects.create(key="standalone_min_members", region=world.district, value=5, reason="区")
    ParameterOverride.objects.create(key="standalone_min_members", region=east.parent, value=4, reason="社区")
    ParameterOverride.objects.create(key="standalone_min_members", region=east.parent, value=3, reason="旧",
                                     effective_from=TODAY - datetime.timedelta(days=400))
    assert ParameterValues().value("standalone_min_members", east.path) == 4
    assert ParameterValues().value("standalone_min_members", world.grid2.path) == 5


def test_it_uses_the_figure_of_record(grids):
    east, _ = grids
    o = org(east, "名册公司", reported_formal_members=5)
    for i in range(2):
        Member.objects.create(name=f"党员{i}", id_number=id_number(f"1101011990030{i}111"), organization=o)
    assert flagged("ORG-1", east) == []
    assert flagged("ORG-2", east) == ["名册公司"]


def test_it_flags_members_at_49_50_51_employees(grids):
    east, _ = grids
    for n in (49, 50, 51):
        org(east, f"员工{n}", employees=n)
    org(east, "员工80有党员", employees=80, reported_probationary_members=1)
    assert flagged("ORG-5", east) == ["员工50", "员工51"]


def test_it_flags_party_org_at_99_100_101_employees(grids):
    east, _ = grids
    for n in (99, 100, 101):
        org(east, f"员工{n}", employees=n)
    covered = org(east, "员工300已建", employees=300, reported_formal_members=3)
    party_org(east, "已建支部", covered)
    assert flagged("ORG-6", east) == ["员工100", "员工101"]


def test_it_flags_grids_above_30_enterprises(grids):
    east, west = grids
    Organization.objects.bulk_create([Organization(name=f"东{i}", region=east) for i in range(31)])
    Organization.objects.bulk_create([Organization(name=f"西{i}", region=west) for i in range(30)])
    Organization.objects.bulk_create([Organization(name=f"西社{i}", region=west, kind="social") for i in range(3)])
    Organization.objects.create(name="西关闭", region=west, status="closed")
    assert flagged("GRID-2", east.parent.parent.parent) == ["测试网格东"]
    assert flagged("GRID-2", west.parent) == []


def test_it_flags_a_closed_organization_with_a_standalone_branch(grids):
    east, _ = grids
    closed = org(east, "关闭公司", status=Organization.Status.CLOSED, reported_formal_members=3)
    party_org(east, "关闭公司党支部", closed)
    joint_closed, joint_open = org(east, "注销公司", status="deregistered"), org(east, "在营公司")
    party_org(east, "联合党支部", joint_closed, joint_open, mode=PartyOrg.Mode.JOINT, type=PartyOrg.Type.JOINT_BRANCH)
    party_org(east, "正常支部", org(east, "正常公司"))
    rows = {str(p): p.finding for p in get_rule("ORG-4").violations(None, east)}
    assert set(rows) == {"关闭公司党支部", "联合党支部"}
    assert "尚未撤销" in rows["关闭公司党支部"] and "移出" in rows["联合党支部"]


def test_it_flags_overdue_and_due_elections(grids):
    east, _ = grids
    party_org(east, "超期支部", last_election_on=years_before(TODAY, 3) - datetime.timedelta(days=1))
    party_org(east, "将到期支部", last_election_on=years_before(TODAY, 3) + datetime.timedelta(days=30))
    party_org(east, "正常支部", last_election_on=years_before(TODAY, 2))
    party_org(east, "党委四年", type=PartyOrg.Type.COMMITTEE, last_election_on=years_before(TODAY, 4) - datetime.timedelta(days=100))
    party_org(east, "按成立日期", founded_on=years_before(TODAY, 6))
    rows = {str(p): p.finding for p in get_rule("ORG-9").violations(None, east)}
    assert set(rows) == {"超期支部", "将到期支部", "按成立日期"}
    assert "超期" in rows["超期支部"] and "到期" in rows["将到期支部"]


def test_it_flags_party_orgs_at_50_and_100_members(grids):
    east, _ = grids
    for n, kind in ((49, "branch"), (50, "branch"), (50, "general_branch"), (100, "general_branch"), (100, "committee")):
        party_org(east, f"{kind}{n}", org(east, f"{kind}{n}公司", reported_formal_members=n), type=kind)
    rows = {str(p): p.finding for p in get_rule("ORG-3").violations(None, east)}
    assert set(rows) == {"branch50", "general_branch100"}
    assert "党总支" in rows["branch50"] and "基层党委" in rows["general_branch100"]


def test_it_flags_organizations_without_any_coverage(world, grids):
    east, _ = grids
    org(east, "无覆盖")
    org(east, "有工会", has_union=True)
    with_instructor, ended = org(east, "有指导员"), org(east, "指导员已离任")
    Assignment.objects.create(instructor=world.instructor, organization=with_instructor, start_date=TODAY)
    Assignment.objects.create(instructor=world.instructor, organization=ended, start_date=datetime.date(2020, 1, 1),
                              end_date=TODAY - datetime.timedelta(days=1))
    assert flagged("ORG-7", east) == ["无覆盖", "指导员已离任"] or flagged("ORG-7", east) == sorted(["无覆盖", "指导员已离任"])


def test_it_suggests_a_deputy_where_the_owner_is_secretary(grids):
    east, _ = grids
    big, small = org(east, "大企业", employees=150), org(east, "小企业", employees=20)
    for o, stem in ((big, "11010119800101001"), (small, "11010119800101002")):
        owner = Member.objects.create(name=f"{o.name}老板", id_number=id_number(stem), organization=o, position="owner")
        party_org(east, f"{o.name}支部", o, secretary=owner)
    assert flagged("ORG-8", east) == ["大企业支部"]


def test_it_flags_flowing_members(grids, world):
    east, _ = grids
    o = org(east, "流动公司")
    common = {"organization": o, "flow_certificate_no": "LD001"}
    Member.objects.create(name="过期", id_number=id_number("11010119900101011"), flow_status="outflow",
                          flow_certificate_valid_until=TODAY - datetime.timedelta(days=1), party_org=world.party_org1, **common)
    Member.objects.create(name="未编入", id_number=id_number("11010119900101012"), flow_status="inflow",
                          flow_certificate_valid_until=TODAY + datetime.timedelta(days=365), **common)
    Member.objects.create(name="正常", id_number=id_number("11010119900101013"), flow_status="inflow", party_org=world.party_org1,
                          flow_certificate_valid_until=TODAY + datetime.timedelta(days=365), **common)
    assert flagged("MEM-3", east) == ["未编入", "过期"]


def test_it_flags_organizations_outside_grids_and_without_development(grids):
    east, _ = grids
    org(east.parent, "社区直属公司")
    assert flagged("GRID-5", east.parent) == ["社区直属公司"]
    # MEM-1 counts the people made 入党积极分子 in the last twelve months (a probationary member is not one).
    covered, developing = org(east, "无积极分子", reported_formal_members=3, reported_probationary_members=1), \
        org(east, "有积极分子", reported_formal_members=3)
    party_org(east, "联合", covered, developing, mode="joint", type="joint_branch")
    person = Member.people.create(name="积极", id_number=id_number("11010119950101021"), organization=developing,
                                  category="activist")
    DevelopmentStep.objects.create(member=person, stage="applicant", date=TODAY - datetime.timedelta(days=200))
    DevelopmentStep.objects.create(member=person, stage="activist", date=TODAY - datetime.timedelta(days=364))
    assert flagged("MEM-1", east) == ["无积极分子"]


def test_it_proposes_joint_branches_largest_first(world, grids):
    from liangxin.rules.proposals import joint_branch_proposals

    east, _ = grids
    for i in range(3):
        org(east, f"一人公司{i}", reported_formal_members=1, industry="C")
    sibling = region(east.parent, "测试网格东2", level=Region.Level.GRID)
    org(sibling, "两人公司", reported_formal_members=2)
    org(region(east.parent, "测试网格东3", level=Region.Level.GRID), "一人邻居", reported_formal_members=1)
    org(east, "零人公司")
    result = joint_branch_proposals(Organization.objects.filter(region__path__startswith=world.street1.path))
    groups = [(g["level"], g["organizations"], g["members"]) for g in result["proposals"]]
    assert groups == [("grid", 3, 3), ("community", 2, 3)]
    assert sorted(o["name"] for o in result["proposals"][1]["organization_list"]) == ["一人邻居", "两人公司"]
    assert result["candidates"] == 5 and result["unplaced"] == 0
