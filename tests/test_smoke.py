import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["dashboard:home", "regions:region_list", "organizations:organization_list",
                                  "partyorgs:partyorg_list", "members:member_list", "audit:changelog_list",
                                  "accounts:user_list", "accounts:profile"])
def test_it_renders_pages_for_the_admin(world, login, name):
    response = login(world.admin).get(reverse(name))
    assert response.status_code == 200, response.content[:500]


def test_it_renders_detail_pages(world, login):
    client = login(world.admin)
    for obj in (world.org1, world.party_org1, world.member1, world.grid1, world.street_user):
        url = reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_detail", args=[obj.pk])
        assert client.get(url).status_code == 200, url
        assert client.get(url.replace("/" + str(obj.pk) + "/", f"/{obj.pk}/edit/")).status_code == 200
