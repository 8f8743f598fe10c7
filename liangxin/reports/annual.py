"""The annual statistical report (统计年报, REP-2, 003 §三 二) of a region for a year: the tables an
organization department compiles, each cell a count or sum computed by the database.

The definitions are the dashboard's and `liangxin stats`' own: the overview and coverage come
from liangxin.rules.stats (region_figures, with_rates), the organizations in operation from
OrganizationQuerySet.active, members from Member.objects (正式和预备), funding from
liangxin.funding.services, ratings from the approved rounds, the inspection from its rounds.
For a past year the ledger's figures are as on 31 December (the dashboard's reconstruction of a
past day); the current year's, as today. Every table is a grouped query per table (a crosstab
of a few choices, or one row per sub-region): rows are never read one by one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from liangxin.assessments.models import Rating, RatingRound
from liangxin.assessments.parameters import FIVE_GOOD, SSH
from liangxin.core.jurisdiction import in_subtree
from liangxin.funding.services import funding
from liangxin.inspections.models import InspectionResult, Result
from liangxin.instructors.models import Evaluation, Instructor
from liangxin.members.models import DevelopmentStep, Member
from liangxin.organizations.models import Organization
from liangxin.pairing.bulletin import units_in
from liangxin.pairing.evaluations import year_evaluation_points
from liangxin.pairing.models import Pairing, PointsRecord
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.stats import (
    MEMBER_DEFINITION,
    ORG_COVERAGE_DEFINITION,
    PARTY_ORG_KIND_DEFINITION,
    WORK_COVERAGE_DEFINITION,
    region_figures,
    with_rates,
)

E, S = Organization.Kind.ENTERPRISE, Organization.Kind.SOCIAL
KIND_COLUMNS = ("非公企业", "社会组织", "合计")
UNFILLED = "未填报"


@dataclass
class Table:
    """One sheet: a title, a header, labelled rows of numbers and a totals row that is their
    sum (`rates`: columns that are ratios, recomputed for the totals row, not summed)."""

    key: str
    title: str
    headers: Sequence[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    rates: dict[int, tuple[int, int]] = field(default_factory=dict)  # column → (numerator column, denominator column)

    @property
    def totals(self) -> list:
        width = len(self.headers) - 1
        sums: list = [sum((row[i + 1] or 0) for row in self.rows) for i in range(width)]
        for column, (num, den) in self.rates.items():
            sums[column - 1] = _rate(sums[num - 1], sums[den - 1])
        return ["合计", *sums]


@dataclass
class AnnualReport:
    region: Region
    year: int
    as_of: datetime.date
    figures: dict
    tables: list[Table]

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.year}年度“两新”组织党建工作统计年报"

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _rate(numerator, denominator):
    return round(numerator / denominator, 4) if denominator else None


def _crosstab(qs, row_field: str, row_choices, columns: dict[str, Q], unfilled: bool = True) -> list[list]:
    """Rows per value of `row_field` (every choice listed, 0 where none), columns counted with
    a filter each, plus a total column: one grouped query."""
    aggregates = {f"c{i}": Count("pk", filter=q) for i, q in enumerate(columns.values())}
    found = {row[row_field]: row for row in qs.order_by().values(row_field).annotate(n=Count("pk"), **aggregates)}
    labels = list(row_choices) + ([("", UNFILLED)] if unfilled else [])
    return [[label, *(found.get(value, {}).get(f"c{i}", 0) for i in range(len(columns))), found.get(value, {}).get("n", 0)]
            for value, label in labels]


def _by_kind(qs, row_field: str, row_choices, prefix: str = "", unfilled: bool = True) -> list[list]:
    return _crosstab(qs, row_field, row_choices, {"e": Q(**{f"{prefix}kind": E}), "s": Q(**{f"{prefix}kind": S})}, unfilled)


def _children(region: Region) -> list[dict]:
    return list(Region.objects.filter(parent=region).open().order_by("path").values("pk", "path", "name"))


def _per_child(region: Region, children: list[dict], values: dict[int, list], whole: list) -> list[list]:
    """One row per sub-region, and a row for what sits on the region itself (直属) when the
    sub-regions do not add up to the whole, so the totals row is always the region's."""
    rows = [[c["name"], *values[c["pk"]]] for c in children]
    rest = [w - sum(row[i + 1] for row in rows) for i, w in enumerate(whole)]
    if any(rest):
        rows.append([f"{region.name}（直属）", *rest])
    return rows


