"""A region's history stays: a region with coverage snapshots refuses deletion (page and API)
with a Chinese message; closed (merged) grids are not live sub-regions on the coverage pages,
in the coverage rule, or in new snapshots."""


from django.utils import timezone

from liangxin.grids import operations
from liangxin.regions.models import Region
from liangxin.rules import stats
from liangxin.rules.models import CoverageSnapshot

# The site's day (Asia/Shanghai), as the snapshots count months: after 16:00 UTC it is already tomorrow there.
MONTH = timezone.localdate().replace(day=1)


def empty_grid(world, code="440399001001009", name="东一第9网格"):
    return Region.objects.create(code=code, name=name, level=Region.Level.GRID, parent=world.community1)


def test_it_refuses_to_delete_a_region_with_snapshots_through_the_api(world, login):
    grid = empty_grid(world)
    CoverageSnapshot.objects.create(region=grid, month=MONTH)
    client = login(world.street_user)
    response = client.delete(f"/api/regions/{grid.pk}/")
    assert response.status_code == 409
    assert "已有覆盖情况月度统计" in response.json()["detail"] and "合并网格" in response.json()["detail"]
    assert Region.objects.filter(pk=grid.pk).exists() and CoverageSnapshot.objects.filter(region=grid).exists()
    # Without snapshots the same grid is deleted.
    CoverageSnapshot.objects.filter(region=grid).delete()
    assert client.delete(f"/api/regions/{grid.pk}/").status_code == 204


def test_it_refuses_the_same_on_the_page_and_keeps_a_closed_grid(world, login):
    grid = empty_grid(world)
    CoverageSnapshot.objects.create(region=grid, month=MONTH)
    client = login(world.street_user)
    response = client.post(f"/regions/{grid.pk}/delete/", follow=True)
    assert "已有覆盖情况月度统计" in response.content.decode() and Region.objects.filter(pk=grid.pk).exists()
    operations.merge(world.grid1, [world.grid1b], world.street_user)
    response = login(world.admin).delete(f"/api/regions/{world.grid1b.pk}/")
    assert response.status_code == 409 and "撤销的网格保留历史数据" in response.json()["detail"]


def test_it_protects_snapshots_at_the_database_too(world):
    import pytest
    from django.db.models import ProtectedError

    grid = empty_grid(world)
    CoverageSnapshot.objects.create(region=grid, month=MONTH)
    with pytest.raises(ProtectedError):
        grid.delete()


def test_it_leaves_closed_grids_out_of_the_coverage_page_and_new_snapshots(world, login):
    operations.merge(world.grid1, [world.grid1b], world.street_user)
    data = stats.coverage(world.street_user, world.community1)
    assert [child["id"] for child in data["children"]] == [world.grid1.pk]
    page = login(world.street_user).get("/rules/coverage/", {"region": world.community1.pk})
    assert page.status_code == 200 and "东一第2网格" not in page.content.decode()
    stats.take_snapshots()
    assert CoverageSnapshot.objects.filter(region=world.grid1, month=MONTH).exists()
    assert not CoverageSnapshot.objects.filter(region=world.grid1b).exists()
    # The backfill gives a grid closed today the past months it was open, none after.
    stats.backfill_snapshots(months=3)
    months = set(CoverageSnapshot.objects.filter(region=world.grid1b).values_list("month", flat=True))
    assert months and MONTH not in months
