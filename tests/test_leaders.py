"""The leaders' overview (issue 17 item 5): the leader's home, the figures and their trends,
no personal data, the wall-screen layout, and who else may open it."""


import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liangxin.core.periods import month_start
from liangxin.pairing.models import Pairing, PointsRecord
from liangxin.reports.leaders import leaders_overview
from liangxin.rules.models import CoverageSnapshot

pytestmark = pytest.mark.django_db
URL = reverse("reports:leaders")


def _snapshot(region, month, **values):
    return CoverageSnapshot.objects.create(region=region, month=month, **values)


def test_it_is_the_leaders_home_with_the_figures_and_no_one_named(world, login):
    page = login(world.leader).get("/").content.decode()
    assert 'id="leaders-overview"' in page and "待办事项" not in page
    # Three organizations in operation, two party organizations, two members (the rosters).
    for key, value in (("organizations", "3"), ("party_orgs", "2"), ("members", "2")):
        section = page[page.index(f'id="key-{key}"'):]
        assert f'leaders-value">{value}<small>' in section[:400], key
    assert world.street1.name in page and world.street2.name in page  # the sub-regions
    # 东街道: one of its two organizations covered by a party organization, both reached by work.
    row = page[page.index(f'?region={world.street1.pk}">{world.street1.name}'):]
    assert '<td class="text-end">50%</td>' in row[:300] and '<td class="text-end">100%</td>' in row[:300]
    assert 'id="top-rules"' in page and 'id="pairing"' in page and 'id="instructors"' in page
    assert world.unit.name not in page  # no confirmed points yet: no unit listed
    # No person anywhere: members, the instructor, the users.
    for name in (world.member1.name, world.member2.name, world.instructor.name, world.member1.phone):
        assert name not in page
    assert 'id="open-screen"' in page and 'id="fullscreen-toggle"' in page


def test_it_shows_each_figures_change_since_last_months_snapshot(world):
    today = timezone.localdate()
    # Last month: 2 organizations of which 1 covered, 1 party organization, 3 members.
    _snapshot(world.district, month_start(today, 1), organizations=2, organizations_economic=2, org_covered=1,
              party_orgs_economic=1, members_economic=3)
    _snapshot(world.district, month_start(today, 2), organizations=1, organizations_economic=1, org_covered=1,
              party_orgs_economic=1, members_economic=3)
    figures = {k["key"]: k for k in leaders_overview(world.leader, world.district)["key_figures"]}
    assert figures["organizations"]["value"] == 3 and figures["organizations"]["change"] == 1
    assert figures["party_orgs"]["change"] == 1 and figures["members"]["change"] == -1
    # Coverage 2/3 now against 1/2 then: +16.7 points.
    assert figures["org_coverage_rate"]["value"] == 66.7 and figures["org_coverage_rate"]["change"] == 16.7
    assert [p["value"] for p in figures["organizations"]["trend"]] == [1, 2]


def test_it_ranks_units_by_confirmed_points_and_counts_instructors_without_names(world):
    today = timezone.localdate()
    pairing = Pairing.objects.get(unit=world.unit)
    PointsRecord.objects.create(pairing=pairing, kind="visit", date=today.replace(day=1), content="到访", participants="3人",
                                results="成效", status=PointsRecord.Status.CONFIRMED, points=2)
    PointsRecord.objects.create(pairing=pairing, kind="visit", date=today.replace(day=1), content="待确认", participants="3人",
                                results="成效", points=5)  # pending: counts for nobody
    data = leaders_overview(world.leader, world.district)
    assert data["pairing"]["units"] == 1 and data["pairing"]["points"] == 2
    assert data["pairing"]["top"] == [{"name": world.unit.name, "points": 2}]
    assert data["instructors"]["instructors"] == 1 and data["instructors"]["organizations"] == 1
    assert set(data["instructors"]) == {"instructors", "organizations", "weeks_required", "weeks_met", "rate", "unvisited"}
    # A street sees its own instructor; the other street none.
    assert leaders_overview(world.other_street_user, world.street2)["instructors"]["instructors"] == 0


def test_it_lays_out_a_wall_screen_that_reloads_itself(world, login):
    page = login(world.leader).get(URL, {"screen": "1"}).content.decode()
    assert 'class="leaders leaders-screen"' in page and 'http-equiv="refresh" content="300"' in page
    assert 'id="mainnav"' not in page and 'id="leave-screen"' in page
    assert 'id="children-table"' not in page  # the chart carries it; the screen has no room for a table
    normal = login(world.leader).get(URL).content.decode()
    assert "http-equiv=\"refresh\"" not in normal and 'id="mainnav"' in normal


def test_other_roles_open_it_for_their_own_regions_only(world, login):
    street = login(world.street_user)
    page = street.get(URL).content.decode()
    assert world.street1.name in page and world.community1.name in page and world.street2.name not in page
    assert street.get(URL, {"region": world.street2.pk}).status_code == 404
    assert Client().get(URL).status_code == 302  # to the login page
    # The street's home stays its to-do list; the menu offers the overview.
    home = street.get("/").content.decode()
    assert "待办事项" in home and f'href="{URL}"' in home