def build(user, region: Region, year: int) -> AnnualReport:
    """The report of `region` for `year` inside the user's jurisdiction (None: everything, for
    the command line; the region itself is checked by the caller)."""
    today = timezone.localdate()
    as_of = min(today, datetime.date(year, 12, 31))
    past = as_of if as_of < today else None
    orgs = Organization.objects.all() if user is None else Organization.objects.scoped(user)
    party_orgs = PartyOrg.objects.all() if user is None else PartyOrg.objects.scoped(user)
    path = region.path
    orgs_here = orgs.filter(in_subtree("region", path))
    children = _children(region)
    regions = [{"pk": region.pk, "path": path}, *({"pk": c["pk"], "path": c["path"]} for c in children)]
    figures = region_figures(regions, orgs, party_orgs, on=past)
    whole = with_rates(figures[region.pk])
    tables = [
        _overview(whole),
        *_organizations(orgs_here),
        _party_orgs(party_orgs.filter(in_subtree("region", path))),
        _coverage(region, children, figures, whole),
        *_members(path, as_of),
        _development(path, year),
        *_instructors(path, year),
        _pairing(region, year),
        _ratings(path, year),
        _funding(region, year),
        _inspection(region, children, year),
    ]
    return AnnualReport(region, year, as_of, whole, tables)


def _overview(f: dict) -> Table:
    return Table("overview", "表1 “两新”组织党建工作总体情况", ("类别", "组织数（家）", "从业人员（人）", "党员（名）", "党组织（个）"), [
        ["新经济组织", f["organizations_economic"], f["employees_economic"], f["members_economic"], f["party_orgs_economic"]],
        ["新社会组织", f["organizations_social"], f["employees_social"], f["members_social"], f["party_orgs_social"]],
    ], note=f"与覆盖看板、liangxin stats 同一口径。{MEMBER_DEFINITION}{PARTY_ORG_KIND_DEFINITION}")


def _organizations(orgs) -> list[Table]:
    active = orgs.active()
    headers = ("{}", *KIND_COLUMNS)
    return [
        Table("scale", "表2 在营组织按规模", (headers[0].format("规模"), *headers[1:]),
              _by_kind(active, "scale", Organization.Scale.choices), note="在营：经营状态为正常或停产。"),
        Table("industry", "表3 在营组织按行业（GB/T 4754-2017 门类）", ("行业", *KIND_COLUMNS),
              _by_kind(active, "industry", Organization.Industry.choices)),
        Table("status", "表4 组织按经营状态", ("经营状态", *KIND_COLUMNS),
              _by_kind(orgs, "status", Organization.Status.choices, unfilled=False),
              note="含关闭、注销的组织，故合计大于在营组织数；其余各表只计在营组织。"),
    ]


def _party_orgs(party_orgs) -> Table:
    modes = PartyOrg.Mode.choices
    rows = _crosstab(party_orgs.filter(status=PartyOrg.Status.ACTIVE), "type", PartyOrg.Type.choices,
                     {label: Q(mode=value) for value, label in modes}, unfilled=False)
    return Table("party_orgs", "表5 党组织按类型和组建方式", ("党组织类型", *(label for _, label in modes), "合计"), rows,
                 note="状态为正常的党组织（含未覆盖在营组织的），即首页“党组织（正常）”的口径。")


def _coverage(region: Region, children: list[dict], figures: dict, whole: dict) -> Table:
    keys = ("organizations", "org_covered", "work_covered", "uncovered")

    def values(f):
        f = with_rates(f)
        return [f[k] for k in keys]

    rows = _per_child(region, children, {c["pk"]: values(figures[c["pk"]]) for c in children}, [whole[k] for k in keys])
    for row in rows:  # the rates beside their counts: 组织数, 组织覆盖, 组织覆盖率, 工作覆盖, 工作覆盖率, 未覆盖
        row[3:3] = [_rate(row[2], row[1])]
        row[5:5] = [_rate(row[4], row[1])]
    return Table("coverage", "表6 组织覆盖和工作覆盖（按下级区域）",
                 ("区域", "在营组织（家）", "组织覆盖（家）", "组织覆盖率", "工作覆盖（家）", "工作覆盖率", "未覆盖（家）"), rows,
                 note=ORG_COVERAGE_DEFINITION + WORK_COVERAGE_DEFINITION, rates={3: (2, 1), 5: (4, 1)})


