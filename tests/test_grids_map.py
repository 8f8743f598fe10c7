"""The grid map (issue 16): a street's communities and grids, sized by organizations, coloured by
coverage (the dashboard's definitions) and by the GRID rules' cases, inside the jurisdiction."""

import json

import pytest

from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules.stats import region_figures
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD

MAP = "/grids/map/"


def map_data(response) -> dict:
    html = response.content.decode()
    return json.loads(html.split('<script id="grid-map-data" type="application/json">', 1)[1].split("</script>", 1)[0])


def node(data, name):
    stack = list(data["children"])
    while stack:
        item = stack.pop()
        if item["name"] == name:
            return item
        stack += item["children"]
    raise KeyError(name)


def test_a_street_sees_its_communities_and_grids_with_the_dashboards_figures(world, login):
    grid = world.grid1
    grid.lead_party_org, grid.responsible_person, grid.responsible_phone = world.party_org1, "王芳", "13912345678"
    grid.save()
    response = login(world.street_user).get(MAP)
    assert response.status_code == 200
    data = map_data(response)
    assert data["region"]["name"] == "东街道"
    assert [c["name"] for c in data["children"]] == ["东一社区"]
    assert [g["name"] for g in data["children"][0]["children"]] == ["东一第1网格", "东一第2网格"]
    community, grid1, grid1b = node(data, "东一社区"), node(data, "东一第1网格"), node(data, "东一第2网格")
    assert (community["organizations"], community["org_covered"], community["org_coverage_rate"]) == (2, 1, 0.5)
    assert (grid1["org_coverage_rate"], grid1b["org_coverage_rate"]) == (1.0, 0.0)
    # The dashboard's own figures for the community.
    figures = region_figures([{"pk": world.community1.pk, "path": world.community1.path}],
                             Organization.objects.all(), PartyOrg.objects.all())[world.community1.pk]
    assert community["organizations"] == figures["organizations"]
    # GRID-3: grid1 now has its lead organization and responsible person, grid1b has neither; a
    # grid's case counts for its community too.
    assert "GRID-3" not in grid1["cases"] and grid1b["cases"]["GRID-3"] == 1
    assert community["cases"]["GRID-3"] == 1
    assert grid1["link"] == f"/organizations/?region={world.grid1.pk}"
    assert "西一社区" not in response.content.decode()


def test_another_street_answers_404_and_organization_roles_get_no_map(world, login):
    assert login(world.other_street_user).get(f"{MAP}?region={world.street1.pk}").status_code == 404
    assert login(world.street_user).get(f"{MAP}?region={world.grid1.pk}").status_code == 200
    secretary = login(world.secretary)
    assert secretary.get(MAP).status_code == 403
    assert MAP not in secretary.get("/").content.decode()
    assert MAP in login(world.street_user).get("/").content.decode()


def test_the_district_sees_its_streets_and_their_communities(world, login):
    data = map_data(login(world.admin).get(MAP))
    assert [c["name"] for c in data["children"]] == ["东街道", "西街道"]
    assert [c["name"] for c in node(data, "西街道")["children"]] == ["西一社区"]
    assert node(data, "西一社区")["children"] == []  # two levels below the region asked for
    assert data["target"] == 100


@pytest.mark.browser
@requires_browser
def test_the_map_draws_and_switches_colouring_on_a_phone(live_server, transactional_world):
    with browser_page() as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}{MAP}")
        page.wait_for_selector("#grid-map canvas")
        page.click("label[for=colour-cases]")
        page.wait_for_timeout(300)
        screenshot(page, "grid-map-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not errors
        assert "东一第2网格" in page.inner_text("#map-table")
