"""What the pages, the API, the rules and the bulletin share about the points record: who
confirms a record, the cadence of a pairing (PAIR-2), points (PAIR-4) and each role's to-dos."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.roles import Role
from liangxin.audit.log import tracked
from liangxin.core.periods import month_end, month_start, previous_quarter, quarter_bounds
from liangxin.pairing.evaluations import link
from liangxin.pairing.models import Inspection, Invitation, PairedUnit, Pairing, PointsRecord
from liangxin.pairing.parameters import BULLETIN_DAYS, CONFIRM_DAYS, POINTS
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules.values import ParameterValues

CONFIRM_PERMISSION = "pairing.confirm_pointsrecord"


# --- Who confirms -----------------------------------------------------------------------------

def has_party_org(organization_id: int) -> bool:
    return PartyOrg.objects.active().filter(organizations=organization_id).exists()


def may_review(user, record: PointsRecord) -> bool:
    """The organization's Party leader (a secretary whose jurisdiction holds the organization)
    confirms; where the organization has no party organization, the street (a committee or the
    administrator) does (004 四(二): 由“两新”组织党组织负责人签名确认)."""
    if not user.has_perm(CONFIRM_PERMISSION):
        return False
    if not PointsRecord.objects.scoped(user).filter(pk=record.pk).exists():
        return False
    if user.role == Role.SECRETARY:
        return True
    return not has_party_org(record.pairing.organization_id)


def review(record: PointsRecord, user, confirm: bool, reason: str = "") -> PointsRecord:
    """Confirm (the record's points are the table's in force on its date) or return with a reason."""
    if not may_review(user, record):
        raise PermissionDenied("只有该组织的党组织负责人（无党组织的由街道）可以确认或退回这条记录。")
    if record.status != PointsRecord.Status.PENDING:
        raise ValidationError("这条记录已处理过，只有待确认的记录可以确认或退回。")
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise ValidationError({"return_reason": "退回时请填写退回原因，告诉结对单位需要怎样补充或修改。"})
    with transaction.atomic(), tracked(record):
        record.reviewed_by, record.reviewed_on = user, timezone.localdate()
        if confirm:
            record.status = PointsRecord.Status.CONFIRMED
            record.points = points_of(record, ParameterValues(record.date))
            record.return_reason = ""
        else:
            record.status, record.return_reason, record.points = PointsRecord.Status.RETURNED, reason, 0
        record.save()
    return record


def points_of(record: PointsRecord, params: ParameterValues) -> int:
    return params.value(POINTS[record.kind], record.pairing.organization.region.path)


# --- Cadence (PAIR-2) -------------------------------------------------------------------------

# The kind each period asks for: 一月一到访、一季一活动、一年一总结.
CADENCE = (("month", "本月到访", PointsRecord.Kind.VISIT), ("quarter", "本季度联合活动", PointsRecord.Kind.ACTIVITY),
           ("year", "本年度总结会议", PointsRecord.Kind.SUMMARY))


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period == "month":
        return month_start(day), month_end(day)
    if period == "quarter":
        return quarter_bounds(day)
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


@dataclass
class Due:
    period: str
    label: str
    kind: str
    start: datetime.date
    end: datetime.date
    status: str  # "confirmed", "pending", "returned", "missing"

    @property
    def status_label(self) -> str:
        return {"confirmed": "已完成", "pending": "已记录，待确认", "returned": "被退回，请修改",
                "missing": "未完成"}[self.status]


def cadence(pairing: Pairing, day: datetime.date | None = None) -> list[Due]:
    """What the pairing owes in the month, quarter and year holding `day`, and how far it is."""
    day = day or timezone.localdate()
    year_start = datetime.date(day.year, 1, 1)
    statuses: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
    for kind, date, status in (PointsRecord.objects.filter(pairing=pairing, date__gte=year_start, date__lte=day)
                               .values_list("kind", "date", "status")):
        statuses[kind].append((date, status))
    dues = []
    for period, label, kind in CADENCE:
        start, end = period_bounds(period, day)
        found = {status for date, status in statuses[kind] if start <= date <= end}
        status = next((s for s in ("confirmed", "pending", "returned") if s in found), "missing")
        dues.append(Due(period, label, kind, start, end, status))
    return dues


# --- Points (PAIR-4) --------------------------------------------------------------------------

@dataclass
class UnitPoints:
    unit: PairedUnit
    by_kind: dict[str, int] = field(default_factory=dict)  # kind → points counted
    counts: dict[str, int] = field(default_factory=dict)  # kind → confirmed records
    over_cap: int = 0  # confirmed records past their kind's yearly cap (kept, not counted)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def year_points(units, year: int, until: datetime.date | None = None) -> dict[int, UnitPoints]:
    """Each unit's points for `year` (up to `until`): its confirmed records within each kind's
    yearly cap (PointsRecordQuerySet.counted, the one definition), and the confirmed records
    per kind, so the page can say how many went past the cap. Two grouped queries."""
    result = {unit.pk: UnitPoints(unit) for unit in units}
    until = until or datetime.date(year, 12, 31)
    mine = PointsRecord.objects.filter(pairing__unit__in=list(result)).order_by()
    for unit_id, kind, n in (mine.confirmed().filter(date__year=year, date__lte=until)
                             .values("pairing__unit", "kind").annotate(n=Count("pk")).values_list("pairing__unit", "kind", "n")):
        result[unit_id].counts[kind] = n
    for unit_id, kind, n, points in (mine.counted(year, until).values("pairing__unit", "kind")
                                     .annotate(n=Count("pk"), points=Sum("points"))
                                     .values_list("pairing__unit", "kind", "n", "points")):
        result[unit_id].by_kind[kind] = points
        result[unit_id].over_cap -= n
    for row in result.values():
        row.over_cap += sum(row.counts.values())  # a kind capped at 0 has no counted row at all
    return result


# --- To-dos -----------------------------------------------------------------------------------

def awaiting_review(user):
    """The pending records this user is the one to confirm."""
    if not user.has_perm(CONFIRM_PERMISSION):
        return PointsRecord.objects.none()
    records = PointsRecord.objects.scoped(user).pending()
    if user.role != Role.SECRETARY:
        # The street confirms only for organizations without a party organization.
        records = records.exclude(pairing__organization__party_orgs__in=PartyOrg.objects.active())
    return records.select_related("pairing__unit", "pairing__organization")


def todos(user) -> list[tuple[str, str, str]]:
    """(icon, text, url) for the home page: what this user must do in the points record."""
    items: list[tuple[str, str, str]] = []
    pending = awaiting_review(user)
    count = pending.count()
    if count:
        params = ParameterValues()
        late = pending.filter(created__date__lt=timezone.localdate() - datetime.timedelta(days=params.value(CONFIRM_DAYS)))
        text = f"{count}条积分行动记录待您确认" + (f"（其中{late.count()}条已超过{params.value(CONFIRM_DAYS)}天）" if late.exists() else "")
        items.append(("patch-check", text, reverse("pairing:pointsrecord_list") + "?status=pending&mine=true"))
    if user.role == Role.PAIRED_UNIT and user.paired_unit_id:
        returned = PointsRecord.objects.filter(pairing__unit=user.paired_unit_id, status=PointsRecord.Status.RETURNED)
        for record in returned.select_related("pairing__unit")[:5]:
            items.append(("arrow-return-left", f"记录被退回：{record}（{record.return_reason}）",
                          reverse("pairing:pointsrecord_edit", args=[record.pk])))
    return items + evaluation_todos(user) + inspection_todos(user)


def evaluation_todos(user) -> list[tuple[str, str, str]]:
    """Evaluate (004 四(四), 附件4): the invitations of kind 两新组织党组织 still unanswered for
    the organizations the secretary's party organization covers, each with its one-time link.
    The other evaluators (mass organizations, employees, the owner) have no account: the
    committee hands them their links."""
    if user.role != Role.SECRETARY or not user.party_org_id:
        return []
    pending = (Invitation.objects.filter(evaluator=Invitation.Evaluator.PARTY_ORG, answered_at__isnull=True,
                                         evaluation__pairing__organization__party_orgs=user.party_org_id)
               .select_related("evaluation__pairing__unit").order_by("evaluation__year", "evaluation__round", "pk").distinct())
    return [("chat-square-text", f"请填写评议：{invitation.evaluation}（两新组织党组织）", link(invitation))
            for invitation in pending[:5]]


def inspection_todos(user, day: datetime.date | None = None) -> list[tuple[str, str, str]]:
    """Inspect (004 四(三), PAIR-6): for the district's or a street's 党群共建办, the last quarter's
    inspection not yet held, or its bulletin not yet issued, where pairings ran that quarter;
    due within the parameter's days after the quarter (PAIR-6 flags it after)."""
    region = user.region if user.region_id else None
    if region is None or region.level not in (region.Level.DISTRICT, region.Level.STREET) \
            or not user.has_perm("pairing.add_inspection"):
        return []
    day = day or timezone.localdate()
    start, end = previous_quarter(day)
    year, quarter = start.year, (start.month - 1) // 3 + 1
    paired = Pairing.objects.filter(organization__region__path__startswith=region.path, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    if not paired.exists():
        return []
    due = end + datetime.timedelta(days=ParameterValues().value(BULLETIN_DAYS, region.path))
    when = f"（{due:%Y-%m-%d}前印发通报）" if day <= due else "（已超过印发期限）"
    inspection = Inspection.objects.filter(region=region, year=year, quarter=quarter).first()
    if inspection is None:
        return [("megaphone", f"{year}年第{quarter}季度结对共建督办检查待开展{when}",
                 reverse("pairing:inspection_add") + f"?region={region.pk}&year={year}&quarter={quarter}")]
    if inspection.issued_on is None:
        return [("megaphone", f"{year}年第{quarter}季度督办检查通报待印发{when}",
                 reverse("pairing:inspection_detail", args=[inspection.pk]))]
    return []


def own_pairings(user):
    """A paired unit's current pairings (its own unit's: not another unit's pairing with the same organization)."""
    if not user.paired_unit_id:
        return Pairing.objects.none()
    return Pairing.objects.current().filter(unit=user.paired_unit_id).select_related("organization", "unit")


def record_choices(user):
    """The pairings a user may record for: a paired unit its own; a street or the district any in its jurisdiction."""
    pairings = Pairing.objects.scoped(user)
    if getattr(user, "role", None) == Role.PAIRED_UNIT:
        pairings = pairings.filter(unit=user.paired_unit_id)
    return pairings.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate() - datetime.timedelta(days=366)))
