"""Every page of the web UI, tried by every persona and by anonymous (STYLE.md 8).

Inside the jurisdiction a page answers 200; an object outside it answers 404 (a 403 would tell
that it exists); a role without the permission at all gets 403; anonymous is sent to the login
page. Lists hold exactly the rows of the jurisdiction, never one more.

The expectations are written out as tables (what each persona sees, what each role may do)
rather than derived from the code under test.
"""

import pytest
from django import forms
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.audit.models import ChangeLog
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from tests.conftest import id_number

PERSONAS = [
    "admin", "street_user", "other_street_user", "grid_user", "instructor_user", "secretary", "paired_user", "leader",
]
ALL_REGIONS = {"district", "street1", "street2", "community1", "community2", "grid1", "grid1b", "grid2"}
ALL_ORGS = {"org1", "org1b", "org2"}
ALL_PARTY_ORGS = {"party_org1", "party_org2"}
ALL_MEMBERS = {"member1", "member2"}

# model name -> (app label, the world's objects of that model)
MODELS = {
    "region": ("regions", ALL_REGIONS),
    "organization": ("organizations", ALL_ORGS),
    "partyorg": ("partyorgs", ALL_PARTY_ORGS),
    "member": ("members", ALL_MEMBERS),
    "user": ("accounts", set(PERSONAS)),
}

# What each persona sees of the world; None: the role may not view that model at all (403).
STREET1 = {"street1", "community1", "grid1", "grid1b"}
STREET2 = {"street2", "community2", "grid2"}
SEES = {
    # The district administrator sees every account of the district, including the accounts of
    # roles scoped by organization (instructor, secretary, paired unit).
    "admin": {"region": ALL_REGIONS, "organization": ALL_ORGS, "partyorg": ALL_PARTY_ORGS, "member": ALL_MEMBERS,
              "user": set(PERSONAS)},
    "street_user": {"region": STREET1, "organization": {"org1", "org1b"}, "partyorg": {"party_org1"},
                    "member": {"member1"}, "user": None},
    "other_street_user": {"region": STREET2, "organization": {"org2"}, "partyorg": {"party_org2"},
                          "member": {"member2"}, "user": None},
    # Own node only: grid1, not grid1b of the same community.
    "grid_user": {"region": {"grid1"}, "organization": {"org1"}, "partyorg": {"party_org1"}, "member": {"member1"},
                  "user": None},
    # Assigned to org1b; no party org covers it and no member works there.
    "instructor_user": {"region": {"grid1b"}, "organization": {"org1b"}, "partyorg": set(), "member": set(),
                        "user": None},
    "secretary": {"region": {"grid1"}, "organization": {"org1"}, "partyorg": {"party_org1"}, "member": {"member1"},
                  "user": None},
    "paired_user": {"region": {"grid2"}, "organization": {"org2"}, "partyorg": {"party_org2"}, "member": None,
                    "user": None},
    "leader": {"region": ALL_REGIONS, "organization": ALL_ORGS, "partyorg": ALL_PARTY_ORGS, "member": None,
               "user": None},
}

# What each role may do to each model: v(iew) a(dd) c(hange) d(elete).
LEDGER = {"region": "v", "organization": "vacd", "partyorg": "vacd", "member": "vacd", "user": "", "changelog": "v"}
READER = {"region": "v", "organization": "v", "partyorg": "v", "member": "", "user": "", "changelog": ""}
CAN = {
    "admin": {"region": "vacd", "organization": "vacd", "partyorg": "vacd", "member": "vacd", "user": "vacd",
              "changelog": "v"},
    # Street committees run the communities and grids below their street (GRID-1).
    "street_user": {**LEDGER, "region": "vacd"},
    "other_street_user": {**LEDGER, "region": "vacd"},
    "grid_user": LEDGER,
    "instructor_user": {**READER, "member": "v"},
    "secretary": {"region": "v", "organization": "v", "partyorg": "vc", "member": "vacd", "user": "", "changelog": "v"},
    "paired_user": READER,
    "leader": READER,
}
ACTION_LETTER = {"list": "v", "detail": "v", "add": "a", "edit": "c", "delete": "d"}

# Where each persona with write permissions puts new objects: (region, organization, party org).
HOME = {
    "admin": ("grid1", "org1", "party_org1"),
    "street_user": ("grid1b", "org1b", "party_org1"),
    "other_street_user": ("grid2", "org2", "party_org2"),
    "grid_user": ("grid1", "org1", "party_org1"),
    "secretary": ("grid1", "org1", "party_org1"),
}


def test_it_keeps_the_tables_consistent():
    for persona in PERSONAS:
        for model in MODELS:
            assert (SEES[persona][model] is None) == ("v" not in CAN[persona][model]), (persona, model)


# What a persona may change and delete, where it is less than what it sees: a street committee
# runs what lies below its street, not the street itself (RegionQuerySet.jurisdiction_filter).
CHANGES = {"street_user": {"region": STREET1 - {"street1"}}, "other_street_user": {"region": STREET2 - {"street2"}}}


