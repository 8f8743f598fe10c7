"""Issue 12, items 4 and 5: a grid's own coverage is judged for its user (COV-1), and ORG-10's
stages are a distribution on the rules page and the home page, never violations or to-dos."""

import re

import pytest
from django.urls import reverse

from liangxin.rules.registry import get_rule, stage_distribution, violation_counts
from liangxin.rules.services import root_region, todo_items
from tests.rules_helpers import org


@pytest.fixture
def uncovered(world):
    """Three uncovered organizations beside grid1's one covered organization: 25% coverage."""
    return [org(world.grid1, f"网格未覆盖{i}公司") for i in range(3)]


def test_a_grid_user_sees_their_grid_below_the_coverage_target(world, login, uncovered):
    counts = violation_counts(world.grid_user, root_region(world.grid_user))
    assert counts["COV-1"] == 1
    [row] = get_rule("COV-1").violations(world.grid_user, world.grid1)
    assert row.pk == world.grid1.pk and row.finding.startswith("组织覆盖率25.0%（目标100%）")
    page = login(world.grid_user).get(reverse("rules:rule_detail", args=["COV-1"])).content.decode()
    assert world.grid1.name in page and "组织覆盖率25.0%" in page
    assert any(item["id"] == "COV-1" for item in todo_items(world.grid_user))


def test_a_street_user_is_still_answered_by_street_and_community(world, uncovered):
    rows = get_rule("COV-1").violations(world.street_user, world.street1)
    assert {r.level for r in rows} == {world.street1.level, world.community1.level}


def test_the_grid_meets_its_target_when_every_organization_is_covered(world):
    assert violation_counts(world.grid_user, world.grid1)["COV-1"] == 0  # grid1 holds one covered organization


def test_stages_are_not_counted_as_violations_nor_to_dos(world, uncovered):
    assert "ORG-10" not in violation_counts(world.admin, world.district)
    assert "ORG-10" not in {item["id"] for item in todo_items(world.admin)}
    distribution = {d["stage"]: d["count"] for d in stage_distribution(get_rule("ORG-10"), world.grid_user, world.grid1)}
    assert distribution == {"establish": 3, "standardize": 1, "improve": 0}


def _list_item(page: str, rule_id: str) -> str:
    items = [chunk for chunk in page.split('<div class="list-group-item">') if f">{rule_id}</span>" in chunk]
    assert len(items) == 1
    return items[0]


def test_the_rules_page_shows_stages_as_a_distribution_without_a_badge(world, login, uncovered):
    page = login(world.grid_user).get(reverse("rules:rule_list")).content.decode()
    item = _list_item(page, "ORG-10")
    assert "badge rounded-pill" not in item and "text-bg-danger" not in item
    assert re.search(r"无组织：抓组建</a> 3\b", item) and re.search(r"有组织：抓规范</a> 1\b", item)
    assert "text-bg-danger" in _list_item(page, "COV-1")  # a real violation keeps its badge


def test_the_home_page_shows_the_distribution_beside_the_to_do_list(world, login, uncovered):
    home = login(world.grid_user).get(reverse("dashboard:home")).content.decode()
    card = home[home.index('id="stage-ORG-10"'):]
    card = card[: card.index("</div>\n</div>")]
    counts = re.findall(r'<span class="text-muted small">([^<]+)</span> <b class="stage-count">(\d+)</b>', card)
    assert counts == [("无组织：抓组建", "3"), ("有组织：抓规范", "1"), ("已规范：抓提高", "0")]
    todo = home[home.index('id="rules-todo"'): home.index('id="stage-ORG-10"')]
    assert "ORG-10" not in todo


def test_the_drill_down_lists_each_organization_with_its_stage(world, login, uncovered):
    client = login(world.grid_user)
    page = client.get(reverse("rules:rule_detail", args=["ORG-10"]), {"stage": "establish"}).content.decode()
    assert "所处阶段" in page and "共 3 条" in page and "网格未覆盖0公司" in page
    assert world.org1.name not in page.split('id="stage-distribution"')[1].split("</form>")[1]
