"""How the rule catalogue is put together: parameters in leaf modules, rules loaded from one
explicit list, and one definition each of "active", "covered" and the half-year."""

import ast
import datetime
import importlib
from pathlib import Path

import pytest

from liangxin.core.periods import half_of, half_year_bounds, half_year_start, previous_half_year
from liangxin.instructors.models import Evaluation
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules import registry
from liangxin.rules.types import PARAMETERS
from tests.rules_helpers import names, org, party_org, region

ROOT = Path(__file__).resolve().parent.parent


def _project_imports(module_name: str) -> set[str]:
    path = ROOT / (module_name.replace(".", "/") + ".py")
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("liangxin"):
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("liangxin")}
    return found


@pytest.mark.parametrize("module", [*registry.PARAMETER_MODULES, "liangxin.rules.types"])
def test_parameter_modules_import_nothing_of_the_project_but_the_types(module):
    imported = _project_imports(module) - {"liangxin.rules.types"}
    assert all(name.startswith("liangxin.rules.types.") for name in imported), imported


def test_the_registry_holds_exactly_what_the_listed_modules_declare():
    declared = {key for name in registry.PARAMETER_MODULES for key in importlib.import_module(name).PARAMETERS}
    rules = [rule.id for name in registry.RULE_MODULES for rule in importlib.import_module(name).RULES]
    assert set(PARAMETERS) == declared
    assert sorted(rules) == sorted(registry.RULES) and len(rules) == len(set(rules))


def test_no_app_registers_rules_from_its_ready():
    for path in (ROOT / "liangxin").glob("*/apps.py"):
        imports = _project_imports(str(path.relative_to(ROOT).with_suffix("")).replace("/", "."))
        assert not imports & {*registry.RULE_MODULES, *registry.PARAMETER_MODULES}, path


def test_loading_twice_is_refused_rather_than_doubling_a_rule():
    with pytest.raises(ValueError):
        registry.load()
    assert len(registry.RULES) == sum(len(importlib.import_module(n).RULES) for n in registry.RULE_MODULES)


@pytest.mark.parametrize(("day", "bounds", "half"), [
    (datetime.date(2026, 1, 1), (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)), 1),
    (datetime.date(2026, 6, 30), (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)), 1),
    (datetime.date(2026, 7, 1), (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)), 2),
    (datetime.date(2026, 12, 31), (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)), 2),
])
def test_half_year_bounds(day, bounds, half):
    assert half_year_bounds(day) == bounds
    assert half_of(day) == half
    assert half_year_start(day.year, half) == bounds[0]


def test_previous_half_year_crosses_the_new_year():
    assert previous_half_year(datetime.date(2026, 3, 9)) == (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    assert previous_half_year(datetime.date(2026, 7, 1)) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def test_an_evaluation_covers_its_half_year():
    assert Evaluation(year=2025, half=2).period == (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def test_active_covered_and_uncovered_organizations(world):
    grid = region(region(world.street1, "覆盖社区"), "覆盖网格")
    running = org(grid, "正常公司")
    suspended = org(grid, "停产公司", status=Organization.Status.SUSPENDED)
    org(grid, "关闭公司", status=Organization.Status.CLOSED)
    org(grid, "注销公司", status=Organization.Status.DEREGISTERED)
    party_org(grid, "联合党支部", running, suspended, type=PartyOrg.Type.JOINT_BRANCH, mode=PartyOrg.Mode.JOINT)
    party_org(grid, "已撤销党支部", org(grid, "撤销后公司"), status=PartyOrg.Status.DISSOLVED)
    here = Organization.objects.filter(region=grid)
    assert names(here.active()) == ["停产公司", "撤销后公司", "正常公司"]
    assert names(here.covered()) == ["停产公司", "正常公司"]  # one row each, however many party orgs
    assert names(here.active().uncovered()) == ["撤销后公司"]
    assert here.overview()["covered"] == 2