def expected_status(persona: str, model: str, action: str, name: str) -> int:
    if ACTION_LETTER[action] not in CAN[persona][model]:
        return 403
    inside = SEES[persona][model] if action == "detail" else CHANGES.get(persona, {}).get(model, SEES[persona][model])
    return 200 if name in inside else 404


def url(model: str, action: str, obj=None) -> str:
    app = MODELS[model][0]
    return reverse(f"{app}:{model}_{action}", args=[obj.pk] if obj is not None else [])


def form_payload(form, **changes) -> dict:
    """What a browser would post back for an unchanged form, with `changes` applied."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        if isinstance(value, (list, tuple)):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def create_payload(world, persona: str, model: str) -> dict:
    region, org, party_org = (getattr(world, name) for name in HOME[persona])
    return {
        "region": {"code": "440399001001009", "name": "东一第9网格", "level": Region.Level.GRID,
                   "parent": (world.community2 if persona == "other_street_user" else world.community1).pk},
        "organization": {"name": "新建测试企业有限公司", "kind": "enterprise", "status": "normal", "region": region.pk,
                         "employees": 8},
        "partyorg": {"name": "新建测试党支部", "type": "branch", "mode": "standalone", "region": region.pk,
                     "status": "active"},
        "member": {"name": "赵新", "id_number": id_number("11010119850101123"), "category": "full",
                   "position": "staff", "organization": org.pk, "party_org": party_org.pk},
        "user": {"username": "newclerk", "display_name": "新用户", "role": "committee", "region": world.street1.pk,
                 "new_password": "Xy9#kLm2pq", "is_active": "on"},
    }[model]


MODEL_CLASS = {"region": Region, "organization": Organization, "partyorg": PartyOrg, "member": Member, "user": User}


# --- anonymous ---------------------------------------------------------------------------------

def anonymous_urls(world):
    urls = [reverse("dashboard:home"), reverse("accounts:profile"), reverse("audit:changelog_list")]
    samples = {"region": world.grid1, "organization": world.org1, "partyorg": world.party_org1,
               "member": world.member1, "user": world.street_user}
    for model, obj in samples.items():
        urls += [url(model, "list"), url(model, "add")]
        urls += [url(model, action, obj) for action in ("detail", "edit", "delete")]
    return urls


def test_it_sends_anonymous_to_the_login_page(world, client):
    login_url = reverse("accounts:login")
    for page in anonymous_urls(world):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{login_url}?next="), page
    for page in anonymous_urls(world):
        assert client.post(page, {"name": "x"}).status_code == 302, page
    reveal = client.post(reverse("members:member_reveal_id_number", args=[world.member1.pk]))
    assert reveal.status_code == 302 and reveal["Location"].startswith(login_url)
    assert Organization.objects.filter(pk=world.org1.pk, name=world.org1.name).exists()
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.VIEW_PII).exists()


# --- every persona: home, profile, lists, object pages ---------------------------------------------

@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_home_profile_and_change_log_by_role(world, login, persona):
    client = login(getattr(world, persona))
    home = client.get(reverse("dashboard:home"))
    assert home.status_code == 200
    html = home.content.decode()
    for model in ("organization", "partyorg"):
        for name in MODELS[model][1] - SEES[persona][model]:
            assert str(getattr(world, name)) not in html, name
    visible_orgs = SEES[persona]["organization"]
    if persona == "instructor_user":
        # An instructor's home is their workspace: the organizations assigned to them.
        assert {a.organization.name for a in home.context["assignments"]} == {"东升物流有限公司"}
    elif persona == "paired_user":
        # A paired unit's home is its workspace: the organizations it is paired with.
        assert {pairing.organization.name for pairing, _dues in home.context["rows"]} == {
            str(getattr(world, n)) for n in visible_orgs}
    else:
        # Statistics never count outside rows.
        figures = home.context["figures"]
        assert figures["organizations"] == len(visible_orgs)
        assert figures["employees"] == sum(getattr(world, n).employees for n in visible_orgs)
        assert figures["party_orgs"] == len(SEES[persona]["partyorg"])
        if SEES[persona]["member"] is None:
            assert "register_members" not in figures
        else:
            assert figures["register_members"] == len(SEES[persona]["member"])
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert ("分配给您的联系组织" in profile.content.decode()) == (persona == "instructor_user")
    changelog = client.get(reverse("audit:changelog_list"))
    assert changelog.status_code == (200 if "v" in CAN[persona]["changelog"] else 403)


def check_list(client, world, persona: str, model: str) -> list:
    """The list page holds exactly the jurisdiction's rows and links to no outside object."""
    response = client.get(url(model, "list"))
    visible = SEES[persona][model]
    if visible is None:
        return [] if response.status_code == 403 else [("list", 403, response.status_code)]
    if response.status_code != 200:
        return [("list", 200, response.status_code)]
    wrong = []
    listed = {obj.pk for obj in response.context["table"].data.data}
    if listed != {getattr(world, name).pk for name in visible}:
        wrong.append(("list rows", sorted(visible), listed))
    html = response.content.decode()
    for name in MODELS[model][1] - visible:
        obj = getattr(world, name)
        if f'href="{url(model, "detail", obj)}"' in html:
            wrong.append(("list links to", name))
        if model in ("organization", "partyorg", "member") and f">{obj}<" in html:
            wrong.append(("list names", name))
    return wrong


