"""ORG-3 (党员人数达到标准，应设党总支或基层党委) on the hierarchies it is about: a company's 党委
with its departmental branches, a 党总支 that has grown, and districts that keep counts only.

The members a party organization holds are its roster and its subordinates' (Member.party_org);
a hierarchy with no roster yet is judged at its top by the figures of the organizations it
covers. Only the top of a hierarchy is judged against the committee threshold (issue 12, item 1).
"""

import datetime
import itertools

import pytest

from liangxin.members.models import Member
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule
from tests.conftest import id_number
from tests.rules_helpers import org, party_org, region

T = PartyOrg.Type
_serial = itertools.count()


@pytest.fixture
def grid(world) -> Region:
    return region(region(world.street1, "ORG3社区"), "ORG3网格")


def roster(n: int, organization, branch) -> None:
    """n members in the register, working in `organization`, their party relation in `branch`."""
    members = []
    for _ in range(n):
        serial = next(_serial)
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=serial // 900)
        stem = f"440307{birth:%Y%m%d}{100 + serial % 900:03d}"
        members.append(Member(name=f"党员{serial}", id_number=id_number(stem), organization=organization, party_org=branch))
    Member.objects.bulk_create(members)


def findings(region_obj) -> dict[str, str]:
    return {str(p): p.finding for p in get_rule("ORG-3").violations(None, region_obj)}


def company_with_committee(grid, departments: dict[str, int]):
    """A company whose 党委 covers it, with one departmental branch per entry (its roster size),
    each branch also covering the company, as the demo and real ledgers record them."""
    company = org(grid, "长中电子有限公司", employees=900)
    committee = party_org(grid, "长中电子有限公司党委", company, type=T.COMMITTEE)
    for name, size in departments.items():
        branch = party_org(grid, f"长中电子有限公司{name}党支部", company, type=T.BRANCH, parent=committee)
        roster(size, company, branch)
    return company, committee


def test_it_does_not_flag_the_departmental_branches_of_a_company_with_a_committee(grid):
    company, committee = company_with_committee(grid, {"物流部": 16, "生产部": 20, "质量部": 12, "销售部": 23, "研发部": 49})
    company.refresh_from_db()
    assert company.formal_members == 120  # the company's figure of record is its roster: 120
    assert findings(grid) == {}
    totals = dict(PartyOrg.objects.filter(region=grid).with_member_total().values_list("name", "member_total"))
    assert totals["长中电子有限公司党委"] == 120 and totals["长中电子有限公司物流部党支部"] == 16


def test_a_departmental_branch_of_50_should_become_a_general_branch_but_never_a_committee(grid):
    company_with_committee(grid, {"制造部": 100, "销售部": 10})
    assert findings(grid) == {"长中电子有限公司制造部党支部": "党员名册100名，应设党总支"}


def test_it_counts_the_roster_of_the_whole_hierarchy_at_its_top(grid):
    company = org(grid, "正航模具有限公司")
    general = party_org(grid, "正航模具有限公司党总支", company, type=T.GENERAL_BRANCH)
    centre = party_org(grid, "正航模具有限公司制造中心党总支", company, type=T.GENERAL_BRANCH, parent=general)
    for name, parent, size in (("工程部", general, 30), ("一车间", centre, 35), ("二车间", centre, 35)):
        roster(size, company, party_org(grid, f"正航模具有限公司{name}党支部", company, type=T.BRANCH, parent=parent))
    assert findings(grid) == {"正航模具有限公司党总支": "党员名册100名，可设基层党委"}
    roster(1, company, centre)  # a member kept by a middle level counts there and at the top
    totals = dict(PartyOrg.objects.filter(region=grid).with_member_total().values_list("name", "member_total"))
    assert totals["正航模具有限公司党总支"] == 101 and totals["正航模具有限公司制造中心党总支"] == 71


def test_without_a_roster_the_top_is_judged_by_its_organizations_figures_and_the_branches_are_not(grid):
    company = org(grid, "科辉商贸有限公司", reported_formal_members=110, reported_probationary_members=10)
    joint_a = org(grid, "联建甲公司", reported_formal_members=30)
    joint_b = org(grid, "联建乙公司", reported_formal_members=25)
    general = party_org(grid, "科辉商贸有限公司党总支", company, type=T.GENERAL_BRANCH)
    party_org(grid, "科辉商贸有限公司物流部党支部", company, type=T.BRANCH, parent=general)
    party_org(grid, "联建联合党支部", joint_a, joint_b, type=T.JOINT_BRANCH, mode=PartyOrg.Mode.JOINT)
    assert findings(grid) == {
        "科辉商贸有限公司党总支": "覆盖组织报送党员120名，可设基层党委",
        "联建联合党支部": "覆盖组织报送党员55名，应设党总支",
    }


def test_a_branch_whose_parent_was_dissolved_is_the_top_of_its_own_hierarchy(grid):
    company = org(grid, "晟益物流有限公司")
    old = party_org(grid, "晟益物流有限公司党委", type=T.COMMITTEE)
    branch = party_org(grid, "晟益物流有限公司物流部党支部", company, type=T.BRANCH, parent=old)
    roster(100, company, branch)
    assert findings(grid) == {"晟益物流有限公司物流部党支部": "党员名册100名，应设党总支"}
    PartyOrg.objects.filter(pk=old.pk).update(status=PartyOrg.Status.DISSOLVED)
    assert findings(grid) == {"晟益物流有限公司物流部党支部": "党员名册100名，可设基层党委"}


def test_the_thresholds_are_the_parameters_in_force_for_the_region(world, grid):
    company = org(grid, "越立新能源有限公司")
    roster(40, company, party_org(grid, "越立新能源有限公司党支部", company, type=T.BRANCH))
    assert findings(grid) == {}
    ParameterOverride.objects.create(key="general_branch_min_members", region=world.street1, value=40,
                                     effective_from=datetime.date(2020, 1, 1), reason="本街道文件")
    assert findings(grid) == {"越立新能源有限公司党支部": "党员名册40名，应设党总支"}


def test_the_party_org_page_shows_the_members_held_as_org3_counts_them(world, grid, login):
    _, committee = company_with_committee(grid, {"物流部": 16, "生产部": 20})
    html = login(world.admin).get(f"/partyorgs/{committee.pk}/").content.decode()
    assert "党员人数（含下级党组织）：<b>36</b>" in html and "按党员名册" in html
    assert "本党组织名册党员（0）" in html
    rules = login(world.admin).get("/rules/ORG-3/").content.decode()
    assert "长中电子有限公司物流部党支部" not in rules
