"""Every route of the site, read from the URL resolver (the DRF router's routes included), with
what it needs: the model its URL parameter names, the scoped action and the permission.

Conventional routes describe themselves: an object page states its `model` (and `action`),
an API viewset its `queryset`, and the URL names follow `<model>_list|detail|add|edit|delete`.
The few routes that do not are declared below, each with its reason; a route that is neither
makes tests/test_routes.py fail, asking the developer to declare it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from liangxin.accounts.models import ApiToken, User
from liangxin.accounts.roles import needs_second_factor
from liangxin.assessments.models import ChecklistEntry, RatingRound
from liangxin.core.views import ObjectEditView
from liangxin.inspections.models import InspectionRound
from liangxin.instructors.models import Leave, MajorEventReport, VisitPhoto
from liangxin.ledger.exporting import EXPORTS
from liangxin.ledger.models import Census, ExportJob, ImportJob
from liangxin.members.models import FlowCertificate, Member, Recruit
from liangxin.pairing.evaluations import token_for
from liangxin.pairing.models import Inspection, Invitation, PointsRecord, RecordPhoto
from liangxin.partylife.models import ActivityPhoto
from liangxin.reports.models import QuarterlyBulletin
from liangxin.rules.registry import all_rules, get_rule
from liangxin.rules.services import root_region
from liangxin.rules.views import VIEW_PERMISSION

# A DRF action → the HTTP method the test uses and the scoped action it needs (as the API's
# ACTION_FOR_METHOD maps it). PUT shares PATCH's object lookup, so PATCH stands for both.
API_ACTIONS = {
    "list": ("GET", "view"), "retrieve": ("GET", "view"), "create": ("POST", "add"),
    "partial_update": ("PATCH", "change"), "destroy": ("DELETE", "delete"),
}
# The conventional page names (core.views.object_urls) → the scoped action.
PAGE_ACTIONS = {"list": "view", "detail": "view", "add": "add", "edit": "change", "delete": "delete"}


@dataclass(frozen=True)
class Declared:
    """How to try a route whose view does not say it itself."""

    reason: str
    model: type | None = None  # the model whose pk the URL parameter is
    action: str = "view"  # the scoped action the view looks the object up with
    method: str = "GET"
    permission: str | None = None  # when not "<app>.<action>_<model>"
    without_permission: int = 403  # what a role without the permission gets
    inside: int | None = 200  # what an object inside the jurisdiction answers (None: not checked)
    # For a parameter that is not an object: its values (called with the test's world).
    values: Callable[[], list[str]] | None = None
    # Who may use a route without an object (given the user and the URL's kwargs); None: anyone logged in.
    allowed: Callable[[object, dict], bool] | None = None
    answers: tuple[int, ...] = (200,)  # what an allowed user may get
    otherwise: int = 403  # what a user not allowed gets
    anonymous: int | None = None  # what anonymous gets, when it is not refused
    same_for_everyone: bool = False  # the same answer whoever asks: tried by one persona only
    # Kinds of personal data the route shows in full to a user beyond the role's level (a logged
    # view of unmasked data), given the user and the URL's kwargs.
    reveals: Callable[[object, dict], set] | None = None


def _rule_ids() -> list[str]:
    """A rule of each kind of object: the rule pages differ by the model a rule counts (its
    permission and its scoped rows), not by the rule. A rule of several parts (MEM-7) is a
    kind of its own: its page lists each part the user may see."""
    first = {}
    for rule in all_rules():
        first.setdefault(tuple(section.model_class for section in rule.sections), rule.id)
    return sorted(first.values())


def _may_view_rule(user, route_kwargs: dict) -> bool:
    return user.has_perm(VIEW_PERMISSION) and get_rule(next(iter(route_kwargs.values()))).can_view(user)


def _invitation_tokens() -> list[str]:
    invitation = Invitation.objects.order_by("pk").first()
    # The route walk's world has one; other walks over every route (the second factor's) have none
    # and only need a well-formed value.
    return [token_for(invitation)] if invitation else ["no-such-invitation"]


DECLARED: dict[str, Declared] = {
    # Object routes whose view is a function or names no model.
    "members:member_reveal_id_number": Declared(
        "the full 身份证号 of a member (POST, logged), a permission of its own", Member, method="POST",
        permission="members.view_id_number"),
    "members:recruit_next_step": Declared(
        "a person's next step of the development pipeline (the pk is the person's; the step itself: "
        "test_members_development)", Recruit, action="change", inside=None),
    "members:member_place": Declared(
        "placing an inflow member with no party organization into one (inside: test_members_flowing)", Member,
        action="change", inside=None),
    **{
        f"members:flowcertificate_{name}": Declared(
            f"{label} a valid 活动证 (inside: test_members_flowing)", FlowCertificate, action="change", inside=None)
        for name, label in (("renew", "renewing"), ("withdraw", "withdrawing"))
    },
    "members:flowing_export": Declared("the 流动党员台账 as a spreadsheet, the ledger page's rows (test_members_flowing)",
                                       allowed=lambda u, kwargs: u.has_perm("members.view_member")),
    "funding:funding": Declared("a region's funding page: region roles with the permission",
                                allowed=lambda u, kwargs: u.has_perm("funding.view_allocation") and bool(u.region_id)),
    "funding:funding_export": Declared("a region's funding as a spreadsheet: region roles with the permission",
                                       allowed=lambda u, kwargs: u.has_perm("funding.view_allocation") and bool(u.region_id)),
    "inspections:inspectionround_entry": Declared(
        "the round's entry page (the results one changes, a page of rows; the saving: test_inspections)",
        InspectionRound, permission="inspections.change_inspectionresult"),
    "inspections:inspectionround_export": Declared(
        "the round's list as a spreadsheet, the results the user may read (logged; contents: test_inspections)",
        InspectionRound, permission="inspections.view_inspectionresult"),
    "inspections:inspectionround_import": Declared(
        "the form importing a round's results from that spreadsheet (the import: test_inspections)",
        InspectionRound, permission="inspections.change_inspectionresult"),
    "instructors:visitphoto_file": Declared("a visit photo's file, served only through the scoped view", VisitPhoto),
    "instructors:majoreventreport_handle": Declared(
        "accepting a major-event report (POST; the inside case changes the ledger: tested in test_instructors_views)",
        MajorEventReport, action="change", method="POST", inside=None),
    "instructors:leave_reassign": Declared(
        "reassigning during a long leave (POST; inside: test_instructors_views)", Leave, method="POST",
        permission="instructors.add_assignment", inside=None),
    "pairing:recordphoto_file": Declared("a points record's photo, served only through the scoped view", RecordPhoto),
    "pairing:pointsrecord_review": Declared(
        "confirming or returning a points record (POST; the leader rule and the inside case: test_pairing_points)",
        PointsRecord, method="POST", permission="pairing.confirm_pointsrecord", inside=None),
    "pointsrecord-review": Declared(
        "confirming or returning a points record (API POST; the inside case: test_pairing_points)", PointsRecord,
        permission="pairing.confirm_pointsrecord", inside=None),
    **{
        f"ledger:{name}": Declared(
            "an import job is its uploader's alone: anyone else, and a role that may not see jobs, gets 404",
            ImportJob, method=method, without_permission=404, inside=None)
        for name, method in (("import_detail", "GET"), ("import_progress", "GET"), ("import_confirm", "POST"),
                             ("import_rerun", "POST"), ("import_report", "GET"))
    },
    **{
        f"ledger:{name}": Declared(
            "a large export is its requester's alone (it may hold personal data), whatever the role: anyone else "
            "gets 404 (inside: test_ledger_export)", ExportJob, without_permission=404, inside=None)
        for name in ("export_detail", "export_progress", "export_download")
    },
    "ledger:census_import": Declared(
        "importing into a census: the census is looked up in the jurisdiction first (404), then the role's import "
        "right is checked (inside: test_ledger_census)", Census, without_permission=404, inside=None),
    "partylife:activityphoto_file": Declared("an activity's photo, served only through the scoped view", ActivityPhoto),
    "partylife:archive": Declared("the archive by year and kind, for the roles that read activities",
                                  allowed=lambda u, kwargs: u.has_perm("partylife.view_activity")),
    "partylife:archive_export": Declared("the archive's zip (inside: test_partylife_activities)",
                                         allowed=lambda u, kwargs: u.has_perm("partylife.view_activity")),
    "assessments:checklistentry_photo": Declared("a checklist item's evidence photo, served only through the scoped view",
                                                 ChecklistEntry),
    "assessments:checklistentry_submit": Declared(
        "the secretary submits an item's evidence (POST; inside: test_partylife_standards)", ChecklistEntry,
        action="change", method="POST", permission="assessments.change_checklistentry", inside=None),
    "assessments:checklistentry_review": Declared(
        "the street verifies or returns an item (POST; inside: test_partylife_standards)", ChecklistEntry,
        method="POST", permission="assessments.verify_checklistentry", inside=None),
    "assessments:ratinground_approve": Declared(
        "the committee approves a rating round (POST; inside: test_partylife_standards)", RatingRound,
        action="change", method="POST", permission="assessments.approve_ratinground", inside=None),
    "assessments:ratinground_regenerate": Declared(
        "recomputing an open round's suggested scores (POST; inside: test_assessments_regenerate)", RatingRound,
        action="change", method="POST", permission="assessments.change_ratinground", inside=None),
    # Parameters that are not objects: every value the registry holds.
    "ledger:export": Declared("one export per entry of ledger.exporting.EXPORTS", values=lambda: sorted(EXPORTS),
                              allowed=lambda u, kwargs: u.has_perm(EXPORTS[kwargs["key"]].model_label),
                              reveals=lambda u, kwargs: EXPORTS[kwargs["key"]].unmasked(u)),
    "ledger:template": Declared("the blank import templates, the same for everyone",
                                values=lambda: ["ledger", "regions", "census", "pairings"], same_for_everyone=True),
    "rules:rule_detail": Declared("one page per rule of the registry", values=_rule_ids, allowed=_may_view_rule),
    "rules:rule_export": Declared("one export per rule of the registry (404 for a rule without a list)",
                                  values=_rule_ids, allowed=_may_view_rule, answers=(200, 404)),
    "rule-detail": Declared("one resource per rule of the registry", values=_rule_ids, allowed=_may_view_rule),
    "rule-violations": Declared("one list per rule of the registry", values=_rule_ids, allowed=_may_view_rule),
    # Pages without a parameter or a model: the user's own pages and the registry's summaries.
    "dashboard:home": Declared("the user's home page"),
    "favicon": Declared("the site icon, a redirect to its static file for everyone", answers=(302,), anonymous=302,
                        same_for_everyone=True),
    "accounts:login": Declared("the login page; a logged-in user is sent on", answers=(302,), anonymous=200),
    "accounts:logout": Declared("logging out (POST)", method="POST", answers=(302,), anonymous=302),
    "accounts:profile": Declared("the user's own profile"),
    "accounts:password_change": Declared("the user's own password"),
    "accounts:token_list": Declared("the user's own API tokens (我的令牌)"),
    "accounts:token_add": Declared("making one of the user's own API tokens (POST; empty: the form again with its error)",
                                   method="POST"),
    "accounts:token_revoke": Declared(
        "revoking an API token (POST): one's own, or one of the accounts an administrator manages; any other id is "
        "404, whatever the role (inside: test_tokens)", ApiToken, action="delete", method="POST", without_permission=404,
        inside=None),
    "accounts:session_keepalive": Declared(
        "renewing the user's own session (POST from the idle warning's script: anonymous gets 403, not a redirect)",
        method="POST", anonymous=403),
    "accounts:otp_verify": Declared(
        "the second factor's code page (asked again before full 身份证号); every persona's test session has an "
        "authenticator (tests.identity.force_login_verified); an account without one and without the need gets 404"),
    "accounts:otp_enrol": Declared(
        "enrolling an authenticator, for accounts that need the second factor; one that has an authenticator is sent "
        "to the code page (enrolling another needs an administrator's reset)",
        allowed=lambda u, kwargs: needs_second_factor(u), answers=(302,), otherwise=404),
    "accounts:user_otp_reset": Declared(
        "an administrator resets a user's second factor (POST, logged; inside: test_second_factor)", User,
        action="change", method="POST", permission="accounts.change_user", inside=None),
    "ledger:member_export_full": Declared(
        "the member list with full 身份证号: the permission, then a recent second factor and a reason "
        "(test_second_factor)",
        allowed=lambda u, kwargs: u.has_perm("members.view_id_number") and u.has_perm("members.view_member")),
    "accounts:locked_list": Declared("the accounts locked after failed logins, for those who manage users",
                                     allowed=lambda u, kwargs: u.has_perm("accounts.change_user")),
    "accounts:unlock": Declared(
        "unlocking (POST; with nothing locked it says so and goes back to the list; inside: test_identification)",
        method="POST", allowed=lambda u, kwargs: u.has_perm("accounts.change_user"), answers=(302,)),
    "rules:rule_list": Declared("the rule registry's summary", allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "rules:coverage": Declared("the coverage figures", allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "grids:grid_map": Declared("the grid map, from the user's own region (none for roles scoped by organization)",
                               allowed=lambda u, kwargs: u.has_perm("regions.view_region") and root_region(u) is not None),
    "pairing:pairing_map": Declared("who is paired with whom, from the user's own region",
                                    allowed=lambda u, kwargs: u.has_perm("pairing.view_pairing") and root_region(u) is not None),
    "reports:overview": Declared("the 003 §一 overview of the coverage figures",
                                 allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "reports:annual": Declared("the annual statistical report of a region: region roles that read the coverage figures",
                               allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION) and bool(u.region_id)),
    "reports:annual_download": Declared(
        "the annual report's .xlsx (the default format; .docx, PDF and the contents: test_reports_annual)",
        allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION) and bool(u.region_id)),
    "reports:bulletin_act": Declared(
        "a quarterly bulletin's life cycle (POST; without a step it says so and goes back; the steps: test_bulletins)",
        QuarterlyBulletin, action="change", method="POST", permission="reports.change_quarterlybulletin", inside=302,
        answers=(302,)),
    "reports:bulletin_download": Declared("a quarterly bulletin's .docx (the PDF: test_bulletins)", QuarterlyBulletin,
                                          permission="reports.view_quarterlybulletin"),
    "reports:bulletin_template": Declared(
        "the Word template in force for the user's region, and its upload",
        allowed=lambda u, kwargs: u.has_perm("reports.view_quarterlybulletin") and bool(u.region_id)),
    "reports:leaders": Declared("the leaders' overview of the coverage figures (the leader's home; ?screen=1 for a wall screen)",
                                allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "rules:todo": Declared("the to-do fragment", allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "instructors:workspace": Declared(
        "the instructor's own workspace; an account without an instructor record gets 404",
        allowed=lambda u, kwargs: hasattr(u, "instructor"), otherwise=404),
    "pairing:workspace": Declared(
        "the paired unit's own workspace; an account without a paired unit gets 404",
        allowed=lambda u, kwargs: bool(u.paired_unit_id), otherwise=404),
    "pairing:inspection_bulletin": Declared(
        "the bulletin's .docx (the PDF: test_pairing_bulletin), of an inspection the user may see", Inspection,
        permission="pairing.view_inspection"),
    "pairing:inspection_act": Declared(
        "issuing the bulletin, marking good practice (POST; the inside case: test_pairing_bulletin)", Inspection,
        method="POST", action="change", permission="pairing.change_inspection", inside=None),
    "pairing:commendation": Declared(
        "the annual commendation list of the user's district or street",
        allowed=lambda u, kwargs: u.has_perm("pairing.view_inspection") and u.region_id is not None),
    "pairing:evaluation_answer": Declared(
        "an evaluation answered by link without an account: the same page for everyone with a valid token "
        "(the token, the one answer and CSRF: test_pairing_evaluations)", values=_invitation_tokens, anonymous=200,
        same_for_everyone=True),
    "pairing:evaluation_open": Declared(
        "opening a round for every pairing kept (POST; the rounds opened: test_pairing_evaluations)", method="POST",
        allowed=lambda u, kwargs: u.has_perm("pairing.add_unitevaluation"), answers=(302,)),
    "pairing:self_assessment": Declared(
        "the paired unit's own year-end self-assessment; an account without a paired unit gets 404",
        allowed=lambda u, kwargs: bool(u.paired_unit_id), otherwise=404),
    "ledger:import": Declared("starting an import, for the roles that may import",
                              allowed=lambda u, kwargs: u.has_perm("ledger.add_importjob")),
    "coverage": Declared("the coverage figures (API)", allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "rule-list": Declared("the rule registry (API)", allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION)),
    "annual-report": Declared(
        "the annual report's tables (API; regions, years, the log: test_reports_api)",
        allowed=lambda u, kwargs: u.has_perm(VIEW_PERMISSION) and root_region(u) is not None),
    "rule-joint-branch-proposals": Declared(
        "joint-branch proposals (API)", allowed=lambda u, kwargs: u.has_perm("partyorgs.view_partyorg")),
    "api-root": Declared("the API's index"),
    "api-schema": Declared("the OpenAPI schema, for anyone signed in (anonymous: 401)", same_for_everyone=True),
    "api-docs": Declared("the API's documentation page, for anyone signed in (anonymous: the login page)",
                         anonymous=302),
    "healthz": Declared("the load balancer's health check, public: it says only which check failed (503 here: no "
                        "worker runs beside this test; test_serve has the 200)", anonymous=503, answers=(503,),
                        same_for_everyone=True),
}


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    api: bool
    method: str
    model: type | None = None
    kwarg: str | None = None  # the URL parameter naming an object (or a declared value)
    action: str = "view"
    permission: str | None = None
    declared: Declared | None = None
    problems: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.name})"

    def url(self, kwargs: dict) -> str:
        return reverse(self.name, kwargs=kwargs) if self.name != self.path else "/" + self.path

    @property
    def is_object(self) -> bool:
        return self.model is not None and self.kwarg is not None


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            # An unnamed route goes by its path.
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else prefix + str(pattern.pattern)
            yield pattern, prefix + str(pattern.pattern), name


def _parameters(pattern: URLPattern) -> list[str]:
    regex = pattern.pattern.regex
    return [name for name in regex.groupindex if name != "format"]


def all_routes() -> list[Route]:
    routes = []
    for pattern, path, name in _walk(get_resolver()):
        if "format" in pattern.pattern.regex.groupindex or path.endswith("<drf_format_suffix:format>"):
            continue  # the same view again with a ".json" suffix
        callback = pattern.callback
        params = _parameters(pattern)
        kwarg = params[0] if params else None
        declared = DECLARED.get(name) or DECLARED.get(pattern.name or "")
        drf = getattr(callback, "cls", None)
        if drf is not None:
            queryset = getattr(drf, "queryset", None)
            model = queryset.model if queryset is not None else None
            actions = getattr(callback, "actions", None) or {"get": "get"}
            for drf_action in sorted({a for verb, a in actions.items() if verb in drf.http_method_names} - {"update"}):
                method, action = API_ACTIONS.get(drf_action, ("GET", "view"))
                routes.append(_route(pattern.name or name, path, True, method, model, kwarg, action, declared, params))
            continue
        view = getattr(callback, "view_class", None)
        model = getattr(view, "model", None) if view is not None else None
        suffix = name.rsplit("_", 1)[-1]
        if view is not None and issubclass(view, ObjectEditView):
            action = "change" if kwarg else "add"
        else:
            action = PAGE_ACTIONS.get(suffix, getattr(view, "action", "view")) if model else "view"
        method = "GET" if view is None or hasattr(view, "get") else "POST"
        routes.append(_route(name, path, False, method, model, kwarg, action, declared, params))
    return routes


def _route(name, path, api, method, model, kwarg, action, declared, params) -> Route:
    problems = []
    if declared is not None:
        model = declared.model or model
        action = declared.action if declared.model else action
        method = declared.method if not api else method
        permission = declared.permission
        if len(params) > 1:
            problems.append(f"takes {params}: the test tries routes with one parameter")
    else:
        permission = None
        if len(params) > 1 or (params and params != ["pk"]):
            problems.append(f"takes {params}, not one object's pk")
        elif params and model is None:
            problems.append("takes a pk but its view names no model (set `model`, or a viewset `queryset`)")
        elif not params and model is None:
            problems.append("takes no parameter and names no model")
    if model is not None and permission is None:
        opts = model._meta
        permission = f"{opts.app_label}.{action}_{opts.model_name}"
    return Route(name, path, api, method, model, kwarg, action, permission, declared, tuple(problems))
