"""Rules STD-1 (六有), STD-2 (五个一), STD-3 (双强六好) and STD-4 (五个好); citations and parameters
in liangxin.assessments.parameters. The registry loads `RULES`.

STD-1 and STD-2 list the active party organizations whose checklist is not yet all verified
(missing, items unfilled, waiting or returned) and rooms verified under the area parameter;
STD-3 and STD-4 list the subjects of the latest approved rounds that did not reach the standard."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from liangxin.assessments.models import Checklist, ChecklistEntry, Rating, RatingRound
from liangxin.assessments.parameters import (
    AREA,
    C_FIVE_GOOD,
    C_FIVE_ONES,
    C_ROOM,
    C_SIX_HAVE,
    C_SSH,
    FIVE_DIMENSION_PASS,
    FIVE_GOOD,
    FIVE_ONES,
    FIVE_OVERALL_PASS,
    ROOM_AREA,
    SIX_HAVE,
    SSH,
    SSH_DIMENSION_PASS,
    SSH_OVERALL_PASS,
)
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules.queries import text
from liangxin.rules.registry import Rule

STD = "党组织规范化建设"
S = ChecklistEntry.Status


def _entries(standard: str, **filters) -> Coalesce:
    rows = (ChecklistEntry.objects.filter(checklist__party_org=OuterRef("pk"), checklist__standard=standard, **filters)
            .order_by().values("checklist__party_org").annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(rows), 0)


def _checklist_rule(standard: str, label: str):
    def query(qs, params):
        small = ChecklistEntry.objects.filter(checklist__party_org=OuterRef("pk"), checklist__standard=standard,
                                              item__evidence=AREA, status=S.VERIFIED, area__lt=OuterRef("minimum"))
        qs = (qs.filter(status=PartyOrg.Status.ACTIVE)
              .annotate(has_list=Exists(Checklist.objects.filter(party_org=OuterRef("pk"), standard=standard)),
                        items=_entries(standard), verified=_entries(standard, status=S.VERIFIED),
                        returned=_entries(standard, status=S.RETURNED), waiting=_entries(standard, status=S.SUBMITTED),
                        minimum=params.expr(ROOM_AREA, "region__path")))
        qs = qs.annotate(small_room=Exists(small)) if standard == FIVE_ONES else qs.annotate(small_room=Value(False))
        return qs.filter(Q(has_list=False) | Q(verified__lt=F("items")) | Q(small_room=True)).annotate(finding=Case(
            When(has_list=False, then=Value(f"未建立“{label}”清单")),
            When(returned__gt=0, then=text(f"“{label}”", F("returned"), "项被退回待整改")),
            When(waiting__gt=0, then=text(f"“{label}”", F("waiting"), "项待街道核实")),
            When(small_room=True, then=Value("党员活动室面积不足")),
            default=text(f"“{label}”已核实", F("verified"), "/", F("items"), "项"), output_field=CharField(),
        ))
    return query


def _rating_rule(scheme: str, subject: str):
    def query(qs, params):
        newer = RatingRound.objects.filter(scheme=scheme, status=RatingRound.Status.APPROVED, region=OuterRef("round__region"),
                                           year__gt=OuterRef("round__year"))
        latest = Rating.objects.filter(round__scheme=scheme, round__status=RatingRound.Status.APPROVED, passed=False).filter(
            ~Q(Exists(newer)))
        failed = latest.filter(**{subject: OuterRef("pk")})
        year = failed.order_by("-round__year").values("round__year")[:1]
        average = failed.order_by("-round__year").values("average")[:1]
        return (qs.filter(Exists(failed)).annotate(year=Subquery(year), average=Subquery(average))
                .annotate(finding=text(F("year"), "年度评定未达标（平均", Coalesce(F("average"), Value(0)), "分）")))
    return query


RULES = (
    Rule(
        "STD-1", "“六有”活动场所未规范", STD, (C_SIX_HAVE,),
        "按有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准逐项填报佐证，街道逐项核实；退回的按原因整改后再报。",
        model="partyorgs.PartyOrg", query=_checklist_rule(SIX_HAVE, "六有"),
    ),
    Rule(
        "STD-2", "“五个一”规范化建设未完成", STD, (C_FIVE_ONES, C_ROOM),
        "建好一间约30平方米的党员活动室（不足{standards_room_min_area}平方米的提示）、一个党员公示栏、一块标识牌、一面党旗、一套党建工作制度，逐项填报，街道核实。",
        model="partyorgs.PartyOrg", parameters=(ROOM_AREA,), query=_checklist_rule(FIVE_ONES, "五个一"),
    ),
    Rule(
        "STD-3", "“双强六好”评定未达标", STD, (C_SSH,),
        "对照党建强、发展强和六好逐项整改：各项不低于{rating_ssh_dimension_pass}分、平均不低于{rating_ssh_overall_pass}分为达标。",
        model="organizations.Organization", parameters=(SSH_DIMENSION_PASS, SSH_OVERALL_PASS),
        query=_rating_rule(SSH, "organization"),
        scope_note="按各街道最近一次已审定的评定计；未参评的企业计入覆盖看板的未达标，不在此列出。",
    ),
    Rule(
        "STD-4", "“五个好”评定未达标", STD, (C_FIVE_GOOD,),
        "对照领导班子好、队伍素质好、制度建设好、工作业绩好、群众反映好整改：各项不低于{rating_five_good_dimension_pass}分、平均不低于{rating_five_good_overall_pass}分为达标。",
        model="partyorgs.PartyOrg", parameters=(FIVE_DIMENSION_PASS, FIVE_OVERALL_PASS),
        query=_rating_rule(FIVE_GOOD, "party_org"), scope_note="按各街道最近一次已审定的评定计。",
    ),
)
