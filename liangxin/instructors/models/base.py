"""What every instructor record shares: where it sits in a jurisdiction."""

from __future__ import annotations

from liangxin.core.jurisdiction import Scope


def record_scope(instructor: str = "instructor", organization: str | None = "organization") -> Scope:
    """The scope of a record that belongs to an instructor (`instructor`, a lookup path) and
    maybe an organization: region roles see what concerns their own instructors (the
    instructor's managing street) and what concerns organizations in their subtree; an
    instructor sees the records of their organizations and their own, and adds, changes and
    deletes only their own. The change log files it under the organization's region when it
    has one, else the instructor's."""
    regions = (f"{instructor}__region",)
    if organization:
        regions = (f"{organization}__region", *regions)
    return Scope(
        region=regions, organization=(organization,) if organization else (), owner=f"{instructor}__user",
    )
