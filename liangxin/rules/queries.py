"""Set-based building blocks the rules and figures share. What "active" and "covered" (组织覆盖)
mean belongs to the organizations (OrganizationQuerySet.active, covered_by_party_org); work
coverage (工作覆盖) joins the instructors to it and is defined here, once, as a database
expression."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from liangxin.instructors.models import Assignment
from liangxin.organizations.models import covered_by_party_org
from liangxin.pairing.models import Pairing

# Work through the mass organizations (工会/共青团/妇联) established in the organization.
MASS_ORGANIZATIONS = Q(has_union=True) | Q(has_youth_league=True) | Q(has_women_federation=True)


def instructor_exists(on: datetime.date | None = None) -> Exists:
    # `covering`, not `current`: during a long leave only a reassigned instructor covers (INS-7).
    return Exists(Assignment.objects.covering(on).filter(organization=OuterRef("pk")))


def paired_exists(on: datetime.date | None = None) -> Exists:
    return Exists(Pairing.objects.current(on).filter(organization=OuterRef("pk")))


def work_reach(on: datetime.date | None = None) -> Q:
    """Party work reaches the organization: an instructor covers it on `on` (today), or a mass
    organization works in it. Work coverage = this, without organizational coverage. The
    columns come first: the database stops at the first true one before probing the EXISTS."""
    return MASS_ORGANIZATIONS | Q(instructor_exists(on))


def no_work_reach(on: datetime.date | None = None) -> Q:
    """The complement of work_reach, spelt as separate conditions so that the database
    anti-joins the EXISTS rather than evaluating an OR per row."""
    return Q(~instructor_exists(on), has_union=False, has_youth_league=False, has_women_federation=False)


def with_coverage(qs, on: datetime.date | None = None):
    """Annotate `has_party_org` (组织覆盖) and `has_work_reach` (an instructor assigned today,
    or a 工会/共青团/妇联 in the organization)."""
    return qs.annotate(has_party_org=covered_by_party_org(), has_instructor=instructor_exists(on)).annotate(
        has_work_reach=models.ExpressionWrapper(
            Q(has_instructor=True) | MASS_ORGANIZATIONS,
            output_field=models.BooleanField(),
        )
    )


def text(*parts) -> Concat:
    """A finding built in the database: strings are literals, anything else a column/expression."""
    exprs = [Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts]
    return Concat(*exprs, output_field=CharField())


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def today() -> datetime.date:
    return timezone.localdate()
