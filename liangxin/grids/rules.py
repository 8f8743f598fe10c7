"""Grid rules of seed 002 owned by this app: GRID-3 (a lead party organization and a responsible
person per grid) and GRID-4 (a leader in charge and a staff member per street and community).
GRID-2 and the unplaced organizations of GRID-5 are in liangxin.rules.catalogue. The registry
loads `RULES` (see liangxin.rules.registry)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from liangxin.grids.models import (
    CentreSubsidy,
    ContactVisit,
    DemonstrationPoint,
    Officer,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
from liangxin.grids.parameters import (
    C_002_ASSESS,
    C_002_CENTRES,
    C_002_DIVIDE,
    C_002_DUTY,
    C_002_JOINT,
    C_002_LEAD,
    C_002_LEAD_DUTY,
    C_002_OFFICERS,
    C_002_PARK_CENTRE,
    C_002_PARK_PILOT,
    C_002_PARK_SUBSIDY,
    C_002_PILOT,
    C_002_PILOT_SUBSIDY,
    C_002_ROLLOUT,
    C_002_TRACK,
    C_003_CONTACT,
    C_003_DEMONSTRATION,
    CONTACT_VISIT_DAYS,
    COUNTY_PILOT_SUBSIDY,
    PARK_CENTRE_DEADLINE,
    PARK_CENTRE_SUBSIDY,
    PILOT_DEADLINE,
    ROLLOUT_DEADLINE,
    TRACKING_DAYS,
    as_date,
)
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.queries import text, today
from liangxin.rules.registry import Rule

GRID = "网格化管理"


def grid3(qs, params):
    """Open grids without a lead party organization or a responsible person (and phone), or whose
    lead is dissolved, or covers organizations none of which still operates."""
    covers = Organization.objects.filter(party_orgs=OuterRef("lead_party_org"))
    lead_idle = Q(Exists(covers)) & ~Q(Exists(covers.active()))
    lead_dissolved = Q(lead_party_org__status=PartyOrg.Status.DISSOLVED)
    return (
        qs.filter(level=Region.Level.GRID, closed_on__isnull=True)
        .filter(Q(lead_party_org__isnull=True) | lead_dissolved | lead_idle | Q(responsible_person="") | Q(responsible_phone=""))
        .annotate(finding=Case(
            When(lead_party_org__isnull=True, then=Value("未确定牵头党组织")),
            When(lead_dissolved, then=Value("牵头党组织已撤销")),
            When(lead_idle, then=Value("牵头党组织所在组织已停业或注销")),
            When(responsible_person="", then=Value("未确定网格责任人")),
            default=Value("未登记责任人联系电话"),
            output_field=CharField(),
        ))
    )


def grid5_tracking(qs, params):
    """Open grids with no tracking record in the last `grid_tracking_days` days (their own value)."""
    on = today()
    since = params.expr(TRACKING_DAYS, "path", transform=lambda d: on - datetime.timedelta(days=d),
                        output_field=models.DateField())
    records = TrackingRecord.objects.filter(region=OuterRef("pk"))
    last = records.order_by("-recorded_on").values("recorded_on")[:1]
    return (
        qs.filter(level=Region.Level.GRID, closed_on__isnull=True)
        .annotate(since=since)
        .filter(~Exists(records.filter(recorded_on__gte=OuterRef("since"))))
        .annotate(last_recorded=Subquery(last))
        .annotate(finding=Case(
            When(last_recorded__isnull=True, then=Value("没有动态跟踪记录")),
            default=text("最近一次动态跟踪记录为", F("last_recorded")),
            output_field=CharField(),
        ))
    )


def grid4(qs, params):
    on = today()
    current = Officer.objects.current(on).filter(region=OuterRef("pk"))
    has_leader = Exists(current.filter(duty=Officer.Duty.LEADER))
    has_staff = Exists(current.filter(duty=Officer.Duty.STAFF))
    return (
        qs.filter(level__in=Officer.LEVELS, closed_on__isnull=True)
        .annotate(has_leader=has_leader, has_staff=has_staff)
        .filter(Q(has_leader=False) | Q(has_staff=False))
        .annotate(finding=Case(
            When(has_leader=False, has_staff=False, then=Value("未明确分管领导和具体负责的工作人员")),
            When(has_leader=False, then=Value("未明确分管领导")),
            default=Value("未明确具体负责的工作人员"),
            output_field=CharField(),
        ))
    )


def grid6(qs, params):
    """Open streets, towns and parks with no centre in use in their area: a park (past its
    deadline) without a 党群服务中心; a street or town with neither a centre nor a venue."""
    on = today()
    centres = ServiceCentre.objects.in_use(on).filter(region__path__startswith=OuterRef("path"))
    deadline = params.expr(PARK_CENTRE_DEADLINE, "path", transform=as_date, output_field=models.DateField())
    park = Q(street_kind=Region.StreetKind.PARK)
    return (
        qs.filter(level=Region.Level.STREET, closed_on__isnull=True)
        .annotate(has_centre=Exists(centres.filter(kind=ServiceCentre.Kind.CENTRE)), has_venue=Exists(centres), deadline=deadline)
        .filter(park & Q(has_centre=False, deadline__lt=on) | ~park & Q(has_venue=False))
        .annotate(finding=Case(
            When(park, then=text("园区未建成启用党群服务中心（期限", F("deadline"), "）")),
            default=Value("未建成启用党群服务中心或党员活动和服务阵地"),
            output_field=CharField(),
        ))
    )


def grid6_subsidy(qs, params):
    """Park centres in use whose recorded city subsidy (all years) is below the parameter."""
    money = DecimalField(max_digits=14, decimal_places=2)
    granted = Coalesce(Sum("subsidies__amount", filter=Q(subsidies__kind=CentreSubsidy.Kind.PARK_CENTRE)),
                       Value(Decimal("0")), output_field=money)
    limit = params.expr(PARK_CENTRE_SUBSIDY, "region__path", transform=Decimal, output_field=money)
    return (
        qs.in_use(today()).filter(kind=ServiceCentre.Kind.CENTRE, location=ServiceCentre.Location.PARK)
        .annotate(granted=granted, limit=limit)
        .filter(granted__lt=F("limit"))
        .order_by("region__path", "name")  # Meta.ordering does not reach a grouped query
        .annotate(finding=Case(
            When(granted=0, then=Value("未登记市级资金补助")),
            default=text("市级资金补助累计", F("granted"), "元，低于", F("limit"), "元"),
            output_field=CharField(),
        ))
    )


def grid7(qs, params):
    """The roll-out behind its deadlines (each county's own values): a county past the pilot
    deadline without a pilot town and a pilot street, or whose pilot subsidy recorded falls short;
    a street, town or park past the full roll-out deadline with a step not done."""
    on = today()
    date = models.DateField()
    money = DecimalField(max_digits=14, decimal_places=2)
    pilot_deadline = params.expr(PILOT_DEADLINE, "path", transform=as_date, output_field=date)
    rollout_deadline = params.expr(ROLLOUT_DEADLINE, "path", transform=as_date, output_field=date)
    minimum = params.expr(COUNTY_PILOT_SUBSIDY, "path", transform=Decimal, output_field=money)
    pilots = RolloutState.objects.filter(pilot=True, region__path__startswith=OuterRef("path"), region__closed_on__isnull=True)
    pilot_total = Subquery(
        CentreSubsidy.objects.filter(kind=CentreSubsidy.Kind.COUNTY_PILOT, centre__region__path__startswith=OuterRef("path"))
        .order_by().annotate(total=Func("amount", function="SUM", output_field=money)).values("total")[:1],
        output_field=money,
    )
    state = RolloutState.objects.filter(region=OuterRef("pk"))
    county = Q(level=Region.Level.DISTRICT, pilot_deadline__lt=on)
    street = Q(level=Region.Level.STREET, rollout_deadline__lt=on)
    short = Q(pilot_total__gt=0, pilot_total__lt=F("minimum"))
    return (
        qs.filter(level__in=RolloutState.LEVELS, closed_on__isnull=True)
        .annotate(
            pilot_deadline=pilot_deadline, rollout_deadline=rollout_deadline, minimum=minimum, pilot_total=pilot_total,
            pilot_town=Exists(pilots.filter(region__street_kind=Region.StreetKind.TOWN)),
            pilot_street=Exists(pilots.filter(region__street_kind=Region.StreetKind.STREET)),
            divided=Exists(state.filter(divided_on__isnull=False)), system=Exists(state.filter(system_on__isnull=False)),
            trained=Exists(state.filter(training_on__isnull=False)), rolled_out=Exists(state.filter(rolled_out_on__isnull=False)),
            assessed=Exists(state.filter(in_assessment=True)),
        )
        .filter(county & (Q(pilot_town=False) | Q(pilot_street=False) | short)
                | street & (Q(divided=False) | Q(system=False) | Q(trained=False) | Q(rolled_out=False) | Q(assessed=False)))
        .annotate(finding=Case(
            When(county & Q(pilot_town=False, pilot_street=False), then=Value("未确定城乡试点乡镇和街道")),
            When(county & Q(pilot_town=False), then=Value("未确定城乡试点乡镇")),
            When(county & Q(pilot_street=False), then=Value("未确定城乡试点街道")),
            When(county, then=text("城乡试点工作补贴累计", F("pilot_total"), "元，低于", F("minimum"), "元")),
            When(divided=False, then=Value("未完成划片分格")),
            When(system=False, then=Value("未建立网格化管理制度和考评机制")),
            When(trained=False, then=Value("未开展党务人员培训")),
            When(rolled_out=False, then=Value("未全面推行网格化管理")),
            default=Value("未纳入目标考核和党组织书记党建述职"),
            output_field=CharField(),
        ))
    )


def grid7_follow_ups(qs, params):
    """Joint meetings whose follow-ups are past their due date and not reported done."""
    return (
        qs.filter(follow_up_due__lt=today(), follow_up_done_on__isnull=True)
        .annotate(finding=text("落实期限", F("follow_up_due"), "已过，议定事项尚未落实"))
    )


def rep3_contact(qs, params):
    """Current contact points with no visit in the last `rep_contact_visit_days` days (their own
    value), counted from the later of the last visit and the day the contact began."""
    on = today()
    since = params.expr(CONTACT_VISIT_DAYS, "region__path", transform=lambda d: on - datetime.timedelta(days=d),
                        output_field=models.DateField())
    visits = ContactVisit.objects.filter(contact_point=OuterRef("pk"))
    last = visits.order_by("-visited_on").values("visited_on")[:1]
    return (
        qs.current(on).annotate(since=since).filter(start_date__lt=F("since"))
        .filter(~Exists(visits.filter(visited_on__gte=OuterRef("since"))))
        .annotate(last_visit=Subquery(last))
        .annotate(finding=Case(
            When(last_visit__isnull=True, then=Value("建立联系后没有走访记录")),
            default=text("最近一次走访为", F("last_visit")),
            output_field=CharField(),
        ))
    )


def rep3_demonstration(qs, params):
    """Demonstration points past their review date."""
    return (
        qs.filter(status=DemonstrationPoint.Status.ACTIVE, review_due__lt=today())
        .annotate(finding=text("复核日期", F("review_due"), "已过，尚未复核"))
    )


RULES = (
    Rule(
        "GRID-3", "网格牵头党组织和责任人", GRID, (C_002_LEAD, C_002_LEAD_DUTY),
        "为网格确定牵头党组织（网格内生产经营好、党建工作扎实的企业党组织，或社区党组织）和责任人，登记联系电话；牵头党组织撤销或所在组织停业的，及时更换。",
        model="regions.Region", query=grid3, region_path_field="path",
    ),
    Rule(
        "GRID-4", "街道、社区分管领导和工作人员", GRID, (C_002_OFFICERS, C_002_DUTY),
        "街道（乡镇、园区）和社区（村）各明确一名班子成员分管非公党建工作、一名工作人员具体负责，在“分管领导和工作人员”中登记。",
        model="regions.Region", query=grid4, region_path_field="path",
    ),
    Rule(
        "GRID-5B", "动态跟踪：网格近期无跟踪记录", GRID, (C_002_TRACK,),
        "网格牵头党组织加强动态联络，每{grid_tracking_days}天至少记录一次本网格企业增减、党员流入流出和优秀员工情况（网格页“动态跟踪”）。",
        model="regions.Region", parameters=(TRACKING_DAYS,), query=grid5_tracking, region_path_field="path",
        scope_note="组织增减、党员转入转出按变更日志统计，见各网格的“动态跟踪”页。",
    ),
    Rule(
        "GRID-6", "园区、街道（乡镇）党群服务中心", GRID, (C_002_CENTRES, C_002_PARK_CENTRE, C_002_PARK_PILOT),
        "园区按期建成启用党群服务中心；街道、乡镇改造完善党员活动和服务阵地、建设开放式党群服务中心，在“党群服务中心和阵地”中登记启用日期。",
        model="regions.Region", parameters=(PARK_CENTRE_DEADLINE,), query=grid6, region_path_field="path",
        scope_note="园区以区域“类别”为“工业园区”识别；在用指已填启用日期且未停用。",
    ),
    Rule(
        "GRID-6B", "园区党群中心资金补助未到位", GRID, (C_002_PARK_SUBSIDY,),
        "核对市非公党工委对园区党群中心每个{grid_park_centre_subsidy}元的资金补助，到位后在中心页登记补助。",
        model="grids.ServiceCentre", parameters=(PARK_CENTRE_SUBSIDY,), query=grid6_subsidy,
    ),
    Rule(
        "GRID-7", "网格化管理分步推行", GRID, (C_002_PILOT, C_002_DIVIDE, C_002_ROLLOUT, C_002_ASSESS, C_002_PILOT_SUBSIDY),
        "县区在至少1个乡镇和1个街道试点；街道（乡镇、园区）在全面推行期限前完成划片分格、建立制度和考评机制、开展培训、全面推行并纳入目标考核和书记述职，在“推进情况”中登记。",
        model="regions.Region", parameters=(PILOT_DEADLINE, ROLLOUT_DEADLINE, COUNTY_PILOT_SUBSIDY), query=grid7,
        region_path_field="path",
        scope_note="试点乡镇、街道按区域“类别”区分；城乡试点工作补贴按县区内各中心登记的补助合计。",
    ),
    Rule(
        "GRID-7B", "联席会议议定事项逾期未落实", GRID, (C_002_JOINT,),
        "督促落实联席会议议定事项，完成后在会议记录中填写落实完成日期。",
        model="grids.JointMeeting", query=grid7_follow_ups, search_fields=("title",),
    ),
    Rule(
        "REP-3", "领导干部联系点定期走访", "报告与示范", (C_003_CONTACT,),
        "联系领导每{rep_contact_visit_days}天至少到联系点走访一次，调查研究、督促指导，在联系点页登记走访记录。",
        model="grids.ContactPoint", parameters=(CONTACT_VISIT_DAYS,), query=rep3_contact, search_fields=("leader_position",),
    ),
    Rule(
        "REP-3B", "党建工作示范点到期复核", "报告与示范", (C_003_DEMONSTRATION,),
        "到期复核示范点是否继续发挥示范带动作用：保留的登记复核日期并设定下次复核日期，不再符合的撤销。",
        model="grids.DemonstrationPoint", query=rep3_demonstration,
    ),
)
