"""What part of the ledger a user may see: computed afresh on every call, from the database,
so that moving a region or changing an assignment takes effect at once (no stale scope)."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from liangxin.accounts.roles import REGION_ROLES, Role


@dataclass(frozen=True)
class Jurisdiction:
    everything: bool = False
    nothing: bool = False
    # Region subtree: a materialized path prefix ("1/5/"), or None.
    region_path: str | None = None
    # Organization-based scope (instructor, secretary, paired unit): id subqueries, or None.
    organization_ids: QuerySet | None = None
    party_org_ids: QuerySet | None = None


NOTHING = Jurisdiction(nothing=True)

# Per-evaluation memo of jurisdictions (by user pk) and of the tree's roots; see jurisdiction_memo().
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jurisdiction_memo", default=None)


def in_subtree(region_field: str, path: str) -> Q:
    """Rows whose region (`region_field`: "region", "organization__region", … or "pk" on the
    region table itself) lies in the subtree at `path`, as `region_id IN (SELECT id FROM
    regions_region WHERE path LIKE 'path%')`: the small region subquery is resolved once (an
    indexed prefix scan, hashed) instead of joining the region table to every row. Every
    model's `jurisdiction_filter`, the rules' region filter and the parameters use it."""
    from liangxin.regions.models import Region

    memo = _memo.get()
    roots = memo.get("roots") if memo is not None else None
    if roots is None:
        roots = list(Region.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2])
        if memo is not None:
            memo["roots"] = roots
    if roots == [path]:
        # The subtree is the whole tree (the city administrator): every region is in it, so
        # the condition is only that the row has one — no region subquery to hash and probe
        # a million times.
        return Q(pk__isnull=False) if region_field == "pk" else Q(**{f"{region_field}__isnull": False})
    if region_field == "pk":
        return Q(path__startswith=path)
    return Q(**{f"{region_field}__in": Region.objects.filter(path__startswith=path).values("pk")})


def region_field_of(path_field: str) -> str:
    """"organization__region__path" → "organization__region"; "path" (a region itself) → "pk"."""
    return path_field.removesuffix("path").removesuffix("__") or "pk"


@contextmanager
def jurisdiction_memo():
    """Inside this block each user's jurisdiction (and the tree's roots) is computed once. For read-only evaluations
    that scope many querysets for one user (every rule of the registry for a page): never wrap
    writes, since a region moved inside the block would not be seen."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def jurisdiction_of(user) -> Jurisdiction:
    memo = _memo.get()
    if memo is None:
        return _compute_jurisdiction(user)
    if user.pk not in memo:
        memo[user.pk] = _compute_jurisdiction(user)
    return memo[user.pk]


def _compute_jurisdiction(user) -> Jurisdiction:
    from liangxin.organizations.models import Organization
    from liangxin.partyorgs.models import PartyOrg
    from liangxin.regions.models import Region

    if user.is_superuser:
        return Jurisdiction(everything=True)
    if user.role in REGION_ROLES:
        if user.region_id is None:
            return NOTHING
        path = Region.objects.filter(pk=user.region_id).values_list("path", flat=True).first()
        return Jurisdiction(region_path=path) if path else NOTHING
    if user.role == Role.SECRETARY:
        if user.party_org_id is None:
            return NOTHING
        party_orgs = PartyOrg.objects.subtree_ids(user.party_org_id)
        organizations = Organization.objects.filter(party_orgs__in=party_orgs).values("pk")
        return Jurisdiction(organization_ids=organizations, party_org_ids=party_orgs)
    if user.role == Role.INSTRUCTOR:
        from liangxin.instructors.models import Assignment

        return Jurisdiction(organization_ids=Assignment.objects.current().filter(instructor__user=user).values("organization"))
    if user.role == Role.PAIRED_UNIT:
        from liangxin.pairing.models import Pairing

        if user.paired_unit_id is None:
            return NOTHING
        return Jurisdiction(organization_ids=Pairing.objects.current().filter(unit_id=user.paired_unit_id).values("organization"))
    return NOTHING