def _members_here(path: str, manager=None):
    """Members in the register of the region (the home page's 党员（名册在册）): their
    organization or their party organization sits in it."""
    manager = manager or Member.objects
    return manager.filter(Q(in_subtree("organization__region", path)) | Q(in_subtree("party_org__region", path)))


def _members(path: str, as_of: datetime.date) -> list[Table]:
    members = _members_here(path)
    by_category = {"正式党员": Q(category=Member.Category.FULL), "预备党员": Q(category=Member.Category.PROBATIONARY)}
    headers = ("正式党员", "预备党员", "合计")

    def born_after(years: int) -> datetime.date:
        return as_of.replace(year=as_of.year - years) if not (as_of.month == 2 and as_of.day == 29) else as_of.replace(
            year=as_of.year - years, day=28)

    bands = [("35岁及以下", Q(birth_date__gt=born_after(36))),
             ("36至45岁", Q(birth_date__gt=born_after(46), birth_date__lte=born_after(36))),
             ("46至55岁", Q(birth_date__gt=born_after(56), birth_date__lte=born_after(46))),
             ("56至60岁", Q(birth_date__gt=born_after(61), birth_date__lte=born_after(56))),
             ("61岁及以上", Q(birth_date__lte=born_after(61))),
             ("出生日期不详", Q(birth_date__isnull=True))]
    aggregates = {f"b{i}_{j}": Count("pk", filter=band & category)
                  for i, (_, band) in enumerate(bands) for j, category in enumerate(by_category.values())}
    counts = members.aggregate(**aggregates)
    age_rows = [[label, counts[f"b{i}_0"], counts[f"b{i}_1"], counts[f"b{i}_0"] + counts[f"b{i}_1"]]
                for i, (label, _) in enumerate(bands)]
    register = "党员名册中录入的正式党员和预备党员，工作单位或组织关系在本区域内（首页“党员（名册在册）”的口径）。"
    return [
        Table("members_age", "表7 党员按年龄", ("年龄段", *headers), age_rows,
              note=f"{register}年龄按{as_of:%Y年%m月%d日}计算。"),
        Table("members_education", "表8 党员按学历", ("学历", *headers),
              _crosstab(members, "education", Member.Education.choices, by_category), note=register),
        Table("members_flowing", "表9 党员按流动状态", ("流动状态", *headers),
              _crosstab(members, "flow_status", Member.FlowStatus.choices, by_category, unfilled=False), note=register),
    ]


def _development(path: str, year: int) -> Table:
    steps = DevelopmentStep.objects.filter(date__year=year).filter(
        Q(in_subtree("member__organization__region", path)) | Q(in_subtree("member__party_org__region", path)))
    rows = _by_kind(steps, "stage", Member.Category.choices, prefix="member__organization__", unfilled=False)
    return Table("development", "表10 本年度发展党员情况", ("发展阶段", *KIND_COLUMNS), rows,
                 note="本年度内登记的各步骤：入党申请、确定积极分子、列为发展对象、接收预备党员、预备党员转正；"
                      "按本人所在组织分类，未登记组织的只计入合计。")


def _instructors(path: str, year: int) -> list[Table]:
    serving = Instructor.objects.serving().filter(in_subtree("region", path))
    roster = _crosstab(serving, "source", Instructor.Source.choices, {"专职": Q(full_time=True), "兼职": Q(full_time=False)},
                       unfilled=False)
    evaluations = Evaluation.objects.filter(year=year).filter(in_subtree("instructor__region", path))
    graded = _crosstab(evaluations, "grade", Evaluation.Grade.choices, {"上半年": Q(half=1), "下半年": Q(half=2)})
    return [
        Table("instructors", "表11 党建工作指导员队伍", ("来源", "专职", "兼职", "合计"), roster,
              note="在任（未填离任日期）的指导员，按管理街道（园区）归属。"),
        Table("instructor_evaluations", "表12 指导员考评等次", ("等次", "上半年", "下半年", "合计"), graded,
              note="本年度两次半年考评（000号文件第十九至二十一条），“未填报”为尚未评定等次的考评。"),
    ]


