"""Set-based building blocks the rules and figures share: what "active", "covered" and "work
coverage" mean, each defined once as a database expression."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg

INACTIVE_STATUSES = (Organization.Status.CLOSED, Organization.Status.DEREGISTERED)


def active(qs):
    """Organizations in operation (正常 or 停产); closed and deregistered ones are not counted."""
    return qs.exclude(status__in=INACTIVE_STATUSES)


def covered_exists(mode: str | None = None) -> Exists:
    """组织覆盖: an active party organization (its own or a joint one) covers the organization."""
    through = PartyOrg.organizations.through.objects.filter(
        organization=OuterRef("pk"), partyorg__status=PartyOrg.Status.ACTIVE
    )
    if mode is not None:
        through = through.filter(partyorg__mode=mode)
    return Exists(through)


def instructor_exists(on: datetime.date | None = None) -> Exists:
    from liangxin.instructors.models import Assignment

    # `covering`, not `current`: during a long leave only a reassigned instructor covers (INS-7).
    return Exists(Assignment.objects.covering(on).filter(organization=OuterRef("pk")))


def paired_exists(on: datetime.date | None = None) -> Exists:
    from liangxin.pairing.models import Pairing

    return Exists(Pairing.objects.current(on).filter(organization=OuterRef("pk")))


def with_coverage(qs, on: datetime.date | None = None):
    """Annotate `has_party_org` (组织覆盖) and `has_work_reach` (an instructor assigned today,
    or a 工会/共青团/妇联 in the organization)."""
    return qs.annotate(has_party_org=covered_exists(), has_instructor=instructor_exists(on)).annotate(
        has_work_reach=models.ExpressionWrapper(
            Q(has_instructor=True) | Q(has_union=True) | Q(has_youth_league=True) | Q(has_women_federation=True),
            output_field=models.BooleanField(),
        )
    )


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def today() -> datetime.date:
    return timezone.localdate()
