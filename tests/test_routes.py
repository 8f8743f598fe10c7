"""Every route of the site and the API, tried by every persona (issue 9, item 5).

The routes come from the URL resolver and the API router (tests/routes.py), the objects from
each model's own table: for every persona, an object outside `Model.objects.scoped(user,
action)` must answer 404, one inside 200, a role without the permission 403, and anonymous is
sent to the login page (UI) or refused (API, 401/403). A new model or view is covered without
anyone writing a test for it; a route the test cannot try fails, asking to be declared.

Every answer a persona gets is also read for personal data (tests/personal_data.py): none shows
a name, phone, 身份证号 or Party membership beyond what the persona's role is declared to see
(liangxin.accounts.roles.PERSONAL_DATA): the leader none at all, the others phones and
身份证号 masked only.

Every page a persona gets is then read for its links (issue 12, item 7): each same-site link
it shows (a href, a GET form's action, hx-get) must open for that persona, neither 403 nor
404; and what the page's view says of itself (core.links.opens_for, which templates ask before
showing a link) must agree with what it answered.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse

from liangxin.accounts.tokens import issue
from liangxin.api_urls import router
from liangxin.assessments.models import Checklist, Rating, RatingRound
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.links import opens_for
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    GridChange,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
from liangxin.inspections.models import InspectionResult, InspectionRound
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    VisitPhoto,
    WorkPlan,
)
from liangxin.ledger.models import Census, CensusRecord, ExportJob, ImportJob
from liangxin.members.models import DevelopmentStep, FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.pairing.evaluations import open_round
from liangxin.pairing.models import Inspection, PairedUnit, Pairing, PointsRecord, RecordPhoto, SelfAssessment
from liangxin.partylife.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    Attendance,
    CrossAppointment,
    PartyWorker,
    Training,
)
from liangxin.reports.bulletins import draft
from liangxin.reports.models import QuarterlyBulletin
from liangxin.rules.models import CoverageSnapshot, ParameterOverride
from liangxin.rules.registry import PARAMETERS
from tests.conftest import _load_world, id_number, rolled_back_at_the_end
from tests.identity import force_login_verified
from tests.instructors_helpers import PNG
from tests.links import route_of, same_site_links
from tests.personal_data import give_the_world_personal_data, leaks, personal_values
from tests.routes import Route, all_routes

PERSONAS = ["admin", "street_user", "other_street_user", "grid_user", "instructor_user", "secretary", "paired_user",
            "leader"]
ROUTES = all_routes()
LOGIN = reverse("accounts:login")


def add_a_row_of_every_model_to_each_street(world) -> None:
    """The shared world holds the ledger; here one record of every other model in each street,
    so that every persona has objects outside its jurisdiction (and most, one inside)."""
    today = datetime.date.today()
    # The first token is the administrator's: no other persona may revoke it (404), their own included.
    for user in (world.admin, world.street_user, world.other_street_user):
        issue(user, "对接系统")
    # A secretary who is a member: the party organization's page names them (a link only for
    # those who may open the member's page).
    world.party_org1.secretary = world.member1
    world.party_org1.save()
    second = Instructor.objects.create(name="赵指导", dispatching_unit="区教育局", region=world.street2)
    Assignment.objects.create(instructor=second, organization=world.org2, start_date=datetime.date(2025, 1, 1))
    for person, org, street, user in ((world.instructor, world.org1b, world.street1, world.street_user),
                                      (second, world.org2, world.street2, world.other_street_user)):
        TrainingRecord.objects.create(instructor=person, date=today, title="党建业务培训")
        WorkPlan.objects.create(instructor=person, organization=org, year=today.year, goals="建立党组织", actions="走访")
        visit = Visit.objects.create(instructor=person, organization=org, date=today, hours=Decimal(2))
        photo = VisitPhoto(visit=visit, content_type="image/png", size=len(PNG))
        photo.image.save("photo.png", ContentFile(PNG), save=True)
        MajorEventReport.objects.create(instructor=person, organization=org, kind="change", event_date=today,
                                        description="变更经营范围")
        Leave.objects.create(instructor=person, start_date=today, end_date=today + datetime.timedelta(days=40), reason="病假")
        QuarterlyMeeting.objects.create(region=street, date=today)
        SpotCheck.objects.create(region=street, instructor=person)
        Evaluation.objects.create(instructor=person, year=today.year, half=1, qualitative_score=80, owner_score=80,
                                  employee_score=80, member_score=80, results_score=80)
        census = Census.objects.create(name=f"{street.name}摸底", year=today.year, region=street,
                                       deadline=today + datetime.timedelta(days=30), threshold=3)
        CensusRecord.objects.create(census=census, organization=org, region=org.region)
        ImportJob.objects.create(user=user, region_path=street.path, original_name="台账.xlsx")
        ExportJob.objects.create(user=user, region_path=street.path, key="organizations", title="两新组织台账")
        ParameterOverride.objects.create(key=sorted(PARAMETERS)[0], region=street, value=2, reason="测试")
        CoverageSnapshot.objects.create(region=street, month=today.replace(day=1))
        Officer.objects.create(region=street, duty=Officer.Duty.LEADER, name="李分管", phone="13800001111")
        change = GridChange.objects.create(kind=GridChange.Kind.MOVE, region=org.region, summary="测试")
        change.organizations.set([org])
        TrackingRecord.objects.create(region=org.region, content="走访")
        PromisingEmployee.objects.create(organization=org, name="孙晓明", reason="技术骨干")
        centre = ServiceCentre.objects.create(name=f"{street.name}党群服务中心", location="street", region=street, address="中心路1号",
                                              opened_on=today)
        centre.grids.set([org.region])
        CentreSubsidy.objects.create(centre=centre, year=today.year, kind="other", amount=Decimal("1000.00"))
        RolloutState.objects.create(region=street)
        JointMeeting.objects.create(region=street, title=f"{street.name}联席会议", attendees="工商所", decisions="议定事项")
        contact = ContactPoint.objects.create(leader_name="王建国", leader_position="街道党工委书记", organization=org, region=org.region)
        ContactVisit.objects.create(contact_point=contact, content="调研")
        DemonstrationPoint.objects.create(name=f"{org.name}示范点", organization=org, region=org.region, reasons="示范",
                                          review_due=today + datetime.timedelta(days=365))
        record(ChangeLog.Action.UPDATE, org, detail="测试")
        pairing = Pairing.objects.filter(organization=org).first() or Pairing.objects.create(
            unit=PairedUnit.objects.create(name=f"{street.name}公共服务办公室", level="street", region=street),
            organization=org, start_date=datetime.date(2025, 1, 1))
        points = PointsRecord.objects.create(pairing=pairing, date=today, kind="visit", content="走访", participants="3人",
                                             results="制度上墙")
        photo = RecordPhoto(record=points, content_type="image/png", size=len(PNG))
        photo.image.save("photo.png", ContentFile(PNG), save=True)
        SelfAssessment.objects.get_or_create(unit=pairing.unit, year=today.year - 1, defaults={"notes": "自评"})
        open_round(pairing, today.year, "mid_year", user)
        Inspection.objects.create(region=street, year=today.year, quarter=1, inspected_on=today, findings="检查")
        bulletin = QuarterlyBulletin(region=street, year=today.year, quarter=1)
        bulletin.figures = draft(bulletin)
        bulletin.save()
    for party_org, member in ((world.party_org1, world.member1), (world.party_org2, world.member2)):
        held = Activity.objects.create(party_org=party_org, kind=ActivityKind.objects.get(code="lecture"), date=today,
                                       place="党员活动室", topic="党课", minutes="纪要", host="张主持")
        Attendance.objects.create(activity=held, member=member)
        photo = ActivityPhoto(activity=held, content_type="image/png", size=len(PNG))
        photo.image.save("photo.png", ContentFile(PNG), save=True)
        CrossAppointment.objects.create(party_org=party_org, secretary_in_management=True)
        Training.objects.create(party_org=party_org, attendee=member, date=today, organizer="区委组织部")
        PartyWorker.objects.create(party_org=party_org, member=member, position="党务专员", start_date=today)
        entry = Checklist.objects.create(party_org=party_org, standard="five_ones").entries.first()
        entry.content_type = "image/png"
        entry.image.save("photo.png", ContentFile(PNG), save=True)
        round_ = RatingRound.objects.create(region=party_org.region.parent.parent, year=today.year - 1, scheme="five_good")
        Rating.objects.create(round=round_, party_org=party_org, scores={"leadership": 80})
    # A person of the development pipeline in each street's branch, with the application step.
    for stem, org, party_org in (("44030319990909001", world.org1, world.party_org1),
                                 ("44030319990909012", world.org2, world.party_org2)):
        recruit = Member.people.create(name="孙申请", id_number=id_number(stem), organization=org, party_org=party_org,
                                       category=Member.Category.APPLICANT)
        DevelopmentStep.objects.create(member=recruit, stage="applicant", date=today, documents=["application"])
    # A flowing member in each street with a registration, a certificate and a contact.
    for stem, org, number in (("43042119900101022", world.org1, "LD0001"), ("43042119900101033", world.org2, "LD0002")):
        flowing = Member.objects.create(name="钱流动", id_number=id_number(stem), organization=org, flow_status="inflow",
                                        flow_certificate_no=number, flow_certificate_valid_until=today + datetime.timedelta(days=300))
        FlowRegistration.objects.create(member=flowing, direction="inflow", other_party_org="某镇党委", registered_on=today)
        FlowCertificate.objects.create(member=flowing, number=number, issued_on=today, valid_until=today + datetime.timedelta(days=300),
                                       issuer="某党支部")
        FlowContact.objects.create(member=flowing, date=today, situation="工作稳定")
    # A year of funding in each street.
    for street, party_org, org in ((world.street1, world.party_org1, world.org1), (world.street2, world.party_org2, world.org2)):
        Allocation.objects.create(region=street, party_org=party_org, year=today.year, date=today, amount=Decimal("100.00"))
        Expense.objects.create(party_org=party_org, year=today.year, date=today, amount=Decimal("10.50"), purpose="activity",
                               description="主题党日")
        DuesReturn.objects.create(party_org=party_org, year=today.year - 1, retained=Decimal("50"), returned=Decimal("40"))
        SetAside.objects.create(organization=org, year=today.year - 1, amount=Decimal("1000"))
        # Last year's annual inspection of each street, with a result.
        inspection = InspectionRound.objects.create(region=street, year=today.year - 1, department=f"{street.name}党工委")
        InspectionResult.objects.create(round=inspection, organization=org, result="passed", inspected_on=today)


@pytest.fixture(scope="module")
def _site_rows(_committed_world, django_db_blocker, tmp_path_factory):
    """The rows every route reads, added once per module (per worker, per run of its tests):
    adding them for each of ~600 routes cost about 1.5 s a route, more than a third of the whole
    suite's time. What a route's POST changes is undone before the next route."""
    media = tmp_path_factory.mktemp("media")
    with rolled_back_at_the_end(django_db_blocker), override_settings(MEDIA_ROOT=media):
        world = _load_world()
        add_a_row_of_every_model_to_each_street(world)
        give_the_world_personal_data(world)
        yield media, personal_values(world)


@pytest.fixture
def site(_site_rows, world, settings):
    settings.MEDIA_ROOT, world.personal_values = _site_rows
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        force_login_verified(clients[persona], getattr(world, persona))
    return world, clients


def request(client: Client, route: Route, kwargs: dict):
    url = route.url(kwargs)
    call = getattr(client, route.method.lower())
    if route.api and route.method in ("POST", "PATCH"):
        return url, call(url, {}, content_type="application/json")
    return url, call(url)


# (persona, view) → the status of the first link to that view a page showed the persona, for the
# whole module (the world and the rows `_site_rows` adds are the same in every test).
LINK_STATUS: dict[tuple[str, str], tuple[str, int]] = {}


def read_page(route: Route, persona: str, user, client: Client, url: str, response) -> list[str]:
    """What is wrong with a page a persona got: the view's own opens_for disagreeing with its
    answer, or a link on it that answers 403/404 for the same persona.

    A link is fetched when it is the first to its view this persona was shown; every other link
    is judged by opens_for. That is the view's own answer: each route is tried above with
    objects inside and outside every persona's jurisdiction, and the first check here fails
    wherever opens_for disagrees with what the route answered. Fetching every link (several
    thousand, mostly list pages) was three quarters of this module's time."""
    if route.api or route.method != "GET":
        return []
    wrong = []
    opened = response.status_code not in (403, 404)
    if opens_for(user, url) != opened:
        wrong.append(f"{persona} {url}: answered {response.status_code} but core.links.opens_for says "
                     f"{'it opens' if not opened else 'it does not'}; make the view's opens_for agree with it")
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return wrong
    for link in same_site_links(response.content.decode(), url):
        key = (persona, route_of(link))
        if key not in LINK_STATUS:
            LINK_STATUS[key] = (link, client.get(link).status_code)
            if opens_for(user, link) != (LINK_STATUS[key][1] not in (403, 404)):
                wrong.append(f"{persona} {url} shows a link to {link}, which answers {LINK_STATUS[key][1]} but "
                             f"core.links.opens_for says otherwise; make the view's opens_for agree with it")
        first, first_status = LINK_STATUS[key]
        status = first_status if first == link else (200 if opens_for(user, link) else 404)
        if status in (403, 404):
            wrong.append(f"{persona} {url} shows a link to {link}, which answers {status}")
    return wrong


