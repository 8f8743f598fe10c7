"""What users see: the rules page, a flagged item with its rule, quoted clause and parameter,
the Excel export, the dashboard, the to-do list, the API, and scoping by street."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from liangxin.audit.models import ChangeLog
from liangxin.organizations.models import Organization
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import all_rules
from tests.rules_helpers import org, region


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def flagged(world):
    east = region(region(world.street1, "测试社区东"), "测试网格东")
    west = region(region(world.street2, "测试社区西"), "测试网格西")
    org(east, "东三人公司", reported_formal_members=3)
    org(east, "=HYPERLINK(\"x\")公司", reported_formal_members=4)
    org(west, "西三人公司", reported_formal_members=3)
    return east, west


def test_it_shows_the_rule_clause_and_parameter_of_a_flagged_item(world, login, flagged):
    ParameterOverride.objects.create(key="standalone_min_members", region=world.street1, value=5, reason="依据004")
    page = login(world.street_user).get(reverse("rules:rule_detail", args=["ORG-1"])).content.decode()
    assert "东三人公司" in page and "西三人公司" not in page
    # The clause is quoted in simplified characters (the seed itself is traditional).
    assert "有3名以上正式党员、具备组建条件的“两新”组织,要及时组建党组织。" in page
    assert "应建党组织的正式党员数" in page and "单独组建的正式党员数" in page
    assert "东街道设定" in page  # where the value in force comes from
    assert "正式党员3名，未建立也未加入党组织" in page


def test_it_lists_every_rule_with_counts_in_the_jurisdiction(world, login, flagged):
    page = login(world.street_user).get(reverse("rules:rule_list")).content.decode()
    for rule in all_rules():
        assert rule.id in page
    assert "ORG-1" in page


def test_it_exports_the_drill_down_neutralising_formulas(world, login, flagged):
    response = login(world.street_user).get(reverse("rules:rule_export", args=["ORG-1"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert sorted(names) == sorted(["东三人公司", "'=HYPERLINK(\"x\")公司"])
    assert ChangeLog.objects.filter(action="export", detail__contains="ORG-1").exists()


def test_it_shows_the_dashboard_and_the_todo(world, login, flagged):
    client = login(world.street_user)
    page = client.get(reverse("rules:coverage")).content.decode()
    assert "组织覆盖率" in page and "工作覆盖率" in page and "暂无评定数据" in page and "echarts.min.js" in page
    assert client.get(reverse("rules:coverage") + f"?region={world.street2.pk}").status_code == 404
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "待办事项" in home and reverse("rules:rule_detail", args=["ORG-1"]) in home


def test_it_never_counts_another_street(world, flagged):
    for rule in (section for each in all_rules() for section in each.sections):
        if not rule.has_list:
            continue
        for row in rule.violations(world.street_user):
            path = row
            for attr in rule.region_path_field.split("__"):
                path = getattr(path, attr, None) if path is not None else None
            assert path is None or path.startswith(world.street1.path), (rule.id, row)
        if rule.model == "organizations.Organization":
            admin = rule.violations(world.admin).count()
            assert admin == rule.violations(world.street_user).count() + rule.violations(world.other_street_user).count()


def test_the_api_lists_rules_violations_coverage_and_proposals(world, login, flagged):
    client = login(world.street_user)
    rules = {r["id"]: r for r in client.get("/api/rules/").json()}
    assert rules["ORG-1"]["count"] == 2
    assert rules["ORG-1"]["citations"][0]["quote"].startswith("有3名以上")
    rows = client.get("/api/rules/ORG-1/violations/").json()["results"]
    assert {r["name"] for r in rows} == {"东三人公司", "=HYPERLINK(\"x\")公司"}
    assert rows[0]["parameters"][0]["value"] == 3
    data = client.get(f"/api/coverage/?region={world.street1.pk}").json()
    assert data["region"]["id"] == world.street1.pk and data["figures"]["organizations"] == 4
    assert client.get(f"/api/coverage/?region={world.street2.pk}").status_code == 404
    assert client.get("/api/rules/joint-branch-proposals/").status_code == 200
    assert client.get("/api/rules/NOPE-1/").status_code == 404


def test_only_admins_change_parameters_and_it_is_logged(world, login):
    body = {"key": "standalone_min_members", "region": world.street1.pk, "value": 5, "effective_from": "2026-01-01",
            "reason": "依据004"}
    assert login(world.street_user).post("/api/rule-parameters/", body).status_code == 403
    response = login(world.admin).post("/api/rule-parameters/", body)
    assert response.status_code == 201, response.content
    assert ChangeLog.objects.filter(action="create", object_id=str(response.json()["id"])).exists()
    assert login(world.admin).post("/api/rule-parameters/", {**body, "value": 1}).status_code == 400  # below minimum
    assert login(world.street_user).get("/api/rule-parameters/").json()["count"] == 1
    assert login(world.other_street_user).get("/api/rule-parameters/").json()["count"] == 0


def test_the_commands_report_rules_and_stats(world, flagged, capsys):
    call_command("rules", region=world.street1.code, json=True)
    data = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["count"] for r in data["rules"]}["ORG-1"] == 2
    call_command("stats", region=world.district.code)
    assert "组织覆盖率" in capsys.readouterr().out


def test_the_rules_command_prints_a_stage_rule_s_distribution(world, capsys):
    # ORG-10 is a distribution (no violations): its stages with their counts, not "—".
    call_command("rules", region=world.street1.code, json=True)
    org10 = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}["ORG-10"]
    assert org10["count"] is None
    counts = {d["label"]: d["count"] for d in org10["distribution"]}
    assert list(counts) == ["无组织：抓组建", "有组织：抓规范", "已规范：抓提高"]
    in_street = Organization.objects.filter(region__path__startswith=world.street1.path).active().count()
    assert sum(counts.values()) == in_street > 0
    call_command("rules", region=world.street1.code)
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("ORG-10"))
    assert "—" not in line
    assert all(f"{label} {count}" in line for label, count in counts.items())
