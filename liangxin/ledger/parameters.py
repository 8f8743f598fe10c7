"""The census threshold comes from the policy engine (liangxin.rules): the parameter
`standalone_min_members` is declared there once, with its citation and per-region overrides.
A census stores the value in force when it was opened, so a closed census stays reproducible
even after the district changes its policy."""

from liangxin.rules.parameters import ParameterValues, ResolvedValue

THRESHOLD_KEY = "standalone_min_members"


def standalone_threshold(region_path: str | None) -> ResolvedValue:
    """The value in force for a region and where it comes from (default and seed clause, or
    the region that set its own)."""
    return ParameterValues().resolve(THRESHOLD_KEY, region_path)
