"""The rules of DOMAIN.md's catalogue that the ledger can answer: ORG-1…ORG-10, COV-1, COV-2,
GRID-2, and the answerable parts of MEM-3 and GRID-5 (MEM-1, MEM-2 and MEM-4 are the members'
app's, liangxin.members.rules, where the development pipeline is). Each is declared once, its
citations and parameters in liangxin.rules.parameters; see liangxin.rules.registry for how the
registry loads them and how later apps add theirs.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from liangxin.assessments.models import RatingRound
from liangxin.assessments.parameters import FIVE_GOOD, SSH
from liangxin.assessments.standing import passed_anywhere, rating_rates, standardized_party_orgs
from liangxin.members.models import FlowRegistration, Member
from liangxin.members.parameters import FLOW_VERIFY_DAYS
from liangxin.organizations.models import Organization, covered_by_party_org
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.parameters import (
    BRANCH_TERM,
    C_001_DEPUTY,
    C_001_DISSOLVE,
    C_001_ELECTION,
    C_001_ESTABLISH,
    C_001_JOINT,
    C_001_MEMBERS50,
    C_001_TARGETS,
    C_001_WORK,
    C_002_GRID,
    C_002_TRACK,
    C_003_ESTABLISH,
    C_003_FIVE_GOOD,
    C_003_FLOW_CERT,
    C_003_FLOW_PLACE,
    C_003_JOINT,
    C_003_OVERVIEW,
    C_003_OVERVIEW_PO,
    C_003_REGISTER,
    C_003_SIZE,
    C_003_STAGES,
    C_003_TARGET2009,
    C_003_TRANSFER,
    C_003_WORK,
    C_004_STANDALONE,
    C_NATIONAL_TERMS,
    COMMITTEE_MIN,
    COMMITTEE_TERM,
    ELECTION_WARNING,
    ESTABLISH_MIN,
    FLOW_WARNING,
    GENERAL_BRANCH_MIN,
    GRID_MAX,
    LARGE_EMPLOYEES,
    MEMBERS_EMPLOYEES,
    PAIRED_STANDALONE_MIN,
    PARTY_ORG_EMPLOYEES,
    STANDALONE_MIN,
    TARGET_FIVE,
    TARGET_ORG,
    TARGET_SSH,
    TARGET_WORK,
)
from liangxin.rules.queries import no_work_reach, paired_exists, text, today, with_coverage, years_before
from liangxin.rules.registry import Rule
from liangxin.rules.stats import region_figures

ORG = "组织建设与覆盖"
COV = "覆盖目标与概况"
MEM = "党员队伍"
GRID = "网格化管理"


# --- Organization rules ----------------------------------------------------------------------

def _org_figures(qs, params):
    return with_coverage(qs.active().with_member_figures())


def org1(qs, params):
    return (
        _org_figures(qs, params)
        .annotate(threshold=params.expr(ESTABLISH_MIN, "region__path"))
        .filter(has_party_org=False, formal_members__gte=F("threshold"))
        .annotate(finding=text("正式党员", F("formal_members"), "名，未建立也未加入党组织"))
    )


def org2(qs, params):
    standalone = params.expr(STANDALONE_MIN, "region__path")
    # A paired organization: the higher threshold of 004 三(一) (paired_standalone_min_members).
    paired = Greatest(standalone, params.expr(PAIRED_STANDALONE_MIN, "region__path"))
    threshold = Case(When(paired_exists(), then=paired), default=standalone, output_field=models.IntegerField())
    return (
        _org_figures(qs, params)
        .annotate(threshold=threshold, standalone_covered=covered_by_party_org(PartyOrg.Mode.STANDALONE))
        .filter(formal_members__lt=F("threshold"))
        .filter(Q(~covered_by_party_org(), formal_members__gte=1) | Q(covered_by_party_org(PartyOrg.Mode.STANDALONE)))
        .annotate(finding=Case(
            When(standalone_covered=True, then=text("单独组建党组织，但正式党员仅", F("formal_members"), "名")),
            default=text("正式党员", F("formal_members"), "名，不足单独组建条件"),
            output_field=CharField(),
        ))
    )


def org3(qs, params):
    """Members held (PartyOrgQuerySet.with_member_total: the roster of the party organization
    and those below it, else the top's covered organizations' figures). Only the top of a
    hierarchy is judged against the committee threshold: a departmental branch under a
    company's 党委 shares the company with it and answers to that 党委, so at most it grows
    into a 党总支 of its own."""
    small_types = [PartyOrg.Type.BRANCH, PartyOrg.Type.JOINT_BRANCH]
    committee_due = Q(is_top=True, member_total__gte=F("committee_min")) & ~Q(type=PartyOrg.Type.COMMITTEE)
    counted = Case(
        When(member_source="roster", then=text("党员名册", F("member_total"), "名")),
        default=text("覆盖组织报送党员", F("member_total"), "名"),
        output_field=CharField(),
    )
    return (
        qs.filter(status=PartyOrg.Status.ACTIVE)
        .with_member_total()
        .annotate(
            general_min=params.expr(GENERAL_BRANCH_MIN, "region__path"),
            committee_min=params.expr(COMMITTEE_MIN, "region__path"),
        )
        .filter(committee_due | Q(member_total__gte=F("general_min"), type__in=small_types))
        .annotate(finding=Case(
            When(committee_due, then=text(counted, "，可设基层党委")),
            default=text(counted, "，应设党总支"),
            output_field=CharField(),
        ))
    )


def org4(qs, params):
    closed = PartyOrg.organizations.through.objects.filter(
        partyorg=models.OuterRef("pk"), organization__status__in=Organization.INACTIVE_STATUSES
    )
    return (
        qs.filter(status=PartyOrg.Status.ACTIVE)
        .filter(models.Exists(closed))
        .annotate(finding=Case(
            When(mode=PartyOrg.Mode.STANDALONE, then=Value("所在组织已关闭或注销，单独组建的党组织尚未撤销")),
            default=Value("覆盖的组织中有已关闭或注销的，尚未移出"),
            output_field=CharField(),
        ))
    )


def org5(qs, params):
    return (
        _org_figures(qs, params)
        .annotate(threshold=params.expr(MEMBERS_EMPLOYEES, "region__path"))
        .filter(employees__gte=F("threshold"), formal_members=0, probationary_members=0)
        .annotate(finding=text("从业人员", F("employees"), "人，没有党员"))
    )


def org6(qs, params):
    return (
        _org_figures(qs, params)
        .annotate(threshold=params.expr(PARTY_ORG_EMPLOYEES, "region__path"))
        .filter(employees__gte=F("threshold"), has_party_org=False)
        .annotate(finding=text("从业人员", F("employees"), "人，未建立党组织"))
    )


def org7(qs, params):
    # No organization coverage and no work coverage, each as anti-joins.
    return (
        qs.active()
        .filter(~covered_by_party_org(), no_work_reach())
        .annotate(finding=Value("无党组织，无指导员，无工会、共青团、妇联", output_field=CharField()))
    )


def org8(qs, params):
    large = PartyOrg.organizations.through.objects.filter(
        partyorg=models.OuterRef("pk"), organization__employees__gte=models.OuterRef("large_min"),
    ).exclude(organization__status__in=Organization.INACTIVE_STATUSES)
    return (
        qs.filter(status=PartyOrg.Status.ACTIVE, secretary__position=Member.Position.OWNER, deputy_secretary__isnull=True)
        .annotate(large_min=params.expr(LARGE_EMPLOYEES, "region__path"))
        .filter(models.Exists(large))
        .annotate(finding=Value("主要出资人任书记，未配备副书记", output_field=CharField()))
    )


def org9(qs, params):
    on = today()
    warn = params.value(ELECTION_WARNING)  # a reminder horizon: the district value is enough

    def cutoff(key, shift_days):
        return params.expr(key, "region__path", transform=lambda years: years_before(on + datetime.timedelta(days=shift_days), years),
                           output_field=models.DateField())

    def by_type(shift_days):
        return Case(
            When(type=PartyOrg.Type.COMMITTEE, then=cutoff(COMMITTEE_TERM, shift_days)),
            default=cutoff(BRANCH_TERM, shift_days), output_field=models.DateField(),
        )

    return (
        qs.filter(status=PartyOrg.Status.ACTIVE)
        .annotate(last_election=Coalesce("last_election_on", "founded_on"), overdue_before=by_type(0), due_before=by_type(warn))
        .filter(last_election__lt=F("due_before"))
        .annotate(finding=Case(
            When(last_election__lt=F("overdue_before"), then=text("上次换届", F("last_election"), "，已超期未换届")),
            default=text("上次换届", F("last_election"), "，", str(warn), "天内到期"),
            output_field=CharField(),
        ))
    )


ORG10_STAGES = (
    ("establish", "无组织：抓组建"),
    ("standardize", "有组织：抓规范"),
    ("improve", "已规范：抓提高"),
)


def org10(qs, params):
    # 已规范 (抓提高): covered by an active party organization whose 六有 and 五个一 checklists are
    # all verified by the street, or that reached the standard in the latest approved rating
    # (its party organization 五个好, or the enterprise 双强六好): liangxin.assessments.standing.
    raised = Organization.objects.filter(
        Q(party_orgs__in=standardized_party_orgs()) | Q(party_orgs__in=passed_anywhere(FIVE_GOOD).values("party_org"))
        | Q(pk__in=passed_anywhere(SSH).values("organization"))
    ).values("pk")
    return (
        with_coverage(qs.active())
        .annotate(stage=Case(
            When(has_party_org=False, then=Value("establish")), When(pk__in=raised, then=Value("improve")),
            default=Value("standardize"), output_field=CharField(),
        ))
        .annotate(finding=Case(
            When(has_party_org=False, then=Value("无组织：抓组建")),
            When(pk__in=raised, then=Value("已规范：抓提高（六有、五个一已核实或评定达标）")),
            default=Value("有组织：抓规范（对照六有、五个一逐项填报核实）"),
            output_field=CharField(),
        ))
    )


ORGANIZATION_RULES = (
    Rule(
        "ORG-1", "应建未建：正式党员达到标准但未建立党组织", ORG, (C_003_ESTABLISH, C_001_ESTABLISH),
        "在{establish_min_members}名以上正式党员的组织中及时组建党组织：正式党员达到{standalone_min_members}名的单独组建党支部，否则联合组建（见ORG-2联建建议）。",
        parameters=(ESTABLISH_MIN, STANDALONE_MIN), query=org1,
    ),
    Rule(
        "ORG-2", "不足单独组建条件：应联合组建", ORG, (C_004_STANDALONE, C_003_JOINT, C_001_JOINT, C_003_TRANSFER),
        "正式党员不足{standalone_min_members}名（结对共建的组织不足{paired_standalone_min_members}名）：与同网格（或同社区、同行业）组织联合组建党支部（见联建建议）；暂时不能建立的，将党员组织关系转入业务主管单位或挂靠单位党组织。",
        parameters=(STANDALONE_MIN, PAIRED_STANDALONE_MIN), query=org2,
    ),
    Rule(
        "ORG-3", "党员人数达到标准，应设党总支或基层党委", ORG, (C_003_SIZE,),
        "党员达到{general_branch_min_members}名的设立党总支，达到{committee_min_members}名的可设立基层党委，报上级党组织审批。",
        model="partyorgs.PartyOrg", parameters=(GENERAL_BRANCH_MIN, COMMITTEE_MIN), query=org3,
    ),
    Rule(
        "ORG-4", "组织关闭后党组织未及时撤销或调整", ORG, (C_001_DISSOLVE,),
        "单独组建的，及时撤销党组织并转接党员组织关系；联合组建的，将已关闭组织从覆盖范围中移出。",
        model="partyorgs.PartyOrg", query=org4,
    ),
    Rule(
        "ORG-5", "从业人员较多但没有党员", ORG, (C_001_MEMBERS50, C_003_TARGET2009),
        "从业人员{members_employee_threshold}人以上的组织应有党员：推荐党员到该组织就业，培养发展出资人、工会共青团妇联负责人入党。",
        parameters=(MEMBERS_EMPLOYEES,), query=org5,
    ),
    Rule(
        "ORG-6", "从业人员较多但没有党组织", ORG, (C_003_TARGET2009,),
        "从业人员{party_org_employee_threshold}人以上的组织应有党组织：有党员的及时组建，无党员的先选派指导员、建立群团组织。",
        parameters=(PARTY_ORG_EMPLOYEES,), query=org6,
    ),
    Rule(
        "ORG-7", "既无组织覆盖也无工作覆盖", ORG, (C_001_WORK, C_003_WORK),
        "选派党建工作指导员，先行建立工会、共青团、妇联等群团组织，实现党的工作覆盖。",
        query=org7,
    ),
    Rule(
        "ORG-8", "出资人任书记的较大企业可配副书记", ORG, (C_001_DEPUTY,),
        "从业人员{large_enterprise_employees}人以上、主要出资人担任书记的，可配备1名副书记主抓党建工作。",
        model="partyorgs.PartyOrg", parameters=(LARGE_EMPLOYEES,), query=org8,
        scope_note="按书记在党员名册中的岗位为“出资人”判断。",
    ),
    Rule(
        "ORG-9", "党组织按期换届", ORG, (C_001_ELECTION, C_NATIONAL_TERMS),
        "按期换届：党支部、党总支每{branch_term_years}年、基层党委每{committee_term_years}年；到期前{election_warning_days}天提醒。",
        model="partyorgs.PartyOrg", parameters=(BRANCH_TERM, COMMITTEE_TERM, ELECTION_WARNING), query=org9,
        scope_note="以“上次换届日期”计，未填写的以成立日期计；两者都未填写的无法判断，不列出。",
    ),
    Rule(
        "ORG-10", "分类推进：无组织抓组建、有组织抓规范、已规范抓提高", ORG, (C_003_STAGES,),
        "无组织的抓组建（见ORG-1、ORG-2、ORG-7）；有组织的对照“六有”“五个一”抓规范。",
        query=org10, kind="stage", stages=ORG10_STAGES,
        scope_note="已建党组织的：其党组织“六有”“五个一”清单全部经街道核实，或最近一次已审定的“五个好”“双强六好”评定达标的，为“已规范”。",
    ),
)


# --- Coverage --------------------------------------------------------------------------------

def cov1(qs, params):
    # Districts, streets and communities; and the region the list starts from whatever its
    # level: a grid's own user (or anyone looking at one grid) is answered for that grid, not
    # with an empty list because grids are below the levels counted for everyone else.
    qs = qs.filter(closed_on__isnull=True)  # a closed (merged) grid is history, not a live region
    start = qs.order_by("level").values("level")[:1]
    regions = list(qs.filter(Q(level__lte=Region.Level.COMMUNITY) | Q(level=Subquery(start))).values("pk", "path"))
    figures = region_figures(regions, Organization.objects.all(), include_members=False)
    flagged = {}
    rated = RatingRound.objects.filter(status=RatingRound.Status.APPROVED).exists()
    for region in regions:
        fig = figures[region["pk"]]
        total = fig["organizations"]
        if not total:
            continue
        org_target = params.value(TARGET_ORG, region["path"])
        work_target = params.value(TARGET_WORK, region["path"])
        org_rate, work_rate = fig["org_covered"] / total, (fig["org_covered"] + fig["work_only_covered"]) / total
        problems = []
        if org_rate * 100 < org_target or work_rate * 100 < work_target:
            problems.append(f"组织覆盖率{org_rate:.1%}（目标{org_target}%），工作覆盖率{work_rate:.1%}（目标{work_target}%）")
        # The rating targets, where a street's round has been approved (liangxin.assessments).
        rates = rating_rates(region["path"] if rated else None)
        for key, label, target_key in (("two_strong_six_good", "双强六好", TARGET_SSH), ("five_good", "五个好", TARGET_FIVE)):
            rate, target = rates[key], params.value(target_key, region["path"])
            if rate and rate["rate"] is not None and rate["rate"] * 100 < target:
                problems.append(f"“{label}”达标率{rate['rate']:.1%}（目标{target}%）")
        if problems:
            flagged[region["pk"]] = "；".join(problems)
    return qs.filter(pk__in=list(flagged)).annotate(finding=Case(
        *[When(pk=pk, then=Value(message)) for pk, message in flagged.items()], default=Value(""), output_field=CharField(),
    ))


COVERAGE_RULES = (
    Rule(
        "COV-1", "覆盖率未达目标", COV, (C_001_TARGETS, C_003_FIVE_GOOD),
        "组织覆盖率目标{target_org_coverage}%、工作覆盖率目标{target_work_coverage}%：对照ORG-1、ORG-2、ORG-7清单逐一组建或选派指导员。",
        model="regions.Region", parameters=(TARGET_ORG, TARGET_WORK, TARGET_SSH, TARGET_FIVE), query=cov1,
        region_path_field="path", link="rules:coverage",
        scope_note="按区县、街道（乡镇、园区）和社区（村）统计，网格用户按本网格统计；“双强六好”“五个好”按各街道最近一次已审定的评定计，没有评定的区域不判断。",
    ),
    Rule(
        "COV-2", "“两新”组织概况（组织、从业人员、党员、党组织，分新经济组织和新社会组织）", COV,
        (C_003_OVERVIEW, C_003_OVERVIEW_PO),
        "见覆盖情况看板。", kind="figure", link="rules:coverage",
    ),
)


# --- Grids -----------------------------------------------------------------------------------

def grid2(qs, params):
    enterprise = Q(organizations__kind=Organization.Kind.ENTERPRISE) & ~Q(organizations__status__in=Organization.INACTIVE_STATUSES)
    # Candidates first: the regions holding more active enterprises than the smallest limit in
    # force, from one grouped pass over the organizations (no join to the region table); only
    # those few are then counted again against their own limit.
    grids = qs.filter(level=Region.Level.GRID, closed_on__isnull=True)
    crowded = (
        Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, region__in=grids.values("pk")).active()
        .order_by().values("region")
        .annotate(n=Count("pk")).filter(n__gt=min(params.distinct_values(GRID_MAX))).values("region")
    )
    return (
        grids.filter(pk__in=crowded)
        .annotate(enterprise_count=Count("organizations", filter=enterprise), limit=params.expr(GRID_MAX, "path"))
        .filter(enterprise_count__gt=F("limit"))
        .annotate(finding=text("网格内企业", F("enterprise_count"), "家"))
        .order_by("path")  # a grouped query drops Meta.ordering, and pages of the API need one
    )


def grid5(qs, params):
    return (
        qs.active().exclude(region__level=Region.Level.GRID)
        .annotate(finding=text("登记在", F("region__name"), "，未划入网格"))
    )


GRID_RULES = (
    Rule(
        "GRID-2", "网格企业数超过上限", GRID, (C_002_GRID,),
        "每个网格企业数一般不超过{grid_max_enterprises}家：拆分网格或调整网格边界。",
        model="regions.Region", parameters=(GRID_MAX,), query=grid2, region_path_field="path",
    ),
    Rule(
        "GRID-5", "动态跟踪：组织未划入网格", GRID, (C_002_TRACK,),
        "把组织划入所在网格，由网格牵头党组织动态掌握企业增减、党员流入流出。",
        query=grid5,
        scope_note="组织增减、党员流入流出的按网格统计见 liangxin stats 与看板；积极分子（优秀分子）尚无数据。",
    ),
)


# --- Members ---------------------------------------------------------------------------------

def mem3(qs, params):
    on = today()
    path = "organization__region__path"
    warn_until = params.expr(FLOW_WARNING, path, transform=lambda d: on + datetime.timedelta(days=d), output_field=models.DateField())
    verify_before = params.expr(FLOW_VERIFY_DAYS, path, transform=lambda d: on - datetime.timedelta(days=d),
                                output_field=models.DateField())
    # 凡登必核: an open registration not verified within flow_verify_days.
    unverified = Exists(FlowRegistration.objects.filter(member=OuterRef("pk"), ended_on__isnull=True, verified_on__isnull=True,
                                                        registered_on__lt=OuterRef("verify_before")))
    flowing = qs.exclude(flow_status="").annotate(warn_until=warn_until, verify_before=verify_before, unverified=unverified)
    return flowing.filter(
        Q(flow_certificate_valid_until__isnull=True)
        | Q(flow_certificate_valid_until__lte=F("warn_until"))
        | Q(flow_status=Member.FlowStatus.INFLOW, party_org__isnull=True)
        | Q(unverified=True)
    ).annotate(finding=Case(
        When(flow_status=Member.FlowStatus.INFLOW, party_org__isnull=True, then=Value("流入党员未编入党组织")),
        When(unverified=True, then=Value("流动登记逾期未核实")),
        When(flow_certificate_valid_until__isnull=True, then=Value("未发放流动党员活动证")),
        When(flow_certificate_valid_until__lt=on, then=text("流动党员活动证已于", F("flow_certificate_valid_until"), "过期或收回")),
        default=text("流动党员活动证将于", F("flow_certificate_valid_until"), "到期"),
        output_field=CharField(),
    ))


MEMBER_RULES = (
    Rule(
        "MEM-3", "流动党员管理：活动证、编入组织", MEM, (C_003_REGISTER, C_003_FLOW_CERT, C_003_FLOW_PLACE),
        "流动登记后{flow_verify_days}天内与对方党组织核实；为流入党员及时编入党组织（党员页面“编入党组织”）；"
        "发放活动证，到期前{flow_certificate_warning_days}天提醒换发；经常联系，做到知现状、知想法、知去向（联系记录）。",
        model="members.Member", parameters=(FLOW_VERIFY_DAYS, FLOW_WARNING), query=mem3, region_path_field="organization__region__path",
    ),
)

RULES = (*ORGANIZATION_RULES, *COVERAGE_RULES, *GRID_RULES, *MEMBER_RULES)
