"""Home pages and lists by role (issue 12, item 15): the leader's overview, the instructor's
first screen, the visit form from an organization, import in the menu, member filters by name,
one region filter."""

import datetime

import pytest
from django.urls import reverse

from liangxin.instructors.models import Assignment

pytestmark = pytest.mark.django_db


def test_it_gives_the_read_only_leader_an_overview_not_a_to_do_list(world, login):
    page = login(world.leader).get("/").content.decode()
    assert "覆盖情况" in page and "需关注的问题" in page and world.street1.name in page
    assert "待办事项" not in page
    street = login(world.street_user).get("/").content.decode()
    assert "待办事项" in street and 'id="overview-coverage"' not in street


def test_it_puts_plans_leave_and_major_events_on_the_instructors_first_screen(world, login):
    page = login(world.instructor_user).get("/").content.decode()
    actions = page.index('id="workspace-actions"')
    assert page.index('id="record-visit"') < actions < page.index("我联系的组织")
    for url in ("instructors:workplan_list", "instructors:majoreventreport_add", "instructors:leave_add"):
        assert page.index(f'href="{reverse(url)}"', actions) < page.index("我联系的组织")


def test_it_preselects_the_organization_the_instructor_came_from(world, login):
    # A second organization, so that the form has a choice to make.
    Assignment.objects.create(instructor=world.instructor, organization=world.org1, start_date=datetime.date(2025, 1, 1))
    client = login(world.instructor_user)
    link = f'{reverse("instructors:visit_add")}?organization={world.org1.pk}'
    detail = client.get(reverse("organizations:organization_detail", args=[world.org1.pk])).content.decode()
    assert f'href="{link}"' in detail
    assert f'<option value="{world.org1.pk}" selected>' in client.get(link).content.decode()
    # Others who may open the organization's page are not offered an instructor's visit.
    street = login(world.street_user).get(reverse("organizations:organization_detail", args=[world.org1.pk]))
    assert 'id="record-visit-here"' not in street.content.decode()


def test_it_puts_the_import_in_the_menu_of_roles_that_import(world, login):
    assert 'href="/ledger/import/"' in login(world.street_user).get("/").content.decode()
    assert 'href="/ledger/import/"' not in login(world.leader).get("/").content.decode()
    assert login(world.leader).get("/ledger/import/").status_code == 403


def test_it_filters_members_by_names_not_internal_ids(world, login):
    client = login(world.admin)
    page = client.get("/members/").content.decode()
    assert "编号" not in page
    by_name = client.get("/members/", {"organization_name": "东方电子"}).content.decode()
    assert world.member1.name in by_name and world.member2.name not in by_name
    by_party_org = client.get("/members/", {"party_org_name": "西城"}).content.decode()
    assert world.member2.name in by_party_org and world.member1.name not in by_party_org
    by_id = client.get("/members/", {"organization": world.org2.pk}).content.decode()  # a link from the organization
    assert world.member2.name in by_id and world.member1.name not in by_id


def test_it_offers_one_filter_for_the_region_above(world, login):
    page = login(world.admin).get("/regions/").content.decode()
    assert page.count("所属上级") == 1 and "上级区域" not in page.split('id="object-table"')[0]
