"""Changing the grid layout: split, merge, move organizations (GRID-1, 002 二(一)).

Each operation runs in one transaction: every object it touches is saved through the change
log (`tracked`), the result is checked to lie inside the user's jurisdiction, and one
GridChange sums it up. Nothing is deleted: a grid merged into another is closed (closed_on,
merged_into), so its coverage snapshots and history stay with the grid they were computed for,
and a split leaves the original grid's past figures with it (they describe the grid as it was).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit.log import tracked
from liangxin.core.scoping import check_still_in_scope
from liangxin.grids.models import GridChange
from liangxin.grids.split import Part
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

_NUMBERED = re.compile(r"^(.*?)(\d+)(\D*)$")


def operable(region: Region) -> str:
    """Why a region cannot be split or merged ("" when it can): only the lowest regions that hold
    organizations directly (grids, and communities or park zones not divided into grids)."""
    if region.closed_on:
        return f"“{region.name}”已于{region.closed_on:%Y-%m-%d}撤销（并入{region.merged_into}），不能再调整。"
    if region.level < Region.Level.COMMUNITY:
        return "只能拆分、合并网格，或尚未划分网格的社区（村、园区片区）。"
    if region.children.filter(closed_on__isnull=True).exists():
        return f"“{region.name}”已划分网格，请在其下的网格上拆分或合并。"
    return ""


def new_grid_names(grid: Region, count: int) -> list[tuple[str, str]]:
    """Names and codes for `count` new siblings of `grid`: the next numbers after the highest
    among its siblings (closed ones included, so a number is never reused), in its own pattern
    ("东一第3网格" → "东一第4网格")."""
    siblings = list(Region.objects.filter(parent_id=grid.parent_id, level=grid.level).values_list("name", "code"))
    match = _NUMBERED.match(grid.name)
    prefix, suffix = (match.group(1), match.group(3)) if match else (grid.name, "")
    numbers = [int(m.group(2)) for name, _ in siblings if (m := _NUMBERED.match(name)) and m.group(1) == prefix]
    next_number = max(numbers, default=0) + 1
    taken_names = {name for name, _ in siblings}
    codes = [int(code) for _, code in siblings if code.isdigit() and len(code) == len(grid.code)]
    next_code = max(codes, default=int(grid.code)) + 1
    result = []
    for _ in range(count):
        name = f"{prefix}{next_number}{suffix}" if match else f"{grid.name}{next_number}"
        while name in taken_names:
            next_number += 1
            name = f"{prefix}{next_number}{suffix}" if match else f"{grid.name}{next_number}"
        code = str(next_code).zfill(len(grid.code))
        while Region.objects.filter(code=code).exists():
            next_code += 1
            code = str(next_code).zfill(len(grid.code))
        result.append((name, code))
        taken_names.add(name)
        next_number += 1
        next_code += 1
    return result


def _move(objects: Iterable, region: Region, user, check: bool = True) -> None:
    for obj in objects:
        if obj.region_id != region.pk:
            with tracked(obj):
                obj.region = region
                obj.save()
            if check:
                check_still_in_scope(obj, user, "change")


def _party_orgs_following(source: Region, moved: dict[int, Region]) -> dict[PartyOrg, Region]:
    """A party organization of `source` goes where its covered organizations go, when they all go
    to one place; a joint one whose organizations end up in different grids stays."""
    result = {}
    for party_org in PartyOrg.objects.filter(region=source).prefetch_related("organizations"):
        targets = {moved.get(org.pk) for org in party_org.organizations.all() if org.region_id == source.pk or org.pk in moved}
        if len(targets) == 1 and None not in targets:
            result[party_org] = targets.pop()
    return result


def _record(kind: str, region: Region, others: list[Region], organizations: list[Organization], user,
            summary: str, method: str = "") -> GridChange:
    change = GridChange(kind=kind, region=region, user=user if user and user.pk else None, summary=summary[:500], method=method)
    with tracked(change):
        change.save()
        change.other_regions.set(others)
        change.organizations.set(organizations)
    return change


@transaction.atomic
def split(grid: Region, parts: list[Part], user, method_label: str = "") -> GridChange:
    """The first part stays in `grid`; each other part becomes a new sibling grid."""
    reason = operable(grid)
    if reason:
        raise ValidationError(reason)
    names = new_grid_names(grid, len(parts) - 1)
    new_grids = []
    for name, code in names:
        region = Region(name=name, code=code, level=grid.level, parent=grid.parent)
        region.full_clean()
        with tracked(region):
            region.save()
        check_still_in_scope(region, user, "add")
        new_grids.append(region)
    moved: dict[int, Region] = {}
    for part, region in zip(parts[1:], new_grids, strict=True):
        for org in part.organizations:
            moved[org.pk] = region
    following = _party_orgs_following(grid, moved)
    for part, region in zip(parts[1:], new_grids, strict=True):
        _move(part.organizations, region, user)
    for party_org, region in following.items():
        _move([party_org], region, user)
    sizes = "、".join(f"{r.label if r.pk == grid.pk else r.name}{p.enterprises}家企业" for r, p in zip([grid, *new_grids], parts, strict=True))
    summary = f"{grid.label}{method_label}拆分为{len(parts)}个网格：{sizes}。"
    return _record(GridChange.Kind.SPLIT, grid, new_grids, [org for part in parts[1:] for org in part.organizations],
                   user, summary, method_label)


@transaction.atomic
def merge(target: Region, sources: list[Region], user) -> GridChange:
    """Everything of `sources` (organizations, party organizations, grid users' accounts) moves
    into `target`; the sources are closed, not deleted."""
    for region in [target, *sources]:
        reason = operable(region)
        if reason:
            raise ValidationError(reason)
    today = timezone.localdate()
    organizations = list(Organization.objects.filter(region__in=sources).order_by("pk"))
    _move(organizations, target, user)
    _move(PartyOrg.objects.filter(region__in=sources).order_by("pk"), target, user)
    # A grid's own accounts (its lead organization's users) follow their grid, or they would be
    # left with a closed grid and nothing in it; a committee manages no accounts, so this is the
    # merge's doing (logged), not a permission of the committee's.
    _move(User.objects.filter(region__in=sources).order_by("pk"), target, user, check=False)
    for region in sources:
        with tracked(region):
            region.closed_on, region.merged_into = today, target
            region.save()
    names = "、".join(region.name for region in sources)
    summary = f"{names}并入{target.label}，转入组织{len(organizations)}个；原网格撤销，历史数据保留。"
    return _record(GridChange.Kind.MERGE, target, list(sources), organizations, user, summary)


@transaction.atomic
def move(source: Region, organizations: list[Organization], target: Region, user) -> GridChange:
    if target.closed_on:
        raise ValidationError(f"“{target.name}”已撤销，请选择在用的网格。")
    moved = {org.pk: target for org in organizations}
    following = _party_orgs_following(source, moved)
    _move(organizations, target, user)
    for party_org, region in following.items():
        _move([party_org], region, user)
    summary = f"从{source.label}调整{len(organizations)}个组织到{target.label}。"
    return _record(GridChange.Kind.MOVE, source, [target], organizations, user, summary)
