"""What the checklists and ratings say of a region or an object, for COV-1's rates and ORG-10's
stages (liangxin.rules reads them from here): computed in the database.

- A party organization is *standardized* (已规范) when both its checklists (六有 and 五个一)
  exist and every item is verified by the street.
- The rating rates count the latest approved round of each street: 双强六好 over the
  enterprises in operation, 五个好 over the active party organizations (an unrated one has not
  reached the standard).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from liangxin.assessments.models import Checklist, ChecklistEntry, Rating, RatingRound
from liangxin.assessments.parameters import FIVE_GOOD, SSH
from liangxin.core.jurisdiction import in_subtree
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg

STANDARDS = ("six_have", "five_ones")


def standardized_party_orgs():
    """Active party organizations whose two checklists are complete and all verified (a subquery of pks)."""
    complete = Q()
    for standard in STANDARDS:
        checklists = Checklist.objects.filter(party_org=OuterRef("pk"), standard=standard)
        open_items = ChecklistEntry.objects.filter(checklist__party_org=OuterRef("pk"), checklist__standard=standard).exclude(
            status=ChecklistEntry.Status.VERIFIED)
        complete &= Q(Exists(checklists)) & ~Q(Exists(open_items))
    return PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).filter(complete).values("pk")


def latest_rounds(scheme: str, path: str):
    """The latest approved round of `scheme` of each street at or under `path`, or above it (a
    community or grid is rated in its street's round)."""
    ancestors = [int(part) for part in path.split("/") if part]
    rounds = RatingRound.objects.filter(scheme=scheme, status=RatingRound.Status.APPROVED).filter(
        in_subtree("region", path) | Q(region__in=ancestors))
    newer = RatingRound.objects.filter(scheme=scheme, status=RatingRound.Status.APPROVED, region=OuterRef("region"),
                                       year__gt=OuterRef("year"))
    return rounds.filter(~Q(Exists(newer)))


def passed_ratings(scheme: str, path: str):
    rounds = latest_rounds(scheme, path)
    subject = "organization__region" if scheme == SSH else "party_org__region"
    return Rating.objects.filter(round__in=rounds.values("pk"), passed=True).filter(in_subtree(subject, path))


def rating_rates(path: str | None) -> dict:
    """{"two_strong_six_good": {...} | None, "five_good": {...} | None}: per scheme the rate,
    the count reached, the count rated against, the years of the rounds; None without an
    approved round."""
    result: dict = {"two_strong_six_good": None, "five_good": None}
    if not path:
        return result
    for key, scheme in (("two_strong_six_good", SSH), ("five_good", FIVE_GOOD)):
        rounds = latest_rounds(scheme, path)
        years = sorted(set(rounds.values_list("year", flat=True)))
        if not years:
            continue
        if scheme == SSH:
            total = Organization.objects.active().filter(kind=Organization.Kind.ENTERPRISE).filter(in_subtree("region", path)).count()
            reached = passed_ratings(scheme, path).values("organization").distinct().count()
        else:
            total = PartyOrg.objects.active().filter(in_subtree("region", path)).count()
            reached = passed_ratings(scheme, path).values("party_org").distinct().count()
        result[key] = {"rate": round(reached / total, 4) if total else None, "reached": reached, "total": total,
                       "years": years}
    return result


def rating_text(figures: dict | None, target: int) -> str | None:
    if figures is None or figures["rate"] is None:
        return None
    years = "、".join(str(y) for y in figures["years"])
    return f"{figures['rate']:.1%}（{figures['reached']}/{figures['total']}，{years}年度评定；目标{target}%）"


def passed_anywhere(scheme: str):
    """The passed ratings of every street's latest approved round of `scheme`."""
    newer = RatingRound.objects.filter(scheme=scheme, status=RatingRound.Status.APPROVED, region=OuterRef("round__region"),
                                       year__gt=OuterRef("round__year"))
    return Rating.objects.filter(round__scheme=scheme, round__status=RatingRound.Status.APPROVED, passed=True).filter(
        ~Q(Exists(newer)))
