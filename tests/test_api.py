"""The REST API, tried by every persona and by anonymous, plus CSRF, tokens and the schema.

Same expectations as the web UI (tables in tests/test_personas.py): 200 inside the
jurisdiction, 404 outside, 403 for a role without the permission, 401/403 for anonymous.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from liangxin.accounts import tokens
from liangxin.accounts.models import ApiToken
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from tests.identity import force_login_verified
from tests.test_personas import CAN, CHANGES, MODELS, PERSONAS, SEES, create_payload

RESOURCES = {"regions": "region", "organizations": "organization", "party-orgs": "partyorg", "members": "member"}
MODEL_CLASS = {"region": Region, "organization": Organization, "partyorg": PartyOrg, "member": Member}


def api(resource: str, pk: int | None = None) -> str:
    return f"/api/{resource}/" + (f"{pk}/" if pk is not None else "")


def expected(persona: str, model: str, letter: str, name: str, inside: int = 200) -> int:
    if letter not in CAN[persona][model]:
        return 403
    where = SEES[persona][model] if letter in "av" else CHANGES.get(persona, {}).get(model, SEES[persona][model])
    return inside if name in where else 404


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def check_list_and_retrieve(client, world, persona: str, resource: str) -> list:
    model = RESOURCES[resource]
    response = client.get(api(resource))
    visible = SEES[persona][model]
    if visible is None:
        first = getattr(world, sorted(MODELS[model][1])[0])
        got = (response.status_code, client.get(api(resource, first.pk)).status_code)
        return [] if got == (403, 403) else [("list/retrieve", 403, got)]
    if response.status_code != 200:
        return [("list", 200, response.status_code)]
    wrong = []
    if ids(response) != {getattr(world, name).pk for name in visible}:
        wrong.append(("list rows", sorted(visible), ids(response)))
    for name in sorted(MODELS[model][1]):
        got = client.get(api(resource, getattr(world, name).pk)).status_code
        if got != expected(persona, model, "v", name):
            wrong.append(("GET", name, expected(persona, model, "v", name), got))
    return wrong


def check_create(client, world, persona: str, resource: str) -> list:
    """A role that may add creates inside its jurisdiction (and can delete what it made)."""
    model = RESOURCES[resource]
    model_class = MODEL_CLASS[model]
    if "a" not in CAN[persona][model]:
        payload = create_payload(world, "admin", model)
        got = client.post(api(resource), payload, content_type="application/json").status_code
        made = model_class.objects.filter(name=payload["name"]).exists()
        return [] if (got, made) == (403, False) else [("POST", 403, got, made)]
    payload = create_payload(world, persona, model)
    response = client.post(api(resource), payload, content_type="application/json")
    if response.status_code != 201:
        return [("POST", 201, response.status_code, response.content.decode())]
    created = response.json()["id"]
    wrong = []
    if created not in ids(client.get(api(resource))):
        wrong.append(("created, not listed", created))
    if client.delete(api(resource, created)).status_code != 204 or model_class.objects.filter(pk=created).exists():
        wrong.append(("created, not deleted", created))
    return wrong


def check_update_and_delete(client, world, persona: str, resource: str) -> list:
    model = RESOURCES[resource]
    model_class = MODEL_CLASS[model]
    wrong = []
    names = sorted(MODELS[model][1])
    for letter in ("c", "d"):
        # The role's refusal does not depend on the object: once is enough.
        for name in names if letter in CAN[persona][model] else names[:1]:
            obj = getattr(world, name)
            if letter == "c":
                want = expected(persona, model, "c", name)
                got = client.patch(api(resource, obj.pk), {"name": "改过的名字"}, content_type="application/json").status_code
                applied = model_class.objects.filter(pk=obj.pk, name="改过的名字").exists()
                if (got, applied) != (want, want == 200):
                    wrong.append(("PATCH", name, want, got, applied))
            else:
                # Every region of the world still holds organizations or sub-regions: PROTECT, 409.
                want = expected(persona, model, "d", name, inside=409 if model == "region" else 204)
                got = client.delete(api(resource, obj.pk)).status_code
                gone = not model_class.objects.filter(pk=obj.pk).exists()
                if (got, gone) != (want, want == 204):
                    wrong.append(("DELETE", name, want, got, gone))
    return wrong


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_endpoint_by_jurisdiction_and_role(world, login, persona, resource):
    client = login(getattr(world, persona))
    wrong = check_list_and_retrieve(client, world, persona, resource)
    wrong += check_create(client, world, persona, resource)
    wrong += check_update_and_delete(client, world, persona, resource)
    assert not wrong


def test_it_refuses_anonymous_requests(world, client):
    for resource, model in RESOURCES.items():
        obj = getattr(world, sorted(MODELS[model][1])[0])
        calls = [
            client.get(api(resource)),
            client.get(api(resource, obj.pk)),
            client.post(api(resource), {"name": "x"}, content_type="application/json"),
            client.patch(api(resource, obj.pk), {"name": "x"}, content_type="application/json"),
            client.put(api(resource, obj.pk), {"name": "x"}, content_type="application/json"),
            client.delete(api(resource, obj.pk)),
        ]
        for response in calls:
            assert response.status_code in (401, 403), (resource, response.request)
            assert "results" not in response.json()
    assert Organization.objects.filter(pk=world.org1.pk, name=world.org1.name).exists()


# --- CSRF and tokens -------------------------------------------------------------------------------

def test_it_refuses_a_form_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, world.street_user)
    edit = reverse("organizations:organization_edit", args=[world.org1.pk])
    response = client.post(edit, {"name": "无令牌提交", "kind": "enterprise", "status": "normal",
                                  "region": world.grid1.pk, "employees": 1})
    assert response.status_code == 403
    assert Organization.objects.get(pk=world.org1.pk).name == world.org1.name
    # The same post with the token from the page goes through.
    client.get(edit)
    token = client.cookies["csrftoken"].value
    response = client.post(edit, {"name": "有令牌提交", "kind": "enterprise", "status": "normal",
                                  "region": world.grid1.pk, "employees": 1, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Organization.objects.get(pk=world.org1.pk).name == "有令牌提交"


def test_it_refuses_a_login_or_logout_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    from tests.conftest import PASSWORD

    response = client.post(reverse("accounts:login"), {"username": "street1", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    force_login_verified(client, world.street_user)
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert "_auth_user_id" in client.session


def test_it_refuses_a_session_authenticated_api_write_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, world.street_user)
    response = client.patch(api("organizations", world.org1.pk), {"name": "无令牌"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Organization.objects.get(pk=world.org1.pk).name == world.org1.name
    assert client.get(api("organizations")).status_code == 200  # reads need no token


def test_it_accepts_token_authentication_without_csrf(world):
    _row, token = tokens.issue(world.street_user, "测试")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.patch(api("organizations", world.org1.pk), {"name": "令牌修改"}, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    assert Organization.objects.get(pk=world.org1.pk).name == "令牌修改"
    # The token carries the user's jurisdiction, no more.
    assert client.get(api("organizations", world.org2.pk)).status_code == 404
    assert ids(client.get(api("organizations"))) == {world.org1.pk, world.org1b.pk}
    bad = Client(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert bad.get(api("organizations")).status_code in (401, 403)


def test_it_prints_a_token_for_a_user_with_the_token_command(world):
    out = StringIO()
    call_command("token", "street1", stdout=out)
    key = out.getvalue().strip()
    assert ApiToken.objects.get(user=world.street_user).digest == tokens.digest(key)
    again = StringIO()
    call_command("token", "street1", "--name", "报表系统", stdout=again)
    assert again.getvalue().strip() != key  # a new token each time: the first cannot be shown again
    assert list(ApiToken.objects.filter(user=world.street_user).values_list("name", flat=True).order_by("pk")) == [
        "命令行生成", "报表系统"]
    for each in (key, again.getvalue().strip()):
        client = Client(HTTP_AUTHORIZATION=f"Token {each}")
        assert ids(client.get(api("organizations"))) == {world.org1.pk, world.org1b.pk}


def test_it_says_in_chinese_that_a_user_for_the_token_command_does_not_exist(world):
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        call_command("token", "nobody")
    assert not ApiToken.objects.exists()


# --- OpenAPI ---------------------------------------------------------------------------------------

def test_it_serves_a_valid_openapi_schema_listing_every_resource(world, login):
    from openapi_spec_validator import validate

    response = login(world.admin).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    for resource in RESOURCES:
        assert f"/api/{resource}/" in schema["paths"], resource
        assert f"/api/{resource}/{{id}}/" in schema["paths"], resource
    components = schema["components"]["schemas"]
    for component in ("Region", "Organization", "PartyOrg", "Member"):
        assert component in components, component
    # Personal data is write-only in the API: reads carry only the masked form.
    member = components["Member"]["properties"]
    assert "id_number" not in member and "id_number_masked" in member


def test_it_renders_the_interactive_api_docs(world, login):
    client = login(world.admin)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    # Swagger UI's start-up script is served from the page's own URL (?script), not inline.
    assert "/api/docs/?script=" in response.content.decode()
    assert "/api/schema/" in client.get("/api/docs/", {"script": ""}).content.decode()
