"""The roles of DOMAIN.md and what each may do. Where each may do it is the jurisdiction
(liangxin.core.jurisdiction, resolved per role by the app that owns the relation); the two together decide every access."""

from functools import cache

from django.apps import apps
from django.db import models

from liangxin.core.personal import Kind, Level

ACTIONS = ("view", "add", "change", "delete")


class Role(models.TextChoices):
    ADMIN = "admin", "区委组织部管理员"
    COMMITTEE = "committee", "街道/乡镇/园区党(工)委"
    COMMUNITY = "community", "社区/村/网格党组织"
    INSTRUCTOR = "instructor", "党建工作指导员"
    SECRETARY = "secretary", "企业党组织书记"
    PAIRED_UNIT = "paired_unit", "结对共建单位"
    LEADER = "leader", "领导（只读）"


# Roles that change nothing: their home page is an overview of the jurisdiction, and what the
# rules find is a list of problems to watch, not their to-do list.
READ_ONLY_ROLES = {Role.LEADER}

# Roles whose jurisdiction is a region subtree; the others are scoped by organizations.
REGION_ROLES = {Role.ADMIN, Role.COMMITTEE, Role.COMMUNITY, Role.LEADER}

# Roles that must pass a second factor (TOTP) after the password: those that can change other
# users or see full 身份证号, and street committees, which hold the ledger and the instructors of
# a whole street (issue 10, 身份鉴别: 两种或两种以上组合的鉴别技术 for administrators).
# tests/test_second_factor.py checks that every role granted accounts.change_user or
# members.view_id_number is in this set, so a new grant cannot skip the second factor.
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.COMMITTEE})


def needs_second_factor(user) -> bool:
    """Whether the account must pass the second factor after its password. A superuser
    (createsuperuser) holds every permission, so it counts as an administrator."""
    return bool(user.is_authenticated and (user.role in SECOND_FACTOR_ROLES or user.is_superuser))

# "app.*" grants every action on every model of the app; "app.action_model" one permission.
# Extra permissions: members.view_id_number (the full 身份证号, each view logged),
# audit.view_changelog (the change log of objects in the jurisdiction).
_LEDGER_WRITE = ("organizations.*", "partyorgs.*", "members.*", "regions.view_region", "audit.view_changelog")
# Rule parameters are district policy: only administrators change them (liangxin.rules);
# region roles see the values in force and where they come from, and the coverage history.
_RULES_READ = ("rules.view_parameteroverride", "rules.view_coveragesnapshot")
# Ledger import/export and the census (liangxin.ledger): administrators open and close a
# census; streets and communities fill its records and import files into their own subtree.
# Region roles' exports past LEDGER_EXPORT_INLINE_ROWS rows are background jobs (view_exportjob:
# their own); the other roles' lists are small enough to answer at once.
_LEDGER_FILL = ("ledger.view_census", "ledger.view_censusrecord", "ledger.change_censusrecord", "ledger.add_importjob", "ledger.view_importjob",
                "ledger.view_exportjob")
# Instructors (liangxin.instructors): committees manage their own instructors (roster,
# meetings, spot checks, evaluations, report acceptance); communities read the work done in
# their organizations; an instructor keeps their own work log, plans, reports and leave.
_INSTRUCTORS_READ = ("instructors.view_instructor", "instructors.view_assignment", "instructors.view_workplan",
                     "instructors.view_visit", "instructors.view_visitphoto", "instructors.view_majoreventreport")
_INSTRUCTOR_OWN = (
    *_INSTRUCTORS_READ, "instructors.view_trainingrecord", "instructors.view_leave", "instructors.add_leave",
    "instructors.view_evaluation", "instructors.view_quarterlymeeting",
    "instructors.add_workplan", "instructors.change_workplan",
    "instructors.add_visit", "instructors.change_visit", "instructors.delete_visit", "instructors.add_visitphoto",
    "instructors.delete_visitphoto", "instructors.add_majoreventreport",
)
# Grid management (liangxin.grids): committees change the region tree below them and keep the
# grids' records; communities and grids read them.
# Service centres and their subsidies (GRID-6): no personal data, so leaders read them too.
# The roll-out's state and joint meetings (GRID-7) too: figures and departments, no one's data.
# Demonstration points name organizations, not people.
_GRIDS_SERVICE_READ = ("grids.view_servicecentre", "grids.view_centresubsidy", "grids.view_rolloutstate", "grids.view_jointmeeting",
                       "grids.view_demonstrationpoint")
# A leading cadre's contact point names the cadre: communities and grids read theirs (the visits
# to them included); the leader role, which sees no names, does not.
_GRIDS_CONTACT_READ = ("grids.view_contactpoint", "grids.view_contactvisit")
_GRIDS_RUN = ("regions.add_region", "regions.change_region", "regions.delete_region", "grids.*")
_GRIDS_READ = ("grids.view_gridchange", "grids.view_officer", *_GRIDS_SERVICE_READ, *_GRIDS_CONTACT_READ)
# 结对共建 (liangxin.pairing): administrators keep the district's units, street committees their
# street's; the others read the units and pairings of their organizations or subtree.
_PAIRING_READ = ("pairing.view_pairedunit", "pairing.view_pairing", "pairing.view_pointsrecord", "pairing.view_recordphoto",
                 "pairing.view_selfassessment")
