"""The demo accounts and their jurisdictions, the district's figures and the report printed
by `manage.py demo`."""

import datetime
import unicodedata
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.utils import timezone

from liangxin.accounts import secondfactor
from liangxin.accounts.models import User
from liangxin.accounts.roles import Role, needs_second_factor
from liangxin.demo.words import DEMO_PASSWORD
from liangxin.instructors.models import Assignment, Evaluation, Instructor, MajorEventReport, Visit, WorkPlan
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region


class DemoError(Exception):
    """The demo cannot be built or its accounts cannot be set up; the message says why."""


@dataclass
class DemoAccount:
    username: str
    role_label: str
    display_name: str
    jurisdiction: str
    second_factor: bool = False


@dataclass
class DemoResult:
    created: bool
    seconds: float
    counts: dict[str, int]
    accounts: list[DemoAccount]
    district: str
    rebuilt_because: str = ""  # why a changed demo had to be built afresh
    reset: bool = False  # built afresh on request (make demo-reset)


# --------------------------------------------------------------------------- accounts
def _current(prefix: str, today: datetime.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def _kept(username: str, field: str, candidates):
    """What the demo account already points at, when it is still one of `candidates`: a
    second run keeps the accounts where they were, whatever else users changed."""
    current_id = User.objects.filter(username=username).values_list(f"{field}_id", flat=True).first()
    if current_id is not None:
        return candidates.filter(pk=current_id).first()
    return None


def _first(*querysets):
    """The first row of the first queryset that has one (the preferred choice, then the
    fallbacks a changed demo may still offer)."""
    for queryset in querysets:
        found = queryset.first()
        if found is not None:
            return found
    return None


def ensure_demo_accounts(root: Region, today: datetime.date | None = None) -> list[DemoAccount]:
    """Create or repair the demo accounts: active, the demo password, no lockout, and a
    jurisdiction that still exists. Users may have changed the demo (ended assignments, moved
    or deleted organizations, dissolved a party organization, deactivated an account, changed
    a password): each account keeps what it had while that still fits, else takes the
    nearest fit, looked up in the database. Raises DemoError only when the district holds
    nothing an account could be given (then `build_demo` rebuilds it)."""
    today = today or timezone.localdate()
    streets_qs = root.children.filter(level=Region.Level.STREET).order_by("code")
    street1 = _kept("street1", "region", streets_qs) or _first(streets_qs) or root
    street2 = _kept("street2", "region", streets_qs.exclude(pk=street1.pk)) or _first(streets_qs.exclude(pk=street1.pk)) or root
    grids = Region.objects.subtree(street1).filter(level=Region.Level.GRID).order_by("code")
    with_orgs = grids.annotate(n=Count("organizations")).filter(n__gt=0)
    grid1 = _kept("grid1", "region", with_orgs) or _first(with_orgs, grids)
    in_street1, in_root = Q(region__path__startswith=street1.path), Q(region__path__startswith=root.path)
    active = PartyOrg.objects.active()
    secretary_org = _kept("secretary1", "party_org", active.filter(in_root)) or _first(
        active.filter(in_street1, type=PartyOrg.Type.COMMITTEE, children__isnull=False).order_by("pk"),
        active.filter(in_street1, type=PartyOrg.Type.JOINT_BRANCH).order_by("pk"),
        active.filter(in_street1, organizations__isnull=False).order_by("pk"),
        active.filter(in_root, organizations__isnull=False).order_by("pk"),
    )
    paired = PairedUnit.objects.filter(_current("pairings__", today),
                                       pairings__organization__region__path__startswith=root.path).distinct()
    pairing_unit = _kept("pairing1", "paired_unit", paired) or _first(paired.order_by("pk"))
    for what, found in (("网格", grid1), ("在册的党组织", secretary_org), ("在结对的共建单位", pairing_unit)):
        if not found:
            raise DemoError(f"演示区 {root.name} 已没有{what}")
    role_labels = dict(Role.choices)
    specs = [
        ("admin", Role.ADMIN, "区委组织部管理员", {"region": root}),
        ("street1", Role.COMMITTEE, f"{street1.name}党工委", {"region": street1}),
        ("street2", Role.COMMITTEE, f"{street2.name}党工委", {"region": street2}),
        ("grid1", Role.COMMUNITY, f"{grid1.parent.name}{grid1.name}网格员", {"region": grid1}),
        ("instructor1", Role.INSTRUCTOR, "", {}),
        ("secretary1", Role.SECRETARY, "", {"party_org": secretary_org}),
        ("pairing1", Role.PAIRED_UNIT, f"{pairing_unit.name}联络员", {"paired_unit": pairing_unit}),
        ("leader1", Role.LEADER, "区领导", {"region": root}),
    ]
    # One hash for all eight accounts: PBKDF2 costs ~0.4 s a call, and the password is public anyway.
    password_hash = make_password(DEMO_PASSWORD)
    accounts: list[DemoAccount] = []
    for username, role, display_name, scope in specs:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.is_active, user.is_superuser = role, True, False
        user.is_staff = role == Role.ADMIN
        user.region, user.party_org, user.paired_unit = scope.get("region"), scope.get("party_org"), scope.get("paired_unit")
        if role == Role.SECRETARY:
            display_name = f"{secretary_org.secretary_display or '书记'}（{secretary_org.name}）"[:50]
        user.display_name = display_name
        user.password = password_hash
        # Set now, so the demo accounts are not sent to change the public password at first login.
        user.password_changed_at = timezone.now()
        user.save()
        if needs_second_factor(user):
            # An authenticator already bound, as on the server (`liangxin otp USERNAME` prints its code).
            secondfactor.enrol_directly(user, name="演示")
        if role == Role.INSTRUCTOR:
            instructor = _link_demo_instructor(user, root, street1, today)
            user.display_name = instructor.name
            user.save(update_fields=["display_name"])
        accounts.append(DemoAccount(username, role_labels[role], user.display_name, _jurisdiction_label(user, today),
                                    needs_second_factor(user)))
    # Locked out by wrong passwords tried in the demo: the accounts open again.
    AccessAttempt.objects.filter(username__in=[spec[0] for spec in specs]).delete()
    return accounts


def _link_demo_instructor(user: User, root: Region, street1: Region, today: datetime.date) -> Instructor:
    """Keep the demo's instructor already linked to the account, however its assignments were
    changed; otherwise link an unlinked instructor with at least three current assignments (a
    workspace worth showing), of the first street if it has one, else of the district; else
    the one with the most."""
    in_district = Instructor.objects.filter(region__path__startswith=root.path)
    linked = in_district.filter(user=user).first()
    if linked:
        return linked
    Instructor.objects.filter(user=user).update(user=None)
    free = in_district.filter(user__isnull=True).annotate(n=Count("assignments", filter=_current("assignments__", today)))
    instructor = _first(free.filter(region=street1, n__gte=3).order_by("-n", "pk"), free.filter(n__gte=3).order_by("-n", "pk"),
                        free.order_by("-n", "pk"))
    if instructor is None:
        raise DemoError(f"演示区已没有可以关联演示账号 {user.username} 的指导员")
    instructor.user = user
    instructor.save(update_fields=["user"])
    return instructor


def _jurisdiction_label(user: User, today: datetime.date) -> str:
    if user.role == Role.INSTRUCTOR:
        count = Assignment.objects.current(today).filter(instructor__user=user).count()
        return f"联系 {count} 个组织"
    if user.role == Role.SECRETARY:
        count = Organization.objects.filter(party_orgs__in=PartyOrg.objects.subtree_ids(user.party_org_id)).distinct().count()
        return f"{user.party_org.name}（覆盖 {count} 个组织）"
    if user.role == Role.PAIRED_UNIT:
        count = Pairing.objects.current(today).filter(unit=user.paired_unit).count()
        return f"{user.paired_unit.name}（结对 {count} 个组织）"
    names = [region.name for region in user.region.ancestors()[1:]] + [user.region.name]
    label = "".join(names) if user.region.level > Region.Level.DISTRICT else user.region.name
    return f"{label}（只读统计）" if user.role == Role.LEADER else label


# --------------------------------------------------------------------------- entry point
def district_counts(root: Region) -> dict[str, int]:
    """The figures of the summary, counted in the database (the same on every run)."""
    regions = Region.objects.subtree(root)
    orgs = Organization.objects.filter(region__path__startswith=root.path)
    party_orgs = PartyOrg.objects.filter(region__path__startswith=root.path)
    members = Member.objects.filter(Q(organization__in=orgs) | Q(party_org__in=party_orgs))
    instructors = Instructor.objects.filter(region__path__startswith=root.path)
    assignments = Assignment.objects.filter(instructor__in=instructors)
    pairings = Pairing.objects.filter(organization__in=orgs)
    counts = {f"region_{level}": regions.filter(level=level).count() for level in Region.Level.values}
    counts |= orgs.aggregate(orgs=Count("pk"), enterprises=Count("pk", filter=Q(kind=Organization.Kind.ENTERPRISE)))
    counts |= {
        "covered": orgs.covered().count(),
        "party_orgs": party_orgs.count(),
        "dissolved": party_orgs.filter(status=PartyOrg.Status.DISSOLVED).count(),
        **{f"party_org_{t}": party_orgs.filter(type=t).count() for t in PartyOrg.Type.values},
        "members": members.count(),
        "probationary": members.filter(category=Member.Category.PROBATIONARY).count(),
        "flowing": members.exclude(flow_status="").count(),
        "instructors": instructors.count(),
        "visits": Visit.objects.filter(instructor__in=instructors).count(),
        "work_plans": WorkPlan.objects.filter(instructor__in=instructors).count(),
        "reports": MajorEventReport.objects.filter(instructor__in=instructors).count(),
        "evaluations": Evaluation.objects.filter(instructor__in=instructors).count(),
        "assignments": assignments.filter(_current("", timezone.localdate())).count(),
        "paired_units": PairedUnit.objects.filter(pairings__in=pairings).distinct().count(),
        "pairings": pairings.filter(_current("", timezone.localdate())).count(),
    }
    return counts


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns, so the account table lines up."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)


def format_report(result: DemoResult) -> str:
    c = result.counts
    if result.rebuilt_because:
        head = (f"{result.rebuilt_because}，演示账号无法恢复，已清空数据库并重新生成演示数据："
                f"{result.district}，用时 {result.seconds:.1f} 秒。")
    elif result.created:
        head = f"演示数据已{'清空重建' if result.reset else '生成'}：{result.district}，用时 {result.seconds:.1f} 秒。"
    else:
        head = (f"演示区 {result.district} 已存在，未重复生成，保留了用户所做的修改；已恢复演示账号（启用、密码、解除锁定、"
                f"管辖范围）（用时 {result.seconds:.1f} 秒）。如需回到初始演示数据，运行 make demo-reset。")
    lines = [
        head,
        f"  区域：{c['region_3']} 个区，{c['region_4']} 个街道/园区，{c['region_5']} 个社区/村/片区，{c['region_6']} 个网格",
        f"  两新组织：{c['orgs']} 个（非公企业 {c['enterprises']}，社会组织 {c['orgs'] - c['enterprises']}），已组织覆盖 {c['covered']} 个",
        f"  党组织：{c['party_orgs']} 个（基层党委 {c['party_org_committee']}，党总支 {c['party_org_general_branch']}，"
        f"党支部 {c['party_org_branch']}，联合党支部 {c['party_org_joint_branch']}；其中已撤销 {c['dissolved']}）",
        f"  党员：{c['members']} 名（预备党员 {c['probationary']}，流动党员 {c['flowing']}）",
        f"  党建工作指导员：{c['instructors']} 名，在联组织 {c['assignments']} 个",
        f"    走访记录 {c['visits']} 条，工作计划 {c['work_plans']} 份，重大事项报告 {c['reports']} 件，半年考评 {c['evaluations']} 人次",
        f"  结对共建单位：{c['paired_units']} 个，在结对关系 {c['pairings']} 条",
        "",
        f"演示账号（密码均为 {DEMO_PASSWORD}）",
        "  " + _pad("用户名", 13) + _pad("角色", 26) + _pad("姓名", 44) + "管辖范围",
    ]
    for account in result.accounts:
        lines.append("  " + _pad(account.username, 13) + _pad(account.role_label, 26) + _pad(account.display_name, 44)
                     + account.jurisdiction)
    needing = "、".join(a.username for a in result.accounts if a.second_factor)
    lines += [
        "",
        f"{needing} 登录时，密码之后还要输入双因素验证码（30 秒变化，每个只能用一次）。当前验证码：",
        "  .venv/bin/liangxin otp admin        （street1、street2 同理；也可用 .venv/bin/python manage.py otp admin）",
    ]
    return "\n".join(lines)
