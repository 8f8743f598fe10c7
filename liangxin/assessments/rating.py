"""The ratings' arithmetic: the suggested score of each dimension from the data the system
holds, whether a rating passes, generating a round's ratings and approving it.

A suggestion starts every dimension it can judge at 60 (the seeds' standards are met in the
main) and adds up to 40 for what the record shows over the rating year (1 January to the end
of the year, or today for the current year):

- 三会一课 kept: a 支部党员大会 and a 党课 each quarter begun (share of the 2 × quarters held);
- checklists: share of the 六有 and 五个一 items verified by the street;
- policy study: share of the quarters with a 政策法规学习 (MEM-5);
- leadership: 20 for a secretary on record, 20 for an election within the term;
- members developed: 20 when the roster holds a probationary member;
- pairing points: 4 a confirmed points record of the year, up to 40 (群众/社会评价);
- instructor's evaluation: the latest of the year of an instructor assigned to the enterprise
  (its total score, out of 100), averaged into 党建强 with the cadence and checklists.

What the record cannot say (发展强、生产经营好、企业文化好、劳动关系好) has no suggestion: the
street scores it. Every suggestion comes with its basis in words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.assessments.models import ChecklistEntry, Rating, RatingRound
from liangxin.assessments.parameters import DIMENSIONS, FIVE_GOOD, PASS_MARKS, SSH
from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core.periods import quarter_of
from liangxin.instructors.models import Assignment, Evaluation
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PointsRecord
from liangxin.partylife.models import Activity
from liangxin.partylife.parameters import GENERAL_MEETING, LECTURE, POLICY_STUDY
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules.parameters import BRANCH_TERM, COMMITTEE_TERM
from liangxin.rules.queries import years_before
from liangxin.rules.values import ParameterValues

APPROVE_PERMISSION = "assessments.approve_ratinground"


def year_span(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _share(part: float, whole: float) -> float:
    return min(1.0, part / whole) if whole else 0.0


def _points(share: float, weight: int = 40) -> int:
    return 60 + round(weight * share)


class Facts:
    """What the record says of one party organization over the year, read once."""

    def __init__(self, party_org: PartyOrg, year: int, today: datetime.date | None = None):
        start, end = year_span(year, today)
        self.quarters = quarter_of(end)
        held = Activity.objects.filter(party_org=party_org, date__gte=start, date__lte=end)
        by_quarter: dict[str, set[int]] = {GENERAL_MEETING: set(), LECTURE: set(), POLICY_STUDY: set()}
        for code, date in held.filter(kind__code__in=list(by_quarter)).values_list("kind__code", "date"):
            by_quarter[code].add(quarter_of(date))
        self.general, self.lectures, self.studies = (len(by_quarter[c]) for c in (GENERAL_MEETING, LECTURE, POLICY_STUDY))
        self.cadence = _share(self.general + self.lectures, 2 * self.quarters)
        entries = ChecklistEntry.objects.filter(checklist__party_org=party_org)
        self.items, self.verified = entries.count(), entries.filter(status=ChecklistEntry.Status.VERIFIED).count()
        self.checklists = _share(self.verified, self.items)
        self.has_secretary = bool(party_org.secretary_id or party_org.secretary_name)
        term = ParameterValues(end).value(COMMITTEE_TERM if party_org.type == PartyOrg.Type.COMMITTEE else BRANCH_TERM,
                                          party_org.region.path)
        elected = party_org.last_election_on or party_org.founded_on
        self.elected_in_term = bool(elected and elected > years_before(end, term))
        self.developed = Member.objects.filter(party_org=party_org, category=Member.Category.PROBATIONARY).exists()
        self.study_share = _share(self.studies, self.quarters)

    def leadership(self) -> tuple[int, str]:
        score = 60 + 20 * self.has_secretary + 20 * self.elected_in_term
        return score, f"书记{'已' if self.has_secretary else '未'}配备，{'按期换届' if self.elected_in_term else '换届超期或无记录'}"

    def members(self) -> tuple[int, str]:
        score = 60 + 20 * self.developed + round(20 * self.study_share)
        return score, (f"{'有' if self.developed else '无'}预备党员；政策法规学习{self.studies}/{self.quarters}个季度")

    def cadence_text(self) -> str:
        return f"党员大会{self.general}/{self.quarters}、党课{self.lectures}/{self.quarters}个季度"

    def checklist_text(self) -> str:
        return f"六有、五个一已核实{self.verified}/{self.items}项"


def _pairing(organization_ids: list[int], year: int, today=None) -> tuple[int, str] | None:
    start, end = year_span(year, today)
    records = PointsRecord.objects.confirmed().filter(pairing__organization__in=organization_ids, date__gte=start, date__lte=end)
    if not records.exists():
        return None
    count = records.count()
    return 60 + min(40, 4 * count), f"结对共建已确认记录{count}条"


def suggest_five_good(party_org: PartyOrg, year: int, today=None) -> dict[str, tuple[int, str]]:
    facts = Facts(party_org, year, today)
    suggestions = {
        "leadership": facts.leadership(),
        "team": facts.members(),
        "systems": (_points(facts.checklists), facts.checklist_text()),
        "performance": (_points(facts.cadence), facts.cadence_text()),
    }
    mass = _pairing(list(party_org.organizations.values_list("pk", flat=True)), year, today)
    if mass is not None:
        suggestions["mass"] = mass
    return suggestions


def suggest_ssh(organization: Organization, year: int, today=None) -> dict[str, tuple[int, str]]:
    party_org = organization.party_orgs.filter(status=PartyOrg.Status.ACTIVE).order_by("pk").first()
    suggestions: dict[str, tuple[int, str]] = {}
    if party_org is not None:
        facts = Facts(party_org, year, today)
        shares, basis = [facts.cadence, facts.checklists], [facts.cadence_text(), facts.checklist_text()]
        start, end = year_span(year, today)
        instructors = Assignment.objects.filter(organization=organization).values("instructor")
        evaluation = (Evaluation.objects.filter(instructor__in=instructors, year=year).order_by("-half", "-pk")
                      .values_list("total_score", flat=True).first())
        if evaluation is not None:
            shares.append(float(evaluation) / 100)
            basis.append(f"指导员考评{evaluation}分")
        suggestions["party_building"] = (_points(sum(shares) / len(shares)), "；".join(basis))
        suggestions["leadership"] = facts.leadership()
        suggestions["members"] = facts.members()
    reputation = _pairing([organization.pk], year, today)
    if reputation is not None:
        suggestions["reputation"] = reputation
    return suggestions


def suggest(rating: Rating, today=None) -> dict[str, tuple[int, str]]:
    if rating.round.scheme == SSH:
        return suggest_ssh(rating.organization, rating.round.year, today)
    return suggest_five_good(rating.party_org, rating.round.year, today)


def judge(rating: Rating, params: ParameterValues | None = None) -> None:
    """The average and whether it passes: every dimension scored and at least its pass mark,
    the average at least the overall pass mark (the street's values in force)."""
    params = params or ParameterValues()
    dimension_key, overall_key = PASS_MARKS[rating.round.scheme]
    path = rating.round.region.path
    scores = [rating.scores.get(code) for code, _ in DIMENSIONS[rating.round.scheme]]
    if any(score is None for score in scores):
        rating.average, rating.passed = None, False
        return
    rating.average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"))
    rating.passed = (min(scores) >= params.value(dimension_key, path) and rating.average >= params.value(overall_key, path))


def subjects(round_: RatingRound):
    """Who a round rates: the street's enterprises in operation covered by an active party
    organization (双强六好: 党建强 needs one), or its active party organizations (五个好)."""
    if round_.scheme == SSH:
        return (Organization.objects.active().filter(kind=Organization.Kind.ENTERPRISE, region__path__startswith=round_.region.path,
                                                     party_orgs__status=PartyOrg.Status.ACTIVE).distinct().order_by("name"))
    return PartyOrg.objects.active().filter(region__path__startswith=round_.region.path).order_by("name")


def _subject_field(round_: RatingRound) -> str:
    return "organization" if round_.scheme == SSH else "party_org"


def _suggest_into(rating: Rating, today=None) -> None:
    suggestions = suggest(rating, today)
    rating.suggested = {code: score for code, (score, _) in suggestions.items()}
    rating.basis = {code: text for code, (_, text) in suggestions.items()}


def _new_ratings(round_: RatingRound, today=None):
    """Unsaved ratings, their scores pre-filled with the suggestions, for the subjects not yet rated."""
    field = _subject_field(round_)
    rated = set(round_.ratings.values_list(f"{field}_id", flat=True))
    params = ParameterValues()
    for subject in subjects(round_):
        if subject.pk in rated:
            continue
        rating = Rating(round=round_, **{field: subject})
        _suggest_into(rating, today)
        rating.scores = dict(rating.suggested)
        judge(rating, params)
        yield rating


def generate(round_: RatingRound, today=None) -> int:
    """One rating per subject not yet rated, its scores pre-filled with the suggestions."""
    created = 0
    for rating in _new_ratings(round_, today):
        rating.save()
        created += 1
    return created


@dataclass
class Regenerated:
    """What `regenerate` did: ratings whose suggestion changed, ratings added for subjects that
    appeared, dimensions whose entered score was kept, and the subjects no longer in the round."""

    refreshed: int = 0
    added: int = 0
    kept: int = 0
    gone: list[str] = field(default_factory=list)

    def message(self) -> str:
        text = f"已重新计算建议分：{self.refreshed}项评定的建议分有变化，新增{self.added}项评定"
        if self.kept:
            text += f"，保留了{self.kept}项人工核定的得分（与原建议分不同）"
        text += "。"
        if self.gone:
            names = "、".join(self.gone[:5]) + ("等" if len(self.gone) > 5 else "")
            text += (f"{len(self.gone)}项评定的对象已不在本轮范围内（{names}：已撤销、停业或迁出本街道），"
                     "评定保留未删，请核实后决定是否删除。")
        return text


def may_regenerate(user, round_: RatingRound) -> bool:
    """Whoever may change the round (its street, the administrator): the same test as its edit page."""
    return bool(user.has_perm("assessments.change_ratinground")
                and RatingRound.objects.scoped(user, "change").filter(pk=round_.pk).exists())


def _follow(old_suggested: dict, new_suggested: dict, scores: dict, dimensions) -> tuple[dict, int]:
    """The scores after a new suggestion, and how many entered scores were kept.

    A rating has no state of its own (the round is 评定中 or 已审定), so what a person did is read
    from the scores themselves: a score equal to the old suggestion is the system's value that
    nobody changed, and follows the new suggestion (or is cleared when the record no longer
    suggests one: the street scores it then); a score that differs from the old suggestion, or
    that the system never suggested, was entered by the street and is kept. A dimension with no
    score gets the new suggestion."""
    result, kept = {}, 0
    codes = [code for code, _ in dimensions]  # the form's order, as the scores are stored
    for code in codes + [c for c in {**scores, **new_suggested} if c not in codes]:
        score = scores.get(code)
        entered = score is not None and (code not in old_suggested or score != old_suggested[code])
        if entered:
            result[code] = score
            kept += code in new_suggested  # only where the system suggests: the street's own dimensions always are
        elif code in new_suggested:
            result[code] = new_suggested[code]
    return result, kept


def regenerate(round_: RatingRound, user, today=None) -> Regenerated:
    """Recompute a round's suggestions from the data as it is now (活动、清单核实、新设组织 …):
    every rating's `suggested` and `basis`, the scores nobody changed following them (see
    `_follow`); a rating for each subject that appeared since; the ratings of subjects no longer
    in the round are reported, not deleted (their scores may be the street's work, and deleting
    is the street's decision on the rating's own page). An approved round refuses: its results
    are final. One change-log row per rating changed or added, and one for the round."""
    if not may_regenerate(user, round_):
        raise PermissionDenied("只有该街道（乡镇、园区）党(工)委可以重新计算建议分。")
    if round_.approved:
        raise ValidationError("该评定已审定，结果只读，不能重新计算建议分。")
    result = Regenerated()
    subject_field = _subject_field(round_)
    params = ParameterValues()
    with transaction.atomic():
        current = set(subjects(round_).values_list("pk", flat=True))
        for rating in round_.ratings.select_related("organization", "party_org", "round__region").order_by("pk"):
            if getattr(rating, f"{subject_field}_id") not in current:
                result.gone.append(str(rating.subject))
            fresh = Rating(round=rating.round, organization=rating.organization, party_org=rating.party_org)
            _suggest_into(fresh, today)
            scores, kept = _follow(rating.suggested, fresh.suggested, rating.scores, DIMENSIONS[round_.scheme])
            result.kept += kept
            if (fresh.suggested, fresh.basis, scores) == (rating.suggested, rating.basis, rating.scores):
                continue  # nothing to write, nothing to log
            result.refreshed += fresh.suggested != rating.suggested
            with tracked(rating):
                rating.suggested, rating.basis, rating.scores = fresh.suggested, fresh.basis, scores
                judge(rating, params)
                rating.save()
        for rating in _new_ratings(round_, today):
            with tracked(rating):
                rating.save()
            result.added += 1
        record(ChangeLog.Action.UPDATE, round_, user=user, detail=result.message())
    return result


def approve(round_: RatingRound, user) -> RatingRound:
    """The committee approves the round: every rating scored in full; then read-only."""
    if not user.has_perm(APPROVE_PERMISSION) or not RatingRound.objects.scoped(user, "change").filter(pk=round_.pk).exists():
        raise PermissionDenied("只有该街道（乡镇、园区）党(工)委可以审定评定结果。")
    if round_.approved:
        raise ValidationError("该评定已审定。")
    incomplete = [str(r.subject) for r in round_.ratings.select_related("organization", "party_org") if r.average is None]
    if incomplete:
        names = "、".join(incomplete[:5]) + ("等" if len(incomplete) > 5 else "")
        raise ValidationError(f"还有{len(incomplete)}项未评完（{names}），请逐项打分后再审定。")
    with transaction.atomic(), tracked(round_):
        round_.status, round_.approved_by, round_.approved_on = RatingRound.Status.APPROVED, user, timezone.localdate()
        round_.save()
    return round_


__all__ = ["APPROVE_PERMISSION", "FIVE_GOOD", "SSH", "approve", "generate", "judge", "regenerate", "suggest"]
