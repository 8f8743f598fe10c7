"""A link, button or breadcrumb is shown only when its target opens for the user who sees it
(issue 12, item 7). tests/test_routes.py checks every link of every page it renders; these are
the cases users reported, named."""

import pytest
from django.urls import reverse

from liangxin.core.links import opens_for
from tests.links import same_site_links

pytestmark = pytest.mark.django_db


def links_on(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return same_site_links(response.content.decode(), url)


def test_it_names_rules_a_leader_may_not_open_without_linking_them(world, login):
    leader, admin = login(world.leader), login(world.admin)
    text = leader.get("/rules/").content.decode()
    assert "INS-1" in text and "INS-9" in text  # still listed, by name
    assert "/rules/INS-1/" not in links_on(leader, "/rules/")
    assert "/rules/INS-9/" not in links_on(leader, "/rules/")
    assert leader.get("/rules/INS-1/").status_code == 403
    assert {"/rules/INS-1/", "/rules/INS-9/"} <= set(links_on(admin, "/rules/"))


@pytest.mark.parametrize("persona", ["paired_user", "secretary", "instructor_user"])
def test_it_shows_parameter_settings_only_to_roles_that_may_open_them(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get("/rules/parameters/").status_code == 403
    assert "/rules/parameters/" not in links_on(client, "/rules/")
    assert "参数设定" not in client.get("/rules/").content.decode()
    assert "/rules/parameters/" in links_on(login(world.street_user), "/rules/")


def test_it_names_a_secretary_without_linking_a_member_page_the_viewer_cannot_open(world, login):
    # A paired unit reads the name (accounts.roles.PERSONAL_DATA) but may not open members' pages.
    world.party_org2.secretary = world.member2
    world.party_org2.save()
    page = reverse("partyorgs:partyorg_detail", args=[world.party_org2.pk])
    member = reverse("members:member_detail", args=[world.member2.pk])
    pairing = login(world.paired_user)
    assert pairing.get(member).status_code in (403, 404)
    assert world.member2.name in pairing.get(page).content.decode()
    assert member not in links_on(pairing, page)
    # The leader sees no person at all: neither the name nor a link.
    leader = login(world.leader)
    assert world.member2.name not in leader.get(page).content.decode()
    assert member not in links_on(leader, page)
    assert member in links_on(login(world.admin), page)


def test_it_keeps_breadcrumbs_as_text_above_what_the_user_may_open(world, login):
    pairing = login(world.paired_user)
    page = reverse("organizations:organization_detail", args=[world.org2.pk])
    assert world.street2.name in pairing.get(page).content.decode()
    above = [reverse("regions:region_detail", args=[r.pk]) for r in (world.district, world.street2, world.community2)]
    assert not set(above) & set(links_on(pairing, page))
    assert all(pairing.get(url).status_code == 404 for url in above)

    grid = login(world.grid_user)
    page = reverse("regions:region_detail", args=[world.grid1.pk])
    crumbs = [reverse("regions:region_detail", args=[r.pk]) for r in (world.district, world.street1, world.community1)]
    assert not set(crumbs) & set(links_on(grid, page))
    assert set(crumbs) <= set(links_on(login(world.admin), page))


def test_it_offers_the_random_draw_only_to_who_may_draw(world, login):
    assert "随机抽查" in login(world.street_user).get("/instructors/").content.decode()
    grid = login(world.grid_user)
    assert grid.get("/instructors/").status_code == 200
    draw = reverse("instructors:spotcheck_draw")
    assert grid.get(draw).status_code == 403
    assert draw not in links_on(grid, "/instructors/")


def test_what_opens_for_says_is_what_the_page_answers(world, login):
    cases = [(world.leader, "/rules/INS-1/"), (world.leader, "/rules/ORG-1/"), (world.paired_user, "/rules/parameters/"),
             (world.grid_user, reverse("regions:region_detail", args=[world.street1.pk])),
             (world.grid_user, reverse("regions:region_detail", args=[world.grid1.pk])),
             (world.street_user, reverse("organizations:organization_detail", args=[world.org2.pk])),
             (world.street_user, "/accounts/users/locked/"), (world.admin, "/accounts/users/locked/"),
             (world.admin, "/no-such-page/")]
    for user, url in cases:
        status = login(user).get(url).status_code
        assert opens_for(user, url) == (status not in (403, 404)), (user, url, status)
