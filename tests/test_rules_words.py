"""Issue 12, items 12 and 14: users read document titles, parameter names and plain Chinese
(no parameter keys, seed numbers or command names), the change log names object types once in
Chinese, and a rule page shows its parameters once at the top, per row only where a region's
own setting differs."""

import datetime
import re

import pytest
from django.urls import reverse

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.rules.models import ParameterOverride
from liangxin.rules.parameters import PARAMETERS
from liangxin.rules.registry import all_rules
from liangxin.rules.types import SEED_TITLES
from tests.rules_helpers import org, region

DEVELOPER_WORDS = ("种子文件", "liangxin snapshot", "Content type", "两新组织 | 两新组织", "<code>")


@pytest.fixture
def flagged(world):
    """Three organizations with 3 formal members and no party organization (ORG-1) in street1."""
    community = region(world.street1, "参数社区")
    grids = [region(community, f"参数网格{i}") for i in range(3)]
    for i, grid in enumerate(grids):
        org(grid, f"参数{i}公司", reported_formal_members=3)
    return grids


def visible(page: str) -> str:
    """The page without its scripts (the chart data is keyed by parameter, unseen)."""
    return re.sub(r"<script\b.*?</script>", "", page, flags=re.S)


def test_rule_pages_show_titles_and_names_not_keys_or_seed_numbers(world, login, flagged):
    client = login(world.admin)
    pages = [client.get(reverse("rules:rule_list")).content.decode(), client.get(reverse("rules:coverage")).content.decode()]
    pages += [client.get(reverse("rules:rule_detail", args=[rule.id])).content.decode() for rule in all_rules() if rule.has_list]
    pages = [visible(page) for page in pages]
    for page in pages:
        for word in DEVELOPER_WORDS:
            assert word not in page, word
        for key in PARAMETERS:
            assert key not in page, key
    assert SEED_TITLES["001"] in pages[0] and "《关于推行非公企业党建区域化网格化管理服务的指导意见》" in pages[0]
    assert "来源：默认值（《在全县“两新”组织党建工作会议上的讲话》（县） §二 第一）" in "".join(pages)


def test_the_parameter_choices_read_as_names(world, login):
    page = login(world.admin).get(reverse("rules:parameteroverride_add")).content.decode()
    assert "组织覆盖率目标（%）" in page and "（target_org_coverage）" not in page


def test_the_change_log_names_the_object_type_once_in_chinese(world, login):
    record(ChangeLog.Action.UPDATE, world.org1, before={"employees": 120}, after={"employees": 121}, user=world.admin)
    page = login(world.admin).get(reverse("audit:changelog_list")).content.decode()
    assert "对象类型" in page and "Content type" not in page and "两新组织 | 两新组织" not in page
    assert "从业人员数：120 → 121" in page and "employees" not in page  # the changed field by its Chinese name
    entry = ChangeLog.objects.filter(object_id=str(world.org1.pk), action="update").latest("pk")
    assert [label for label, _, _ in entry.changed_field_labels()] == ["从业人员数"]


def test_parameters_show_once_at_the_top_and_per_row_only_where_a_region_differs(world, login, flagged):
    client = login(world.street_user)
    url = reverse("rules:rule_detail", args=["ORG-1"])
    page = client.get(url).content.decode()
    assert page.count("应建党组织的正式党员数") == 1  # the block at the top, no row repeats it
    assert "本区域另有设定的参数" not in page
    ParameterOverride.objects.create(key="establish_min_members", region=flagged[0], value=3, reason="本网格文件",
                                     effective_from=datetime.date(2020, 1, 1))
    page = client.get(url).content.decode()
    assert "本区域另有设定的参数" in page
    table = page.split("<table")[1]
    assert table.count("参数网格0设定") >= 1 and table.count("应建党组织的正式党员数") == 2  # that row, on desktop and phone