# A paired unit keeps its points record (附件2); the organization's Party leader confirms it, the
# street where the organization has no party organization (liangxin.pairing.services.may_review).
_PAIRING_RECORD = ("pairing.add_pointsrecord", "pairing.change_pointsrecord", "pairing.delete_pointsrecord",
                   "pairing.add_recordphoto")
_PAIRING_CONFIRM = "pairing.confirm_pointsrecord"
# Communities and grids keep their own dynamic tracking (GRID-5, 002 二(二)2).
_GRIDS_TRACK = ("grids.view_trackingrecord", "grids.add_trackingrecord", "grids.change_trackingrecord",
                "grids.view_promisingemployee", "grids.add_promisingemployee", "grids.change_promisingemployee")
# Party life (liangxin.partylife): a secretary records their party organizations' activities
# (STD-5); streets and communities read the archive; the administrator keeps the classification.
_PARTYLIFE_READ = ("partylife.view_activity", "partylife.view_activityphoto", "partylife.view_activitykind",
                   "partylife.view_attendance", "partylife.view_crossappointment", "partylife.view_training",
                   "partylife.view_partyworker")
# Secretaries' training (MEM-7): the street that holds it records it, the secretary too; both
# keep the list of full-time Party workers it is checked against (ending a post is a change).
_CROSS_KEEP = ("partylife.add_crossappointment", "partylife.change_crossappointment", "partylife.add_training",
               "partylife.change_training", "partylife.add_partyworker", "partylife.change_partyworker")
_PARTYLIFE_RECORD = (*_PARTYLIFE_READ, "partylife.add_activity", "partylife.change_activity", "partylife.delete_activity",
                     "partylife.add_activityphoto", *_CROSS_KEEP)
# Standards (liangxin.assessments): the secretary fills the 六有 and 五个一 checklists; the street
# verifies them, runs the yearly ratings and its committee approves them; ratings are generated
# from their round, never added one by one (no add_rating).
_STANDARDS_READ = ("assessments.view_checklist", "assessments.view_checklistentry", "assessments.view_checklistitem",
                   "assessments.view_ratinground", "assessments.view_rating")
_STANDARDS_FILL = ("assessments.view_checklist", "assessments.add_checklist", "assessments.view_checklistentry",
                   "assessments.change_checklistentry", "assessments.view_checklistitem")
_STANDARDS_STREET = (*_STANDARDS_READ, "assessments.add_checklist", "assessments.verify_checklistentry",
                     "assessments.add_ratinground", "assessments.change_ratinground", "assessments.delete_ratinground",
                     "assessments.approve_ratinground", "assessments.change_rating", "assessments.delete_rating")
_STANDARDS_ADMIN = (*_STANDARDS_STREET, *_STANDARDS_FILL, "assessments.delete_checklist", "assessments.add_checklistitem",
                    "assessments.change_checklistitem", "assessments.delete_checklistitem", "assessments.change_checklist")
# 党建经费 (liangxin.funding, FUND-1…3): the district and the streets keep the budget's
# allocations and the dues returned; the others read them, and a party organization records
# its own spending. No personal data: the leader reads the sums like everyone.
_FUNDING_READ = ("funding.view_allocation", "funding.view_expense", "funding.view_duesreturn", "funding.view_setaside")
_FUNDING_SPEND = ("funding.add_expense", "funding.change_expense", "funding.delete_expense")
# Quarterly bulletins (liangxin.reports, REP-3): the district's organization department and the
# street committees draft, review and freeze their own and keep their Word template; the leader
# reads them (figures and organizations, no person's data).
_BULLETINS_KEEP = ("reports.view_quarterlybulletin", "reports.add_quarterlybulletin", "reports.change_quarterlybulletin",
                   "reports.delete_quarterlybulletin", "reports.view_bulletintemplate", "reports.add_bulletintemplate",
                   "reports.change_bulletintemplate")