def refused_anonymous(route: Route, response) -> bool:
    if route.api:
        return response.status_code in (401, 403)
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def outside_and_inside(route: Route, user):
    """An object of the route's model outside the user's jurisdiction for its action, and one inside."""
    manager = route.model._default_manager
    inside = manager.scoped(user, route.action)
    return manager.exclude(pk__in=inside.values("pk")).order_by("pk").first(), inside.order_by("pk").first()


def try_object_route(route: Route, world, clients) -> list[str]:
    wrong = []
    everything = route.model._default_manager.order_by("pk")
    if not everything.exists():
        return [f"{route}: no {route.model.__name__} in the test's world; add one to "
                f"add_a_row_of_every_model_to_each_street in tests/test_routes.py"]
    declared = route.declared
    any_pk = everything.first().pk
    url, response = request(Client(), route, {route.kwarg: any_pk})
    if not refused_anonymous(route, response):
        wrong.append(f"anonymous {url}: {response.status_code}")
    for persona in PERSONAS:
        user = getattr(world, persona)
        client = clients[persona]
        if not user.has_perm(route.permission):
            expected = declared.without_permission if declared else 403
            url, response = request(client, route, {route.kwarg: any_pk})
            if response.status_code != expected:
                wrong.append(f"{persona} {url} without {route.permission}: {response.status_code}, expected {expected}")
            wrong += read_page(route, persona, user, client, url, response)
            continue
        outside, inside = outside_and_inside(route, user)
        if outside is not None:
            url, response = request(client, route, {route.kwarg: outside.pk})
            if response.status_code != 404:
                wrong.append(f"{persona} {url}: {response.status_code} for {outside!r}, outside the jurisdiction")
            wrong += read_page(route, persona, user, client, url, response)
        expected_inside = declared.inside if declared else 200
        if inside is not None and route.method == "GET":
            url, response = request(client, route, {route.kwarg: inside.pk})
            if expected_inside is not None and response.status_code != expected_inside:
                wrong.append(f"{persona} {url}: {response.status_code} for {inside!r}, inside the jurisdiction")
            wrong += leaks(user, route.model, url, response, world.personal_values)
            wrong += read_page(route, persona, user, client, url, response)
    return wrong


