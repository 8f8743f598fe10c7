"""Grid management by persona (GRID-1, 002 二(一)): street committees add, rename, split and merge
the grids of their street and move organizations between them with a preview; every change is
logged; a merged grid is closed, not deleted, and keeps its history."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from liangxin.audit.models import ChangeLog
from liangxin.grids import split as splitting
from liangxin.grids.models import GridChange
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.models import CoverageSnapshot, ParameterOverride
from liangxin.rules.parameters import GRID_MAX


def crowd(grid, count, start=0, industry="C", road="华南路"):
    """`count` active enterprises in `grid`, numbered along one road."""
    return [
        Organization.objects.create(name=f"测试企业{start + i:03d}", region=grid, industry=industry,
                                    address=f"东区{road}{start + i + 1}号")
        for i in range(count)
    ]


def limit_of(world, value):
    ParameterOverride.objects.create(key=GRID_MAX, region=world.district, value=value, reason="测试",
                                     effective_from=datetime.date(2020, 1, 1))


def split_url(grid):
    return f"/grids/{grid.pk}/split/"


class TestPermissions:
    def test_it_lets_a_street_add_and_rename_a_grid_in_its_street(self, world, login):
        client = login(world.street_user)
        response = client.post("/regions/add/", {"code": "440399001001009", "name": "东一第9网格", "level": Region.Level.GRID,
                                                 "parent": world.community1.pk})
        assert response.status_code == 302, response.content.decode()[:2000]
        grid = Region.objects.get(code="440399001001009")
        assert client.get(f"/regions/{world.grid1.pk}/edit/").status_code == 200
        response = client.post(f"/regions/{grid.pk}/edit/", {"code": grid.code, "name": "东一新城网格", "level": grid.level,
                                                             "parent": world.community1.pk})
        assert response.status_code == 302
        assert Region.objects.get(pk=grid.pk).name == "东一新城网格"
        rows = ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Region), object_id=str(grid.pk))
        assert sorted(rows.values_list("action", flat=True)) == [ChangeLog.Action.CREATE, ChangeLog.Action.UPDATE]

    def test_it_keeps_a_street_off_its_own_street_and_out_of_another(self, world, login):
        client = login(world.street_user)
        assert client.get(f"/regions/{world.street1.pk}/edit/").status_code == 404
        assert client.get(f"/regions/{world.grid2.pk}/edit/").status_code == 404
        page = client.get(f"/regions/{world.street1.pk}/").content.decode()
        assert f"/regions/{world.street1.pk}/edit/" not in page
        # A new region outside the street is refused (not a choice).
        response = client.post("/regions/add/", {"code": "440399002001009", "name": "西一第9网格", "level": Region.Level.GRID,
                                                 "parent": world.community2.pk})
        assert response.status_code == 200 and not Region.objects.filter(code="440399002001009").exists()

    def test_it_refuses_street2_every_operation_on_street1s_grid(self, world, login):
        client = login(world.other_street_user)
        for action in ("split", "merge", "move"):
            assert client.get(f"/grids/{world.grid1.pk}/{action}/").status_code == 404
            assert client.post(f"/grids/{world.grid1.pk}/{action}/", {"method": "address", "confirm": "1"}).status_code == 404

    def test_it_lets_grids_instructors_and_leaders_only_read(self, world, login):
        for user in (world.grid_user, world.instructor_user, world.leader, world.secretary):
            assert login(user).get(split_url(world.grid1)).status_code == 403

    def test_it_shows_the_adjustments_only_where_they_lead(self, world, login):
        page = login(world.street_user).get(f"/regions/{world.grid1.pk}/").content.decode()
        assert split_url(world.grid1) in page and f"/grids/{world.grid1.pk}/move/" in page
        page = login(world.grid_user).get(f"/regions/{world.grid1.pk}/").content.decode()
        assert split_url(world.grid1) not in page and "/edit/" not in page


class TestSplit:
    def test_it_previews_then_splits_an_oversized_grid_by_address(self, world, login):
        limit_of(world, 4)
        orgs = crowd(world.grid1, 9)
        client = login(world.street_user)
        before = set(Region.objects.values_list("pk", flat=True))
        preview = client.post(split_url(world.grid1), {"method": "address", "preview": "1"})
        assert preview.status_code == 200
        assert set(Region.objects.values_list("pk", flat=True)) == before  # a preview changes nothing
        rows = preview.context["rows"]
        # 10 active enterprises (world.org1 and nine more), at most 4 a grid: three grids.
        assert [row["enterprises"] for row in rows] == [4, 3, 3]
        assert [row["name"] for row in rows] == ["东一第1网格", "东一第3网格", "东一第4网格"]
        response = client.post(split_url(world.grid1), {"method": "address", "confirm": "1", "plan": preview.context["plan"]})
        assert response.status_code == 302
        new = list(Region.objects.exclude(pk__in=before).order_by("code"))
        assert [(g.name, g.code, g.parent_id) for g in new] == [
            ("东一第3网格", "440399001001003", world.community1.pk), ("东一第4网格", "440399001001004", world.community1.pk)]
        counts = [Organization.objects.filter(region=g).count() for g in (world.grid1, *new)]
        assert counts == [4, 3, 3]
        # Along the road: the first numbers stay, the last go to the last grid.
        assert Organization.objects.get(pk=orgs[-1].pk).region == new[-1]
        change = GridChange.objects.get(region=world.grid1)
        assert change.kind == GridChange.Kind.SPLIT and set(change.other_regions.all()) == set(new)
        assert change.organizations.count() == 6
        org_type = ContentType.objects.get_for_model(Organization)
        moved = ChangeLog.objects.filter(content_type=org_type, action=ChangeLog.Action.UPDATE)
        assert moved.count() == 6

    def test_it_moves_a_party_org_with_its_organization(self, world, login):
        limit_of(world, 1)
        world.org1.address = "东区华南路99号"
        world.org1.save()
        crowd(world.grid1, 1)
        client = login(world.street_user)
        preview = client.post(split_url(world.grid1), {"method": "address"})
        client.post(split_url(world.grid1), {"method": "address", "confirm": "1", "plan": preview.context["plan"]})
        world.org1.refresh_from_db()
        world.party_org1.refresh_from_db()
        assert world.org1.region != world.grid1 and world.party_org1.region == world.org1.region

    def test_it_splits_by_industry(self, world, login):
        limit_of(world, 5)
        crowd(world.grid1, 4, industry="C")
        crowd(world.grid1, 3, start=10, industry="F")
        crowd(world.grid1, 2, start=20, industry="I")
        client = login(world.street_user)
        rows = client.post(split_url(world.grid1), {"method": "industry"}).context["rows"]
        assert all(row["enterprises"] <= 5 for row in rows)
        for row in rows:  # an industry is never cut when it fits whole
            industries = {o.industry for o in row["organizations"]}
            for industry in industries - {""}:
                assert all(o.industry != industry for other in rows if other is not row for o in other["organizations"])

    def test_it_asks_again_when_the_grid_changed_after_the_preview(self, world, login):
        limit_of(world, 2)
        crowd(world.grid1, 3)
        client = login(world.street_user)
        plan = client.post(split_url(world.grid1), {"method": "address"}).context["plan"]
        crowd(world.grid1, 1, start=50)
        response = client.post(split_url(world.grid1), {"method": "address", "confirm": "1", "plan": plan})
        assert response.status_code == 200
        assert "预览之后网格内的组织有变化" in response.content.decode()
        assert not GridChange.objects.exists()

    def test_it_says_which_field_is_wrong(self, world, login):
        response = login(world.street_user).post(split_url(world.grid1), {"method": "address", "parts": "1"})
        assert "拆分为几个网格：至少2个。" in response.content.decode()

    def test_it_refuses_a_street_or_a_divided_community(self, world, login):
        response = login(world.street_user).get(split_url(world.community1))
        assert "已划分网格" in response.content.decode()
        assert login(world.street_user).get(split_url(world.street1)).status_code == 404


class TestMergeAndMove:
    def test_it_merges_a_grid_and_keeps_its_history(self, world, login):
        month = datetime.date(2026, 1, 1)
        CoverageSnapshot.objects.create(region=world.grid1b, month=month, organizations=1)
        client = login(world.street_user)
        url = f"/grids/{world.grid1.pk}/merge/"
        preview = client.post(url, {"sources": [world.grid1b.pk]})
        assert preview.context["preview"]["enterprises"] == 2
        response = client.post(url, {"sources": [world.grid1b.pk], "confirm": "1", "plan": preview.context["plan"]})
        assert response.status_code == 302
        world.grid1b.refresh_from_db()
        world.org1b.refresh_from_db()
        assert world.grid1b.closed_on and world.grid1b.merged_into == world.grid1
        assert world.org1b.region == world.grid1
        assert CoverageSnapshot.objects.filter(region=world.grid1b, month=month).exists()
        # A closed grid is offered nowhere and cannot be deleted.
        form = client.get("/organizations/add/").content.decode()
        assert f'value="{world.grid1b.pk}"' not in form
        client.post(f"/regions/{world.grid1b.pk}/delete/")
        assert Region.objects.filter(pk=world.grid1b.pk).exists()
        assert "已撤销" in client.get(f"/regions/{world.grid1b.pk}/").content.decode()

    def test_it_merges_only_siblings_in_the_street(self, world, login):
        response = login(world.street_user).post(f"/grids/{world.grid1.pk}/merge/", {"sources": [world.grid2.pk]})
        assert "所选网格不在可合并的范围内" in response.content.decode()
        assert not Region.objects.filter(closed_on__isnull=False).exists()

    def test_it_moves_organizations_with_a_preview(self, world, login):
        limit_of(world, 2)
        extra = crowd(world.grid1, 2)
        client = login(world.street_user)
        url = f"/grids/{world.grid1.pk}/move/"
        data = {"organizations": [o.pk for o in extra], "target": world.grid1b.pk}
        preview = client.post(url, data)
        p = preview.context["preview"]
        assert (p["before"], p["after"], p["target_limit"]) == (1, 3, 2)
        assert "超过上限" in preview.content.decode()
        assert Organization.objects.filter(region=world.grid1b).count() == 1
        response = client.post(url, {**data, "confirm": "1", "plan": preview.context["plan"]})
        assert response.status_code == 302
        assert Organization.objects.filter(region=world.grid1b).count() == 3
        assert GridChange.objects.get(kind=GridChange.Kind.MOVE).organizations.count() == 2

    def test_it_refuses_a_target_in_another_street(self, world, login):
        response = login(world.street_user).post(f"/grids/{world.grid1.pk}/move/",
                                                 {"organizations": [world.org1.pk], "target": world.grid2.pk, "confirm": "1"})
        assert response.status_code == 200 and "调整到：请选择您管辖范围内在用的网格。" in response.content.decode()
        world.org1.refresh_from_db()
        assert world.org1.region == world.grid1


class TestProposal:
    """The suggestion alone, on plain objects."""

    def orgs(self, addresses, industry="C"):
        return [Organization(pk=i + 1, name=f"企业{i}", address=a, industry=industry, kind="enterprise") for i, a in enumerate(addresses)]

    def test_it_keeps_house_numbers_in_order(self):
        orgs = self.orgs([f"华南路{n}号" for n in (12, 3, 1, 25, 7, 30)])
        parts = splitting.propose(orgs, 3, splitting.ADDRESS)
        assert [[o.address for o in p.organizations] for p in parts] == [
            ["华南路1号", "华南路3号", "华南路7号"], ["华南路12号", "华南路25号", "华南路30号"]]

    @pytest.mark.parametrize("count,limit,expected", [(31, 30, 2), (60, 30, 2), (61, 30, 3), (5, 30, 2)])
    def test_it_makes_enough_parts(self, count, limit, expected):
        orgs = self.orgs([f"路{n}号" for n in range(count)])
        parts = splitting.propose(orgs, limit, splitting.ADDRESS)
        assert len(parts) == expected and all(p.enterprises <= limit for p in parts)
