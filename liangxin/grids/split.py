"""Suggesting how to split an oversized grid (GRID-2): by address or by industry, so that each
part holds at most the parameter's number of enterprises (002 二(一): 每个网格企业数一般不超过30家).

Only active enterprises count against the limit, as in GRID-2; social organizations and closed
ones travel with their neighbours. A proposal is deterministic (the same organizations give the
same parts), so the confirmation can check that nothing changed since the preview.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from liangxin.organizations.models import Organization

ADDRESS, INDUSTRY = "address", "industry"
METHODS = ((ADDRESS, "按地址（同一道路、门牌相邻的划在一起）"), (INDUSTRY, "按行业（同一行业的划在一起）"))

_DIGITS = re.compile(r"(\d+)")
# The road of an address: the last 路/街/道/巷/大道 before the house number.
_ROAD = re.compile(r"([^\d省市区县镇]+?(?:大道|路|街|巷|道))\s*\d")


def counts(org: Organization) -> bool:
    """Whether an organization counts against the grid limit (an active enterprise, as GRID-2)."""
    return org.kind == Organization.Kind.ENTERPRISE and org.status not in Organization.INACTIVE_STATUSES


def _natural(text: str) -> tuple:
    """"华南路12号" after "华南路3号": numbers compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text or ""))


def road_of(address: str) -> str:
    match = _ROAD.search(address or "")
    return match.group(1) if match else ""


@dataclass
class Part:
    organizations: list[Organization] = field(default_factory=list)

    @property
    def enterprises(self) -> int:
        return sum(1 for org in self.organizations if counts(org))

    @property
    def summary(self) -> str:
        """What holds the part together, for the preview."""
        roads = sorted({road_of(org.address) for org in self.organizations} - {""})
        industries = sorted({org.get_industry_display() for org in self.organizations if org.industry})
        bits = []
        if roads:
            bits.append("、".join(roads[:4]) + ("等" if len(roads) > 4 else ""))
        if industries:
            bits.append("、".join(industries[:3]) + ("等" if len(industries) > 3 else ""))
        return "；".join(bits) or "地址、行业未填"


def part_count(organizations: list[Organization], limit: int, wanted: int | None = None) -> int:
    """At least two parts, and enough that none needs more than `limit` enterprises."""
    needed = math.ceil(sum(1 for org in organizations if counts(org)) / max(limit, 1))
    return max(2, needed, wanted or 0)


def propose(organizations: list[Organization], limit: int, method: str, wanted: int | None = None) -> list[Part]:
    """The grid's organizations in parts; the first part stays in the grid, the others become new grids."""
    k = part_count(organizations, limit, wanted)
    if method == INDUSTRY:
        parts = _by_industry(organizations, limit, k)
    else:
        parts = _chunks(sorted(organizations, key=_address_key), k)
    return [part for part in parts if part.organizations]


def _address_key(org: Organization) -> tuple:
    return (_natural(road_of(org.address)), _natural(org.address), org.name, org.pk)


def _chunks(ordered: list[Organization], k: int) -> list[Part]:
    """`ordered` cut into k runs of about the same number of enterprises (each ≤ ⌈n/k⌉): each
    run takes its share of what the runs before it left."""
    total = sum(1 for org in ordered if counts(org))
    left = total
    target = max(1, math.ceil(left / k))
    parts = [Part()]
    for org in ordered:
        current = parts[-1]
        if counts(org) and current.enterprises >= target and len(parts) < k:
            left -= current.enterprises
            target = max(1, math.ceil(left / (k - len(parts))))
            current = Part()
            parts.append(current)
        current.organizations.append(org)
    if total == 0:  # nothing counts: share the organizations out evenly
        size = max(1, math.ceil(len(ordered) / k))
        return [Part(ordered[i:i + size]) for i in range(0, len(ordered), size)]
    return parts


def _by_industry(organizations: list[Organization], limit: int, k: int) -> list[Part]:
    """Whole industries into the emptiest part they fit (largest first); an industry larger than
    a part is cut by address first. A part is opened beyond k only when nothing else fits."""
    target = max(1, math.ceil(sum(1 for org in organizations if counts(org)) / k))
    groups: dict[str, list[Organization]] = {}
    for org in sorted(organizations, key=_address_key):
        groups.setdefault(org.industry or "", []).append(org)
    pieces: list[Part] = []
    for industry in sorted(groups):
        group = Part(groups[industry])
        if group.enterprises > target:
            pieces.extend(_chunks(group.organizations, math.ceil(group.enterprises / target)))
        else:
            pieces.append(group)
    pieces.sort(key=lambda piece: (-piece.enterprises, piece.organizations[0].industry, piece.organizations[0].pk))
    parts = [Part() for _ in range(k)]
    for piece in pieces:
        fitting = [part for part in parts if part.enterprises + piece.enterprises <= limit]
        if not fitting:
            fitting = [Part()]
            parts.append(fitting[0])
        emptiest = min(fitting, key=lambda part: (part.enterprises, len(part.organizations)))
        emptiest.organizations.extend(piece.organizations)
    # The part that stays in the grid first: the largest (fewest organizations move).
    parts.sort(key=lambda part: -len(part.organizations))
    return parts