def try_collection_route(route: Route, world, clients) -> list[str]:
    """A list, an add page, an API list or create: 403 without the permission; a list holds
    no object from outside the jurisdiction."""
    wrong = []
    url, response = request(Client(), route, {})
    if not refused_anonymous(route, response):
        wrong.append(f"anonymous {url}: {response.status_code}")
    for persona in PERSONAS:
        user = getattr(world, persona)
        url, response = request(clients[persona], route, {})
        wrong += read_page(route, persona, user, clients[persona], url, response)
        if not user.has_perm(route.permission):
            if response.status_code != 403:
                wrong.append(f"{persona} {url} without {route.permission}: {response.status_code}, expected 403")
            continue
        expected = 400 if route.method == "POST" else 200  # an empty API create is invalid, never saved
        if response.status_code != expected:
            wrong.append(f"{persona} {url}: {response.status_code}, expected {expected}")
            continue
        if route.method == "GET":
            wrong += leaks(user, route.model, url, response, world.personal_values)
        if route.method != "GET" or route.action != "view":
            continue
        outside, _ = outside_and_inside(route, user)
        if outside is None:
            continue
        if route.api:
            ids = {row.get("id") for row in response.json().get("results", [])}
            if outside.pk in ids:
                wrong.append(f"{persona} {url} lists {outside!r}, outside the jurisdiction")
        else:
            detail = _detail_url(route, outside)
            if detail and detail in response.content.decode():
                wrong.append(f"{persona} {url} links to {detail} ({outside!r}), outside the jurisdiction")
    return wrong


