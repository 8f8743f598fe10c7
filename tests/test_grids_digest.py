"""A grid's monthly digest (GRID-5, 002 二(二)): the tracking page for a month, with the month
choices, the grid's coverage now and the GRID rules' cases in it."""

import datetime

from django.utils import timezone

from liangxin.grids.digest import month_periods


def test_the_month_choices_are_this_month_so_far_and_whole_months_before():
    periods = month_periods(datetime.date(2026, 3, 15))
    assert [(p["label"], p["start"], p["end"]) for p in periods] == [
        ("本月", datetime.date(2026, 3, 1), datetime.date(2026, 3, 15)),
        ("2026年2月", datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        ("2026年1月", datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
    ]
    assert month_periods(datetime.date(2026, 1, 31))[1]["start"] == datetime.date(2025, 12, 1)


def test_the_grids_responsible_person_sees_the_month_its_coverage_and_its_cases(world, login):
    client = login(world.grid_user)
    page = client.get(f"/grids/{world.grid1.pk}/tracking/?start=2026-10-01&end=2026-10-31").content.decode()
    months = page.split('id="digest-months"', 1)[1].split("</div>", 1)[0]
    last = month_periods(timezone.localdate())[1]
    assert "本月" in months and f'?start={last["start"]:%Y-%m-%d}&amp;end={last["end"]:%Y-%m-%d}">{last["label"]}' in months
    assert "data-print" in page
    now = page.split('id="digest-now"', 1)[1].split('id="tracking-figures"', 1)[0]
    # grid1: one organization, covered by its party organization.
    assert "100%" in now
    # GRID-3: the test world's grids have no lead party organization.
    assert "GRID-3" in now and "未确定牵头党组织" in now

    world.grid1.lead_party_org, world.grid1.responsible_person = world.party_org1, "王芳"
    world.grid1.responsible_phone = "13912345678"
    world.grid1.save()
    page = client.get(f"/grids/{world.grid1.pk}/tracking/").content.decode()
    assert "GRID-3" not in page.split('id="digest-now"', 1)[1].split('id="tracking-figures"', 1)[0]


def test_another_streets_grid_has_no_digest_for_a_street(world, login):
    assert login(world.street_user).get(f"/grids/{world.grid2.pk}/tracking/").status_code == 404
