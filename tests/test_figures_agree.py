"""Issue 12, item 3: the home page and the coverage dashboard of the same user on the same day
show the same headline figures, each with one label and one definition, the two member figures
(the register and the organizations' ledger count) both labelled on the page itself."""

import re

import pytest
from django.urls import reverse

from liangxin.dashboard.figures import FIGURES
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from tests.rules_helpers import org, party_org

# The paired unit's home is its workspace (issue 13), like the instructor's: no headline figures.
PERSONAS = ("admin", "street_user", "other_street_user", "grid_user", "secretary", "leader")
FIGURE_IDS = ("fig-organizations", "fig-org-covered", "fig-party-orgs", "fig-members", "fig-register-members")


def figures_on(page: str) -> dict[str, int]:
    return {name: int(value.replace(",", "")) for name, value in re.findall(r'id="(fig-[a-z-]+)">([\d,]+)<', page)}


@pytest.fixture
def district(world):
    """What made the pages disagree: a party organization covering only a closed organization
    (ORG-4), one covering nothing, and organizations counted by the ledger but not in the register."""
    closed = org(world.grid1, "已关闭公司", status=Organization.Status.CLOSED, reported_formal_members=5)
    party_org(world.grid1, "已关闭公司党支部", closed)
    party_org(world.grid2, "未关联组织的党支部")
    org(world.grid1, "报送党员公司", reported_formal_members=7, reported_probationary_members=1)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_and_dashboard_show_the_same_figures(district, login, persona):
    user = getattr(district, persona)
    client = login(user)
    home = client.get(reverse("dashboard:home")).content.decode()
    dashboard = client.get(reverse("rules:coverage"))
    if dashboard.status_code == 403:  # a role without the rules pages (the paired unit) has only the home page
        assert user.has_perm("organizations.view_organization") is False
        return
    on_home, on_dashboard = figures_on(home), figures_on(dashboard.content.decode())
    if persona == "leader":
        # The leader's home is the leaders' overview (issue 17): its key figures are the dashboard's.
        keys = {"organizations": "fig-organizations", "party_orgs": "fig-party-orgs", "members": "fig-members"}
        shown = {keys[key]: int(value.replace(",", "")) for key, value
                 in re.findall(r'id="key-(organizations|party_orgs|members)">.*?class="leaders-value">([\d,]+)<', home, re.S) if key in keys}
        assert shown == {key: on_dashboard[key] for key in keys.values()}
        return
    assert on_home == on_dashboard
    assert set(on_home) >= set(FIGURE_IDS) - {"fig-register-members"}
    assert ("fig-register-members" in on_home) == user.has_perm("members.view_member")
    for page in (home, dashboard.content.decode()):
        assert FIGURES["members"].label in page and FIGURES["members"].definition in page
        if user.has_perm("members.view_member"):
            assert FIGURES["register_members"].label in page
        assert "<details" not in page.split('id="headline-figures"')[1].split("</p>")[0]


def test_the_figures_follow_their_definitions(district, login):
    client = login(district.admin)
    figures = figures_on(client.get(reverse("dashboard:home")).content.decode())
    assert figures["fig-organizations"] == Organization.objects.active().count()
    assert figures["fig-party-orgs"] == PartyOrg.objects.active().count()  # the covering-nothing ones included
    assert figures["fig-register-members"] == Member.objects.count()
    ledger = sum(o.formal_members + o.probationary_members for o in Organization.objects.active())
    assert figures["fig-members"] == ledger and ledger != figures["fig-register-members"]
    dashboard = client.get(reverse("rules:coverage")).content.decode()
    assert "未覆盖在营组织的党组织" in dashboard  # the COV-2 split accounts for every party organization