def check_object_pages(client, world, persona: str, model: str) -> list:
    """200 inside, 404 outside, 403 for a role without the permission; POST no further than GET."""
    wrong = []
    for index, name in enumerate(sorted(MODELS[model][1])):
        obj = getattr(world, name)
        for action in ("detail", "edit", "delete"):
            expected = expected_status(persona, model, action, name)
            if expected == 403 and index > 0:
                continue  # the role's refusal does not depend on the object: once is enough
            got = client.get(url(model, action, obj)).status_code
            if got != expected:
                wrong.append(("GET", action, name, expected, got))
            if action != "detail" and expected != 200:
                got = client.post(url(model, action, obj), {"name": "改名", "username": "renamed"}).status_code
                if got != expected:
                    wrong.append(("POST", action, name, expected, got))
    return wrong


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_page_by_jurisdiction_and_role(world, login, persona, model):
    client = login(getattr(world, persona))
    wrong = check_list(client, world, persona, model)
    add = client.get(url(model, "add")).status_code
    if add != (200 if "a" in CAN[persona][model] else 403):
        wrong.append(("add", add))
    wrong += check_object_pages(client, world, persona, model)
    assert not wrong
    # Nothing that was refused changed anything.
    model_class = MODEL_CLASS[model]
    key = "username" if model == "user" else "name"
    for name in MODELS[model][1]:
        obj = getattr(world, name)
        assert model_class.objects.filter(pk=obj.pk, **{key: getattr(obj, key)}).exists(), name


WRITERS = [(p, m) for p in PERSONAS for m in MODELS if "a" in CAN[p][m]]


@pytest.mark.parametrize(("persona", "model"), WRITERS)
def test_it_lets_a_writer_add_edit_and_delete_inside_the_jurisdiction(world, login, persona, model):
    client = login(getattr(world, persona))
    model_class = MODEL_CLASS[model]
    payload = create_payload(world, persona, model)
    response = client.post(url(model, "add"), payload)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    key = "username" if model == "user" else "name"
    obj = model_class.objects.get(**{key: payload[key]})
    assert response["Location"] == url(model, "detail", obj)
    assert client.get(url(model, "detail", obj)).status_code == 200

    form = client.get(url(model, "edit", obj)).context["form"]
    response = client.post(url(model, "edit", obj), form_payload(form, **{key: payload[key] + "2"}))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert model_class.objects.filter(pk=obj.pk, **{key: payload[key] + "2"}).exists()

    response = client.post(url(model, "delete", obj))
    assert response.status_code == 302 and response["Location"] == url(model, "list")
    assert not model_class.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("persona", ["admin", "street_user", "grid_user", "secretary"])
def test_it_lets_a_party_org_editor_save_their_own_party_org(world, login, persona):
    client = login(getattr(world, persona))
    form = client.get(url("partyorg", "edit", world.party_org1)).context["form"]
    response = client.post(url("partyorg", "edit", world.party_org1), form_payload(form, name="东方电子党支部（新）"))
    assert response.status_code == 302
    world.party_org1.refresh_from_db()
    assert world.party_org1.name == "东方电子党支部（新）"
    assert list(world.party_org1.organizations.all()) == [world.org1]


# --- the id-number reveal ---------------------------------------------------------------------------

@pytest.mark.parametrize("persona", PERSONAS)
def test_it_reveals_the_full_id_number_only_to_a_role_that_may(world, login, persona):
    client = login(getattr(world, persona))
    for name in sorted(ALL_MEMBERS):
        member = getattr(world, name)
        response = client.post(reverse("members:member_reveal_id_number", args=[member.pk]))
        if persona == "admin":
            assert response.status_code == 200
            assert member.id_number in response.content.decode()
        else:
            assert response.status_code == 403
            assert member.id_number not in response.content.decode()
    expected_rows = len(ALL_MEMBERS) if persona == "admin" else 0
    assert ChangeLog.objects.filter(action=ChangeLog.Action.VIEW_PII).count() == expected_rows


def test_it_answers_404_for_a_reveal_outside_an_administrators_jurisdiction(world, login):
    street_admin = User.objects.create_user("street1admin", password="Xy9#kLm2pq", role=Role.ADMIN, region=world.street1)
    client = login(street_admin)
    assert client.post(reverse("members:member_reveal_id_number", args=[world.member2.pk])).status_code == 404
    assert client.post(reverse("members:member_reveal_id_number", args=[world.member1.pk])).status_code == 200
    assert client.get(reverse("members:member_reveal_id_number", args=[world.member1.pk])).status_code == 405
    assert ChangeLog.objects.filter(action=ChangeLog.Action.VIEW_PII).count() == 1
