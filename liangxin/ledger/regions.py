"""Finding a row's region by code or by name path (街道/社区/网格), in memory.

The region tree is small (thousands of nodes even for a large district), so it is loaded once
per import. A name that does not exist is an error naming the closest existing ones: a typo
must never create a region.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from liangxin.ledger.columns import normalize_header
from liangxin.regions.models import Region


@dataclass(frozen=True)
class Node:
    pk: int
    code: str
    name: str
    level: int
    parent_id: int | None
    path: str


class RegionNotFound(ValueError):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


class RegionIndex:
    def __init__(self, by_name: bool = True):
        """`by_name=False`: nodes by id and code only (an export never looks a name up, and
        normalizing 40,000 names took a second)."""
        self.nodes: dict[int, Node] = {}
        self.by_code: dict[str, Node] = {}
        self.children: dict[int | None, dict[str, list[Node]]] = {}
        # (level, normalized name) → nodes: a row names its street (or a grid) by name, and a
        # scan of the whole tree per row was most of an import's time in a large district.
        self.by_level_name: dict[tuple[int, str], list[Node]] = {}
        self.by_name = by_name
        rows = Region.objects.values_list("pk", "code", "name", "level", "parent_id", "path", "closed_on")
        for pk, code, name, level, parent_id, path, closed_on in rows:
            # A closed (merged) grid keeps its code and place in the tree, but no row is put
            # in it by its name: the name now belongs to the grid in use.
            self._index(Node(pk, code, name, level, parent_id, path), by_name=closed_on is None)

    def _index(self, node: Node, by_name: bool = True) -> None:
        self.nodes[node.pk] = node
        self.by_code[node.code] = node
        if not (self.by_name and by_name):
            return
        key = normalize_header(node.name)
        self.children.setdefault(node.parent_id, {}).setdefault(key, []).append(node)
        self.by_level_name.setdefault((node.level, key), []).append(node)

    def add(self, region: Region) -> None:
        """A region created by this import (the region tree's own sheet)."""
        self._index(Node(region.pk, region.code, region.name, region.level, region.parent_id, region.path))

    def ancestors(self, node: Node) -> list[Node]:
        return [self.nodes[int(p)] for p in node.path.split("/") if p and int(p) in self.nodes]

    def at_level(self, node: Node, level: int) -> Node | None:
        for ancestor in self.ancestors(node):
            if ancestor.level == level:
                return ancestor
        return None

    def lowest_common(self, a: Node, b: Node) -> Node | None:
        """The lowest region containing both (one of them when it contains the other); None
        for regions of two separate trees."""
        if a.path.startswith(b.path):
            return b
        if b.path.startswith(a.path):
            return a
        common = None
        for x, y in zip(a.path.split("/"), b.path.split("/"), strict=False):
            if x != y:
                break
            common = x
        return self.nodes.get(int(common)) if common else None

    def label(self, node: Node) -> str:
        """The region as a user names it: from the district down (东区/东街道/东一社区)."""
        return "/".join(n.name for n in self.ancestors(node) if n.level >= Region.Level.DISTRICT) or node.name

    def street_of(self, node: Node) -> Node:
        """The street/town/park a region belongs to (the key for names), or the region itself
        when it sits above streets."""
        return self.at_level(node, Region.Level.STREET) or node

    def _descendants_named(self, under: Node, name: str, level: int | None) -> list[Node]:
        candidates = (self.by_level_name.get((level, name), []) if level is not None
                      else [n for n in self.nodes.values() if normalize_header(n.name) == name])
        return [n for n in candidates if n.path.startswith(under.path) and n.pk != under.pk]

    @staticmethod
    def _suggest(name: str, candidates: list[str]) -> str:
        close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.4)
        shown = close or sorted(candidates)[:5]
        if not shown:
            return ""
        return ("最接近的是：" if close else "现有的有：") + "、".join(f"“{c}”" for c in shown) + "。"

    def resolve(self, code: str, street: str, community: str, grid: str, allowed: set[int] | None = None) -> Node:
        """The deepest region the row names. `allowed` (the user's regions) breaks ties between
        streets of the same name in different districts."""
        if code:
            node = self.by_code.get(code)
            if node is None:
                close = difflib.get_close_matches(code, list(self.by_code), n=3, cutoff=0.8)
                hint = ("最接近的是：" + "、".join(close) + "。") if close else ""
                raise RegionNotFound("region_code", f"区域代码“{code}”不存在。{hint}区域不会自动新建，请核对代码或先在“区域网格”中添加。")
            chain = {n.level: normalize_header(n.name) for n in self.ancestors(node)}
            for key, level, given in (("street", Region.Level.STREET, street), ("community", Region.Level.COMMUNITY, community), ("grid", Region.Level.GRID, grid)):
                if given and chain.get(level) != normalize_header(given):
                    raise RegionNotFound(key, f"与区域代码“{code}”（{'/'.join(n.name for n in self.ancestors(node) if n.level >= Region.Level.STREET)}）不一致，请核对名称或代码。")
            return node
        if not street:
            raise RegionNotFound("street", "请填写所属街道（乡镇/园区），或填写区域代码。")
        streets = list(self.by_level_name.get((Region.Level.STREET, normalize_header(street)), []))
        if len(streets) > 1 and allowed is not None:
            streets = [n for n in streets if n.pk in allowed] or streets
        if not streets:
            names = [n.name for n in self.nodes.values() if n.level == Region.Level.STREET and (allowed is None or n.pk in allowed)]
            raise RegionNotFound("street", f"街道“{street}”不存在。{self._suggest(street, names)}区域不会自动新建，请改正名称或先在“区域网格”中添加。")
        if len(streets) > 1:
            raise RegionNotFound("street", f"有{len(streets)}个名为“{street}”的街道，请填写区域代码加以区分。")
        node = streets[0]
        if community:
            matches = self.children.get(node.pk, {}).get(normalize_header(community), [])
            if not matches:
                names = [n.name for group in self.children.get(node.pk, {}).values() for n in group]
                raise RegionNotFound("community", f"“{node.name}”下没有社区（村）“{community}”。{self._suggest(community, names)}区域不会自动新建，请改正名称或先在“区域网格”中添加。")
            node = matches[0]
        if grid:
            if community:
                matches = self.children.get(node.pk, {}).get(normalize_header(grid), [])
            else:
                matches = self._descendants_named(node, normalize_header(grid), Region.Level.GRID)
            if len(matches) != 1:
                names = [n.name for n in self.nodes.values() if n.path.startswith(node.path) and n.level == Region.Level.GRID]
                if len(matches) > 1:
                    raise RegionNotFound("grid", f"“{node.name}”下有多个网格名为“{grid}”，请同时填写所属社区。")
                raise RegionNotFound("grid", f"“{node.name}”下没有网格“{grid}”。{self._suggest(grid, names)}区域不会自动新建，请改正名称或先在“区域网格”中添加。")
            node = matches[0]
        return node

    def names(self, pk: int) -> tuple[str, str, str]:
        """(street, community, grid) names of a region, for exports."""
        node = self.nodes[pk]
        by_level = {n.level: n.name for n in self.ancestors(node)}
        return (by_level.get(Region.Level.STREET, ""), by_level.get(Region.Level.COMMUNITY, ""), by_level.get(Region.Level.GRID, ""))
