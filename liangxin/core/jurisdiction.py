"""Jurisdiction: what part of the data a user may see, and how a model says where its rows sit.

Two halves meet here, and neither names a domain app:
- *Who sees what.* A user's `Jurisdiction` is resolved afresh on every call, from the
  database, so that moving a region or changing an assignment takes effect at once (no stale
  scope). Each role is resolved by the app that owns the role's relation (accounts: a region
  role's region; partyorgs: a secretary's party organization; instructors: an instructor's
  assignments; pairing: a paired unit's pairings), registered from its `AppConfig.ready()`
  with `register_resolver`. A role nobody resolves sees nothing.
- *Where a row sits.* A model declares `scope = Scope(...)`: the fields that place it in a
  jurisdiction. `ScopedQuerySet` (liangxin.core.models) builds the filter from it, and the
  change log its path (`path_of`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Jurisdiction:
    everything: bool = False
    nothing: bool = False
    # Region subtree: a materialized path prefix ("1/5/"), or None.
    region_path: str | None = None
    # Organization-based scope (instructor, secretary, paired unit): id subqueries, or None.
    organization_ids: QuerySet | None = None
    party_org_ids: QuerySet | None = None
    # The user whose own records (a model's `Scope.owner`) are theirs: an instructor sees their
    # own records besides those of their organizations, and changes only their own.
    owner_id: int | None = None


NOTHING = Jurisdiction(nothing=True)

Resolver = Callable[[Any], Jurisdiction]
# Role value → the function that computes that role's jurisdiction for a user.
_resolvers: dict[str, Resolver] = {}

# Per-evaluation memo of jurisdictions (by user pk) and of the tree's roots; see jurisdiction_memo().
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jurisdiction_memo", default=None)


def register_resolver(roles: Iterable[str], resolver: Resolver) -> None:
    """Declare how the jurisdiction of users with these roles is computed. Called from the
    `ready()` of the app that owns the relation; a role has one resolver."""
    for role in roles:
        current = _resolvers.get(role)
        if current is not None and current is not resolver:
            raise ImproperlyConfigured(f"role {role!r} already resolved by {current.__module__}.{current.__qualname__}")
        _resolvers[role] = resolver


def in_subtree(region_field: str, path: str) -> Q:
    """Rows whose region (`region_field`: "region", "organization__region", … or "pk" on the
    region table itself) lies in the subtree at `path`, as `region_id IN (SELECT id FROM
    regions_region WHERE path LIKE 'path%')`: the small region subquery is resolved once (an
    indexed prefix scan, hashed) instead of joining the region table to every row. Every
    model's scope, the rules' region filter and the parameters use it."""
    # By label, like a foreign key's "regions.Region": core names no domain module.
    region_model = apps.get_model("regions", "Region")
    memo = _memo.get()
    roots = memo.get("roots") if memo is not None else None
    if roots is None:
        roots = list(region_model.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2])
        if memo is not None:
            memo["roots"] = roots
    if roots == [path]:
        # The subtree is the whole tree (the city administrator): every region is in it, so
        # the condition is only that the row has one — no region subquery to hash and probe
        # a million times.
        return Q(pk__isnull=False) if region_field == "pk" else Q(**{f"{region_field}__isnull": False})
    if region_field == "pk":
        return Q(path__startswith=path)
    return Q(**{f"{region_field}__in": region_model.objects.filter(path__startswith=path).values("pk")})


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
    if user.is_superuser:
        return Jurisdiction(everything=True)
    resolver = _resolvers.get(user.role)
    return resolver(user) if resolver is not None else NOTHING


def is_tree_root(path: str) -> bool:
    """Whether a materialized region path ("1/", "1/5/", …) is a root's: one id, one slash."""
    return path.count("/") == 1


@dataclass(frozen=True)
class Scope:
    """Which fields place a model's rows in a jurisdiction; each entry is a lookup path from
    the model ("region", "organization__region", "visit__organization"), "pk" for the model
    itself. A row is in a jurisdiction when any of its declared places is.

    - `region`: the regions the row sits in (a region role sees its subtree). The first one
      that is set is also the row's path in the change log.
    - `organization`, `party_org`: the organizations / party organizations the row concerns
      (for the roles scoped by organization).
    - `path`: a materialized region path copied onto the row itself (the change log's own rows).
    - `unplaced_to_root`: rows whose `path` is empty (no region holds them: a failed login for a
      username with no account) belong to the whole tree: a root's users see them, no one below.
    - `ancestors`: also the rows of the regions above the user's (a street reads the
      district's census and parameters); True for every action, or the actions it applies to.
    - `owner`: the path to the user who wrote the row; `owner_only`: the actions that user
      may take only on their own rows (see Jurisdiction.owner_id).

    A path through a many-valued relation ("assignments__organization") is matched with a
    subquery, so that a row is listed once however many of its relations match.
    """

    region: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    party_org: tuple[str, ...] = ()
    path: str | None = None
    unplaced_to_root: bool = False
    ancestors: bool | tuple[str, ...] = False
    owner: str | None = None
    owner_only: tuple[str, ...] = ("add", "change", "delete")

    def filter(self, model: type[models.Model], jurisdiction: Jurisdiction, action: str = "view") -> Q:
        """The condition for the rows of `model` in `jurisdiction` (neither everything nor nothing)."""
        q = Q(pk__in=[])
        region_path = jurisdiction.region_path
        if region_path:
            for field in self.region:
                q |= _once(model, field, in_subtree(field, region_path))
            if self.ancestors is True or action in (self.ancestors or ()):
                ancestor_ids = [int(part) for part in region_path.split("/") if part]
                for field in self.region:
                    q |= _once(model, field, Q(**{f"{field}__in": ancestor_ids}))
            if self.path:
                q |= Q(**{f"{self.path}__startswith": region_path})
                if self.unplaced_to_root and is_tree_root(region_path):
                    q |= Q(**{self.path: ""})
        for fields, ids in ((self.organization, jurisdiction.organization_ids), (self.party_org, jurisdiction.party_org_ids)):
            if ids is not None:
                for field in fields:
                    q |= _once(model, field, Q(**{f"{field}__in": ids}))
        if self.owner and jurisdiction.owner_id is not None:
            own = Q(**{self.owner: jurisdiction.owner_id})
            return own if action in self.owner_only else q | own
        return q

    def path_of(self, obj: models.Model) -> str:
        """The region path `obj` sits under, for the change log's own scoping: its first
        declared region that is set (a many-valued one gives no single path)."""
        if self.path:
            return getattr(obj, self.path) or ""
        for field in self.region:
            if _many_valued(obj._meta.model, field):
                continue
            region: Any = obj
            for part in ([] if field == "pk" else field.split("__")):
                region = getattr(region, part, None)
                if region is None:
                    break
            if region is not None:
                return region.path or ""
        return ""


def path_of(obj: models.Model | None) -> str:
    """The change log's path of any object: from its model's declared scope, "" without one."""
    scope = getattr(obj, "scope", None)
    return scope.path_of(obj) if obj is not None and isinstance(scope, Scope) else ""


@cache
def _many_valued(model: type[models.Model], path: str) -> bool:
    """Whether a lookup path crosses a many-to-many or reverse foreign-key relation."""
    for part in path.split("__"):
        if part == "pk":
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup, not a field: the path ended
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = cast(type[models.Model], field.related_model)
    return False


def _once(model: type[models.Model], field: str, condition: Q) -> Q:
    """`condition` as is, or through a pk subquery when `field` is many-valued (no duplicate rows)."""
    if _many_valued(model, field):
        return Q(pk__in=model._base_manager.filter(condition).values("pk"))
    return condition
