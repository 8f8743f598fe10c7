"""Dynamic tracking of a grid for a period (GRID-5, 002 二(二)2: 及时掌握辖区非公企业增减、党员流入
流出、企业员工中优秀分子等情况).

Organizations and members added and removed are read from the change log, which holds every
create, update and delete with its before/after state, whichever path made it (a form, an
import, a grid adjustment): an organization entered the grid when a row's `after` places it
there and its `before` did not, and left it the other way round, or when it closed
(关闭/注销). Members the same way through their organization. The figures are exact for the
period, whatever the grid looks like today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.members.models import MEMBER_CATEGORIES, NOT_YET_MEMBERS, Member
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region

_CLOSED = [str(status) for status in Organization.INACTIVE_STATUSES]


@dataclass
class Tracking:
    start: datetime.date
    end: datetime.date
    organizations_added: list[ChangeLog] = field(default_factory=list)
    organizations_removed: list[ChangeLog] = field(default_factory=list)
    members_in: list[ChangeLog] = field(default_factory=list)
    members_out: list[ChangeLog] = field(default_factory=list)
    inflow_members: int = 0
    outflow_members: int = 0


def _period(qs, start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return qs.filter(time__gte=since, time__lt=until, action__in=(ChangeLog.Action.CREATE, ChangeLog.Action.UPDATE,
                                                                   ChangeLog.Action.DELETE))


def _entered(key: str, values) -> Q:
    """A create placing the object at one of `values`, or an update moving it there."""
    inside_after = Q(**{f"after__{key}__in": values})
    inside_before = Q(**{f"before__{key}__in": values})
    return Q(action=ChangeLog.Action.CREATE) & inside_after | Q(action=ChangeLog.Action.UPDATE) & inside_after & ~inside_before


def _left(key: str, values) -> Q:
    inside_after = Q(**{f"after__{key}__in": values})
    inside_before = Q(**{f"before__{key}__in": values})
    return Q(action=ChangeLog.Action.DELETE) & inside_before | Q(action=ChangeLog.Action.UPDATE) & inside_before & ~inside_after


def track(region: Region, start: datetime.date, end: datetime.date) -> Tracking:
    result = Tracking(start, end)
    org_log = _period(ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Organization)), start, end)
    grid = [region.pk]
    closed_here = (Q(action=ChangeLog.Action.UPDATE) & Q(after__region__in=grid) & Q(after__status__in=_CLOSED)
                   & ~Q(before__status__in=_CLOSED))
    result.organizations_added = list(org_log.filter(_entered("region", grid)).order_by("time"))
    result.organizations_removed = list(org_log.filter(_left("region", grid) | closed_here).order_by("time"))
    # The organizations in the grid during the period: those there now and those that left it.
    org_ids = set(Organization.objects.filter(region=region).values_list("pk", flat=True))
    org_ids |= {int(entry.object_id) for entry in result.organizations_removed if entry.object_id.isdigit()}
    ids = sorted(org_ids)
    member_log = _period(ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Member)), start, end)
    # Party members only (预备 and 正式): a person of the development pipeline registered here is
    # not a member coming in; their admission here is.
    member, pipeline = list(MEMBER_CATEGORIES), list(NOT_YET_MEMBERS)
    admitted = (Q(action=ChangeLog.Action.UPDATE, after__organization__in=ids, after__category__in=member)
                & Q(before__category__in=pipeline))
    result.members_in = list(member_log.filter(_entered("organization", ids) & Q(after__category__in=member) | admitted)
                             .order_by("time"))
    result.members_out = list(member_log.filter(_left("organization", ids) & Q(before__category__in=member)).order_by("time"))
    members = Member.objects.filter(organization__region=region)
    result.inflow_members = members.filter(flow_status=Member.FlowStatus.INFLOW).count()
    result.outflow_members = members.filter(flow_status=Member.FlowStatus.OUTFLOW).count()
    return result