def _pairing(region: Region, year: int) -> Table:
    """The points table (附件3) of the units paired in the region during the year, as the
    pairing app counts them: each kind within its yearly cap (PointsRecordQuerySet.counted,
    the one definition) plus the evaluations converted to points; the total is the sum of the
    commendation list's points (/pairing/commendation/)."""
    units = list(units_in(region, datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    records = PointsRecord.objects.filter(pairing__unit__in=[u.pk for u in units]).order_by()
    confirmed = dict(records.confirmed().in_year(year).values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    counted = {r["kind"]: r for r in records.counted(year).values("kind").annotate(n=Count("pk"), points=Sum("points"))}
    rows = [[label, confirmed.get(kind, 0), counted.get(kind, {}).get("n", 0), counted.get(kind, {}).get("points", 0)]
            for kind, label in PointsRecord.Kind.choices]
    rows.append(["年中、年终评议折算（附件4）", None, None, sum(year_evaluation_points(units, year).values())])
    pairings = Pairing.objects.current(datetime.date(year, 12, 31) if year < timezone.localdate().year else None).filter(
        in_subtree("organization__region", region.path)).count()
    return Table("pairing", "表13 结对共建积分", ("工作类别", "已确认记录（条）", "计分记录（条）", "积分（分）"), rows,
                 note=f"本年度在本区域结对的{len(units)}个单位按积分表（附件3）的积分：已确认的记录每类只计年度上限以内的前若干条，"
                      f"超过上限的照常保存、不再加分；另计年中、年终评议折算的积分。合计与结对共建年度表彰名单各单位积分之和相同。"
                      f"年末（或今天）在结对的共有{pairings}对。")


def _ratings(path: str, year: int) -> Table:
    rows = []
    for scheme, label, subject in ((SSH, "双强六好（企业）", "organization__region"), (FIVE_GOOD, "五个好（党组织）", "party_org__region")):
        ratings = Rating.objects.filter(round__year=year, round__scheme=scheme, round__status=RatingRound.Status.APPROVED).filter(
            in_subtree(subject, path))
        counts = ratings.aggregate(total=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        rows.append([label, counts["total"], counts["passed"], counts["total"] - counts["passed"],
                     _rate(counts["passed"], counts["total"])])
    return Table("ratings", "表14 双强六好、五个好评定", ("评定", "参评（个）", "达标（个）", "未达标（个）", "达标率"), rows,
                 note="本年度已审定的评定；达标率为达标数÷参评数（覆盖看板的达标率按在营企业、正常党组织计算，口径不同）。",
                 rates={4: (2, 1)})


def _funding(region: Region, year: int) -> Table:
    data = funding(region, year)
    keys = ("members", "budget", "allocated", "spent", "dues_retained", "dues_returned", "set_aside")
    rows = _per_child(region, [{"pk": c.region.pk, "name": c.region.name} for c in data.children],
                      {c.region.pk: [getattr(c, k) for k in keys] for c in data.children}, [getattr(data, k) for k in keys])
    return Table("funding", "表15 党建工作经费", ("区域", "党员（名）", "预算（元）", "已拨付（元）", "已支出（元）", "留存党费应返还（元）",
                                                  "已返还（元）", "列支党员教育活动经费（元）"), rows,
                 note="与经费页面同一口径（003号文件第三部分三：每名党员每年的经费标准按参数）。金额为元，保留到分。")


def _inspection(region: Region, children: list[dict], year: int) -> Table:
    results = InspectionResult.objects.of_year(year).filter(in_subtree("organization__region", region.path))
    columns = {value: Q(result=value) for value in Result.values}
    aggregates = {"n": Count("pk"), **{value: Count("pk", filter=q) for value, q in columns.items()},
                  "pending": Count("pk", filter=Q(result=""))}
    keys = ("n", *Result.values, "pending")
    whole = results.aggregate(**aggregates)
    values = {}
    for child in children:
        row = results.filter(in_subtree("organization__region", child["path"])).aggregate(**aggregates)
        values[child["pk"]] = [row[k] for k in keys]
    rows = _per_child(region, children, values, [whole[k] for k in keys])
    return Table("inspection", "表16 党建工作年检", ("区域", "纳入年检（个）", *Result.labels, "未录入"), rows,
                 note="本年度各年检的结果，按组织所在区域统计（003号文件第三部分二：由上级主管部门负责年检）。")
