"""The region picker (regions/widgets.py): every form and filter that picks a region offers
the user's regions as a tree with their paths, searchable by any part of the path; a grid
named like its neighbours ("第1网格" in every community) is told apart, and the server still
refuses a region outside the jurisdiction."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.urls import reverse
from playwright.sync_api import expect

import liangxin
from liangxin.core.filters import BaseFilterSet
from liangxin.core.forms import ScopedModelForm
from liangxin.organizations.forms import OrganizationForm
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField
from liangxin.rules.filtersets import violation_filterset
from liangxin.rules.registry import all_rules
from tests.browser import PHONE, SCREENSHOTS, browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _import_app_modules():
    for module in pkgutil.iter_modules(liangxin.__path__):
        for name in ("forms", "filtersets"):
            try:
                importlib.import_module(f"liangxin.{module.name}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"liangxin.{module.name}.{name}":
                    raise


def test_every_form_and_filter_that_picks_a_region_uses_the_picker():
    _import_app_modules()
    checked = []
    for form_class in _subclasses(ScopedModelForm):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField) \
                    and field.queryset.model is Region:
                assert isinstance(field, RegionChoiceField), f"{form_class.__name__}.{name}"
                checked.append(f"{form_class.__name__}.{name}")
    filtersets = list(_subclasses(BaseFilterSet)) + [violation_filterset(section) for rule in all_rules()
                                                       for section in rule.sections]
    for filterset in filtersets:
        for name, filter_ in filterset.base_filters.items():
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                queryset = filter_.extra.get("queryset")
                model = getattr(queryset, "model", None)
                if model is Region or callable(queryset) and not hasattr(queryset, "model"):
                    assert issubclass(filter_.field_class, RegionChoiceField), f"{filterset.__name__}.{name}"
                    checked.append(f"{filterset.__name__}.{name}")
    assert {"OrganizationForm.region", "PartyOrgForm.region", "UserForm.region", "RegionForm.parent",
            "OrganizationFilterSet.region", "MemberFilterSet.region"} <= set(checked)


@pytest.mark.django_db
def test_it_labels_each_choice_with_its_path_in_tree_order(world):
    same_name = Region.objects.create(code="440399001002001", name="第1网格", level=Region.Level.GRID,
                                      parent=Region.objects.create(code="440399001002", name="东二社区",
                                                                   level=Region.Level.COMMUNITY, parent=world.street1))
    labels = [label for value, label in OrganizationForm(user=world.street_user).fields["region"].choices if value]
    # The street user's own regions only, each with its path below the district.
    assert labels[0] == "东街道"
    assert "东街道 / 东一社区 / 东一第1网格" in labels and "东街道 / 东二社区 / 第1网格" in labels
    assert not any("西" in label for label in labels)
    assert labels.index("东街道 / 东一社区") < labels.index("东街道 / 东一社区 / 东一第1网格") < labels.index("东街道 / 东二社区")
    # The server still validates: a region outside the jurisdiction is refused.
    form = OrganizationForm(user=world.street_user, data={"name": "越界有限公司", "kind": "enterprise", "status": "normal",
                                                          "region": world.grid2.pk, "employees": 1})
    assert not form.is_valid() and "region" in form.errors
    assert same_name.pk in [int(str(value)) for value, _ in OrganizationForm(user=world.street_user).fields["region"].choices if value]


@pytest.mark.browser
@requires_browser
@pytest.mark.django_db(transaction=True)
def test_a_street_user_finds_a_grid_by_its_path_on_a_phone_and_filters_the_list(live_server, transactional_world):
    w = transactional_world
    community = Region.objects.create(code="440399001002", name="东二社区", level=Region.Level.COMMUNITY, parent=w.street1)
    twin = Region.objects.create(code="440399001002001", name="东一第1网格", level=Region.Level.GRID, parent=community)
    errors: list[str] = []
    with browser_page(PHONE) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(live_server.url + reverse("organizations:organization_add"))
        page.fill("#id_name", "路径选择科技有限公司")
        # Two grids share the name; typing part of the path, without spaces, finds the one meant.
        page.click(".ts-wrapper:has(#id_region-ts-control) .ts-control")
        page.locator(".ts-dropdown .option").first.wait_for()
        page.locator(".ts-dropdown").screenshot(path=str(SCREENSHOTS / "region-picker-tree-phone.png"))
        page.keyboard.type("东二社区东一")
        options = page.locator(".ts-dropdown .option")
        expect(options).to_have_count(1)
        assert "东街道 / 东二社区" in options.first.inner_text()
        options.first.click()
        chosen = page.locator(".ts-wrapper:has(#id_region-ts-control) .ts-control .item")
        assert chosen.inner_text() == "东街道 / 东二社区 / 东一第1网格"  # the path, once chosen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "region-picker-phone")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        assert Organization.objects.get(name="路径选择科技有限公司").region == twin

        # The list's region filter: a community chosen by typing narrows the list (htmx).
        page.goto(live_server.url + reverse("organizations:organization_list"))
        page.click("text=更多筛选")  # on a phone the filters after the search box fold away
        page.click(".ts-wrapper:has(#id_region-ts-control) .ts-control")
        page.keyboard.type("东一社区")
        page.locator(".ts-dropdown .option").filter(has_text="东一社区").first.click()
        page.wait_for_url(f"**region={w.community1.pk}**")
        table = page.locator("#object-table")
        table.filter(has_text="东升物流有限公司").wait_for()
        assert "东方电子有限公司" in table.inner_text() and "路径选择科技有限公司" not in table.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "region-filter-phone")
    assert not errors
