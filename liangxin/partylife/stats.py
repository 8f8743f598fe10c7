"""Figures of party life for the statistics: cross-appointment (STD-6) counted in the database."""

from __future__ import annotations

from django.db.models import Count, Q

from liangxin.partylife.models import CrossAppointment


def cross_appointment_counts(queryset=None) -> dict[str, int]:
    """How many party organizations recorded each kind of cross-appointment (one grouped query)."""
    queryset = CrossAppointment.objects.all() if queryset is None else queryset
    return queryset.aggregate(
        recorded=Count("pk"),
        secretary_in_management=Count("pk", filter=Q(secretary_in_management=True)),
        secretary_union_chair=Count("pk", filter=Q(secretary_union_chair=True)),
        one_shoulder=Count("pk", filter=Q(one_shoulder=True)),
        members_in_management=Count("pk", filter=Q(members_in_management__gt=0)),
    )
