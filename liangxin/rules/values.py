"""The parameter values in force, for one region or as a database expression over many.

The override table is small (a few rows per region that chose its own policy), so it is read
once per request; the per-row choice of value is then a CASE over the overriding regions'
subtrees (`region_id IN (SELECT id FROM regions WHERE path LIKE …)`, each subquery hashed once,
no join to the region table), nearest ancestor first, evaluated together with the rule's query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone

from liangxin.core.jurisdiction import in_subtree, region_field_of
from liangxin.rules.models import ParameterOverride
from liangxin.rules.types import PARAMETERS, Parameter


@dataclass(frozen=True)
class ResolvedValue:
    """A value in force and where it came from (shown beside every flagged item)."""

    parameter: Parameter
    value: int
    region_name: str = ""
    effective_from: datetime.date | None = None
    override_id: int | None = None

    @property
    def is_default(self) -> bool:
        return self.override_id is None

    @property
    def source(self) -> str:
        if self.is_default:
            return f"默认值（{self.parameter.citation.reference}）"
        return f"{self.region_name}设定（{self.effective_from:%Y-%m-%d}起施行）"

    def as_dict(self) -> dict:
        return {
            "key": self.parameter.key, "title": self.parameter.title, "value": self.value, "unit": self.parameter.unit,
            "default": self.parameter.default, "source": self.source, "override_id": self.override_id,
            "citation": {"seed": self.parameter.citation.seed, "clause": self.parameter.citation.clause,
                         "quote": self.parameter.citation.quote},
        }


class ParameterValues:
    """Every override in force on a date, indexed by key, nearest region (longest path) first."""

    def __init__(self, on: datetime.date | None = None):
        self.on = on or timezone.localdate()
        rows = (
            ParameterOverride.objects.in_force(self.on)
            .values("pk", "key", "value", "effective_from", "region__path", "region__name")
            .order_by("key", "region__path", "-effective_from")
        )
        latest: dict[tuple[str, str], dict] = {}
        for row in rows:
            latest.setdefault((row["key"], row["region__path"]), row)  # latest effective date per key+region
        self._by_key: dict[str, list[dict]] = {}
        for (key, _path), row in latest.items():
            self._by_key.setdefault(key, []).append(row)
        for overrides in self._by_key.values():
            overrides.sort(key=lambda r: len(r["region__path"]), reverse=True)

    def resolve(self, key: str, region_path: str | None) -> ResolvedValue:
        parameter = PARAMETERS[key]
        for row in self._by_key.get(key, ()):
            if region_path and region_path.startswith(row["region__path"]):
                return ResolvedValue(parameter, row["value"], row["region__name"], row["effective_from"], row["pk"])
        return ResolvedValue(parameter, parameter.default)

    def value(self, key: str, region_path: str | None = None) -> int:
        return self.resolve(key, region_path).value

    def expr(self, key: str, path_field: str, transform: Callable[[int], object] | None = None,
             output_field: models.Field | None = None):
        """The value in force for each row, as an expression: a CASE over the overrides' region
        subtrees (nearest first) with the default last; a plain constant when nothing overrides.
        `path_field` names the row's region path ("region__path"); only its region id is read."""
        transform = transform or (lambda v: v)
        output_field = output_field or models.IntegerField()
        default = Value(transform(PARAMETERS[key].default), output_field=output_field)
        overrides = self._by_key.get(key, ())
        if not overrides:
            return default
        region_field = region_field_of(path_field)
        whens = [
            When(in_subtree(region_field, row["region__path"]), then=Value(transform(row["value"]), output_field=output_field))
            for row in overrides
        ]
        return Case(*whens, default=default, output_field=output_field)

    def distinct_values(self, key: str) -> set[int]:
        return {PARAMETERS[key].default, *(row["value"] for row in self._by_key.get(key, ()))}