def _detail_url(route: Route, obj) -> str | None:
    opts = route.model._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}_detail", args=[obj.pk])
    except Exception:  # noqa: BLE001 -- a model without a detail page (the change log)
        return None


def try_declared_route(route: Route, world, clients) -> list[str]:
    """A route without an object: its declared values, and who may use it."""
    declared = route.declared
    wrong = []
    values = [{route.kwarg: value} for value in declared.values()] if declared.values else [{}]
    url, response = request(Client(), route, values[0])
    if declared.anonymous is not None:
        if response.status_code != declared.anonymous:
            wrong.append(f"anonymous {url}: {response.status_code}, expected {declared.anonymous}")
    elif not refused_anonymous(route, response):
        wrong.append(f"anonymous {url}: {response.status_code}")
    for persona in PERSONAS[:1] if declared.same_for_everyone else PERSONAS:
        user = getattr(world, persona)
        for kwargs in values:
            allowed = declared.allowed is None or declared.allowed(user, kwargs)
            url, response = request(clients[persona], route, kwargs)
            wrong += read_page(route, persona, user, clients[persona], url, response)
            expected = set(declared.answers) if allowed else {declared.otherwise}
            if response.status_code not in expected:
                wrong.append(f"{persona} {url}: {response.status_code}, expected one of {sorted(expected)}")
            if route.method == "GET":
                revealed = declared.reveals(user, kwargs) if declared.reveals else set()
                wrong += leaks(user, route.model, url, response, world.personal_values, revealed)
    return wrong


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_route_answers_each_persona_by_jurisdiction_and_role(site, route):
    assert not route.problems, (
        f"{route} cannot be tried by tests/test_routes.py: {'; '.join(route.problems)}. Make the view state its "
        f"model (or its viewset a queryset), or declare the route in DECLARED in tests/routes.py with its reason."
    )
    world, clients = site
    if route.is_object:
        wrong = try_object_route(route, world, clients)
    elif route.model is not None and route.declared is None:
        wrong = try_collection_route(route, world, clients)
    else:
        wrong = try_declared_route(route, world, clients)
    assert not wrong, "\n".join(wrong)


def test_it_walks_every_resource_of_the_api_router():
    walked = {route.path.split("/")[1].strip("^$") for route in ROUTES if route.api}
    registered = {prefix for prefix, _viewset, _basename in router.registry}
    assert registered <= walked, registered - walked
    assert len(registered) >= 19