# 党建工作年检 (liangxin.inspections, REP-2): the district and the streets run their rounds and
# enter the results (a result is never added by hand: its round lists the organizations); the
# others read them, a secretary its own organizations' results. Organizations, no one's data.
_INSPECTIONS_READ = ("inspections.view_inspectionround", "inspections.view_inspectionresult")
_INSPECTIONS_RUN = (*_INSPECTIONS_READ, "inspections.add_inspectionround", "inspections.change_inspectionround",
                    "inspections.delete_inspectionround", "inspections.change_inspectionresult")

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # The district's administrator manages every kind of account, paired-unit users included:
    # the user form offers 结对共建单位 only to a role that may see the paired units.
    Role.ADMIN: ("regions.*", "accounts.*", "members.view_id_number", "rules.*", "ledger.*", *_LEDGER_WRITE,
                 "instructors.*", "pairing.*", "grids.*", _PAIRING_CONFIRM, "partylife.*",
                 *_STANDARDS_ADMIN, "funding.*", *_INSPECTIONS_RUN, *_BULLETINS_KEEP),
    # Street committees keep their street's units and pairings (004 四(一): 各街道要组织好街道机关、
    # 事业单位与“两新”组织结对共建); they read the district's units paired in their street.
    # Street, town and park committees run the communities and grids of their subtree (GRID-1,
    # 002 二(一)): add, rename, split, merge; RegionQuerySet keeps their own region out of reach.
    Role.COMMITTEE: (*_LEDGER_WRITE, *_RULES_READ, *_LEDGER_FILL, "instructors.*", *_GRIDS_RUN, "pairing.*",
                     _PAIRING_CONFIRM, *_PARTYLIFE_READ, *_CROSS_KEEP, *_STANDARDS_STREET, "funding.*", *_INSPECTIONS_RUN, *_BULLETINS_KEEP),
    Role.COMMUNITY: (*_LEDGER_WRITE, *_RULES_READ, *_LEDGER_FILL, *_INSTRUCTORS_READ, *_GRIDS_READ, *_GRIDS_TRACK,
                     *_PAIRING_READ, *_PARTYLIFE_READ, *_STANDARDS_READ, *_FUNDING_READ, *_INSPECTIONS_READ),
    Role.INSTRUCTOR: (
        "regions.view_region", "organizations.view_organization", "partyorgs.view_partyorg",
        "members.view_member", *_INSTRUCTOR_OWN,
    ),
    # A secretary also reads the instructors' work in its own organizations (their visits, with
    # photos, and who is assigned): the scope of those records limits it to its organizations.
    Role.SECRETARY: (
        "regions.view_region", "organizations.view_organization", "partyorgs.view_partyorg",
        "partyorgs.change_partyorg", "members.*", "audit.view_changelog", *_PAIRING_READ, _PAIRING_CONFIRM,
        "instructors.view_instructor", "instructors.view_assignment", "instructors.view_visit",
        "instructors.view_visitphoto", *_PARTYLIFE_RECORD, *_STANDARDS_FILL, *_FUNDING_READ, *_FUNDING_SPEND,
        "inspections.view_inspectionresult",
    ),
    Role.PAIRED_UNIT: ("regions.view_region", "organizations.view_organization", "partyorgs.view_partyorg", *_PAIRING_READ,
                         *_PAIRING_RECORD),
    # Leaders read statistics of their subtree, never personal data: no member permissions.
    Role.LEADER: ("regions.view_region", "organizations.view_organization", "partyorgs.view_partyorg",
                  "ledger.view_census", "ledger.view_censusrecord", "ledger.view_exportjob", *_RULES_READ,
                  "grids.view_gridchange", "grids.view_trackingrecord", *_GRIDS_SERVICE_READ, *_PAIRING_READ,
                  *_STANDARDS_READ, "partylife.view_crossappointment", *_FUNDING_READ, *_INSPECTIONS_READ,
                  "reports.view_quarterlybulletin"),
}


# What each role sees of each kind of personal data (data minimisation, 等保 访问控制), in
# every output at once: pages, API, exports, the change log (liangxin.core.personal.present).
# Phones and 身份证号 are masked on every screen; a full 身份证号 is a separate, logged action
# for holders of members.view_id_number (the member page's 查看完整, the full export). The
# leader reads statistics and organizations but no person: no name, phone, 身份证号 or Party
# membership. A paired unit works with its organizations' people, not their files.
_HIDDEN, _MASKED, _FULL = Level.HIDDEN, Level.MASKED, Level.FULL
_STAFF = {Kind.NAME: _FULL, Kind.PHONE: _MASKED, Kind.ID_NUMBER: _MASKED, Kind.POLITICAL: _FULL}
PERSONAL_DATA: dict[str, dict[str, Level]] = {
    Role.ADMIN: _STAFF,
    Role.COMMITTEE: _STAFF,
    Role.COMMUNITY: _STAFF,
    Role.INSTRUCTOR: _STAFF,
    Role.SECRETARY: _STAFF,
    Role.PAIRED_UNIT: {Kind.NAME: _FULL, Kind.PHONE: _MASKED, Kind.ID_NUMBER: _HIDDEN, Kind.POLITICAL: _HIDDEN},
    Role.LEADER: {Kind.NAME: _HIDDEN, Kind.PHONE: _HIDDEN, Kind.ID_NUMBER: _HIDDEN, Kind.POLITICAL: _HIDDEN},
}


def personal_data_levels(user) -> dict[str, Level]:
    """The row of PERSONAL_DATA for a user; a superuser reads as an administrator."""
    return PERSONAL_DATA.get(Role.ADMIN if user.is_superuser else user.role, {})


@cache
def permissions_for(role: str) -> frozenset[str]:
    granted: set[str] = set()
    for entry in ROLE_PERMISSIONS.get(role, ()):
        app_label, _, codename = entry.partition(".")
        if codename == "*":
            for model in apps.get_app_config(app_label).get_models():
                granted.update(f"{app_label}.{action}_{model._meta.model_name}" for action in ACTIONS)
        else:
            granted.add(entry)
    return frozenset(granted)
