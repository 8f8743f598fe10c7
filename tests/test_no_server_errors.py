"""Out-of-range numbers and searches never answer a server error: 400 with the field's message in
the API, a calm empty list with the message on a page, an empty export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liangxin.organizations.models import Organization
from liangxin.rules.registry import all_rules
from tests.openapi import served_schema

HUGE = "99999999999999999999"  # past 64 bits: no database integer holds it


def _integer_filters() -> list[tuple[str, str]]:
    """(path, parameter) for every number filter of every list in the API schema, read from the
    schema so a new endpoint's filters are tried the day it lands."""
    schema = served_schema()
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if "{" in path or get is None:
            continue
        for param in get.get("parameters", []):
            if param["in"] == "query" and param.get("schema", {}).get("type") in ("integer", "number") \
                    and param["name"] not in ("page", "page_size"):
                found.append((path, param["name"]))
    return found


def test_it_answers_400_naming_the_filter_to_a_number_past_64_bits_in_every_api_list(world, login):
    client = login(world.admin)
    filters = _integer_filters()
    assert ("/api/census-records/", "census") in filters and ("/api/members/", "organization") in filters
    for path, name in filters:
        response = client.get(path, {name: HUGE})
        # A filter answers 400 naming itself; a view's own region parameter, "no such region" (404).
        assert response.status_code in (400, 404), (path, name, response.status_code)
        if response.status_code == 400:
            assert name in response.json(), (path, name)
    for path, name in [("/api/census-records/", "census"), ("/api/members/", "organization"), ("/api/members/", "party_org")]:
        assert name in client.get(path, {name: HUGE}).json()


def test_it_answers_400_to_a_number_past_what_the_column_holds(world, login):
    response = login(world.admin).get("/api/members/", {"party_org": "-" + HUGE})
    assert response.status_code == 400
    assert "party_org" in response.json()


@pytest.mark.parametrize("url", [
    "/members/?organization=" + HUGE,
    "/members/?party_org=" + HUGE,
    "/ledger/census-records/?census=" + HUGE,
])
def test_it_shows_an_empty_list_and_the_message_on_a_page(world, login, url):
    response = login(world.admin).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "invalid-feedback" in page and "9223372036854775807" in page
    assert world.member1.name not in page


def test_it_exports_nothing_for_a_number_past_64_bits(world, login):
    response = login(world.admin).get("/ledger/export/members/", {"organization": HUGE})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert not any(world.member1.name in str(row) for row in rows)


def test_it_answers_404_to_an_object_id_past_64_bits(world, login):
    client = login(world.admin)
    assert client.get(f"/organizations/{HUGE}/").status_code == 404
    assert client.get(f"/api/organizations/{HUGE}/").status_code == 404


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.has_list], ids=lambda r: r.id)
def test_it_searches_every_rules_flagged_items_by_their_own_fields(world, login, rule):
    """A rule over a model without a name (INS-2 assignments, INS-7 leaves) declares its own
    search fields: the page, its export and the API answer instead of a FieldError."""
    client = login(world.admin)
    assert client.get(reverse("rules:rule_detail", args=[rule.id]), {"q": "abc"}).status_code == 200
    assert client.get(reverse("rules:rule_export", args=[rule.id]), {"q": "abc"}).status_code == 200
    assert client.get(f"/api/rules/{rule.id}/violations/", {"q": "abc"}).status_code == 200


def _many_organizations(world, count: int = 520) -> None:
    Organization.objects.bulk_create(
        Organization(name=f"批量{i}有限公司", region=world.grid1, credit_code=None) for i in range(count)
    )


def test_it_caps_a_pages_rows_at_500_and_says_the_export_gives_them_all(world, login):
    _many_organizations(world)
    client = login(world.admin)
    page = client.get("/organizations/", {"per_page": "1000000"})
    assert page.context["table"].paginator.per_page == 500
    assert len(page.context["table"].page.object_list) == 500
    assert "需要全部数据请用导出" in page.content.decode()
    assert client.get("/organizations/").context["table"].paginator.per_page == 50
    assert client.get("/organizations/", {"per_page": "abc"}).context["table"].paginator.per_page == 50


def test_it_caps_the_apis_page_size_at_500(world, login):
    _many_organizations(world)
    client = login(world.admin)
    assert len(client.get("/api/organizations/", {"page_size": "1000000"}).json()["results"]) == 500
    assert len(client.get("/api/organizations/").json()["results"]) == 50
    assert len(client.get("/api/organizations/", {"page_size": "7"}).json()["results"]) == 7
