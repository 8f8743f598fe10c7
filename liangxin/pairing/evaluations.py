"""Mid-year and year-end evaluations (附件4, PAIR-5): opening a round with its four invitations,
the one-time links, answering, and the conversion to points.

A link is `/pairing/evaluate/<token>/`, the token Django's signature (HMAC with the site's
secret key, salted for this use) of the invitation's id and a 192-bit random nonce stored with
it. Nobody can make a valid token without the key, nor find one by trying: there is nothing to
rate-limit, since every guess fails the signature before the database is asked. A token opens
its own invitation only, and an answered invitation takes no second answer."""

from __future__ import annotations

import datetime
import hmac

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.audit.log import tracked
from liangxin.pairing.models import Invitation, Pairing, UnitEvaluation
from liangxin.pairing.parameters import EVAL_MAX_POINTS
from liangxin.rules.values import ParameterValues

SALT = "liangxin.pairing.evaluation"


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=False)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a token names, or None for anything not signed by us or not matching."""
    try:
        payload = signing.loads(token, salt=SALT)
        pk, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    invitation = Invitation.objects.select_related("evaluation__pairing__unit", "evaluation__pairing__organization").filter(pk=pk).first()
    if invitation is None or not hmac.compare_digest(invitation.nonce, nonce):
        return None
    return invitation


def link(invitation: Invitation) -> str:
    return reverse("pairing:evaluation_answer", args=[token_for(invitation)])


def round_of(day: datetime.date) -> tuple[int, str]:
    """The round a day belongs to: the first half-year's mid-year round, the second's year-end."""
    return day.year, UnitEvaluation.Round.MID_YEAR if day.month <= 6 else UnitEvaluation.Round.YEAR_END


def round_end(year: int, round_: str) -> datetime.date:
    return datetime.date(year, 6, 30) if round_ == UnitEvaluation.Round.MID_YEAR else datetime.date(year, 12, 31)


def open_round(pairing: Pairing, year: int, round_: str, user) -> tuple[UnitEvaluation, bool]:
    """The pairing's evaluation of that round with one invitation for each kind of evaluator."""
    with transaction.atomic():
        evaluation = UnitEvaluation.objects.filter(pairing=pairing, year=year, round=round_).first()
        created = evaluation is None
        if created:
            evaluation = UnitEvaluation(pairing=pairing, year=year, round=round_, created_by=user)
            with tracked(evaluation):
                evaluation.save()
        have = set(evaluation.invitations.values_list("evaluator", flat=True))
        for kind in Invitation.Evaluator.values:
            if kind not in have:
                Invitation.objects.create(evaluation=evaluation, evaluator=kind)
    return evaluation, created


def open_rounds(user, year: int, round_: str) -> int:
    """A round for every pairing current in its half-year that the user keeps; returns how many were opened."""
    start = datetime.date(year, 1, 1) if round_ == UnitEvaluation.Round.MID_YEAR else datetime.date(year, 7, 1)
    end = round_end(year, round_)
    pairings = (Pairing.objects.scoped(user, "change").filter(start_date__lte=end)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
                .exclude(evaluations__year=year, evaluations__round=round_))
    return sum(open_round(pairing, year, round_, user)[1] for pairing in pairings.select_related("unit"))


def answer(invitation: Invitation, ratings: dict, comments: str) -> bool:
    """Save the answer once; False when the invitation was answered already (two tabs, a replay)."""
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(), comments=comments.strip(), score=round(sum(ratings.values()) / len(ratings)),
            **ratings)
    return bool(updated)


def score(evaluation: UnitEvaluation) -> float | None:
    """The average score (0–100) of the answers received, None before the first."""
    scores = [s for s in evaluation.invitations.values_list("score", flat=True) if s is not None]
    return sum(scores) / len(scores) if scores else None


def points(evaluation: UnitEvaluation, average: float | None = None) -> int:
    """The round's points: the average score over 100 times the parameter's full mark."""
    average = score(evaluation) if average is None else average
    if average is None:
        return 0
    full = ParameterValues(round_end(evaluation.year, evaluation.round)).value(
        EVAL_MAX_POINTS, evaluation.pairing.organization.region.path)
    return round(average * full / 100)


def year_evaluation_points(units, year: int, rounds: tuple[str, ...] = ("mid_year", "year_end")) -> dict[int, int]:
    """Each unit's evaluation points of the year (both rounds, or those named), from the answers received."""
    result = {unit.pk: 0 for unit in units}
    evaluations = (UnitEvaluation.objects.filter(pairing__unit__in=list(result), year=year, round__in=rounds)
                   .select_related("pairing__organization__region"))
    scores: dict[int, list[int]] = {}
    for evaluation_id, value in Invitation.objects.filter(evaluation__in=evaluations, score__isnull=False).values_list("evaluation", "score"):
        scores.setdefault(evaluation_id, []).append(value)
    for evaluation in evaluations:
        received = scores.get(evaluation.pk)
        if received:
            result[evaluation.pairing.unit_id] += points(evaluation, sum(received) / len(received))
    return result
