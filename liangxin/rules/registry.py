"""The one rule registry: every rule of DOMAIN.md's catalogue is declared once, in the app that
owns its data, and the registry loads them from one explicit list.

An app that declares rules has two modules:

- `liangxin/<app>/parameters.py`: citations and parameters only. It imports nothing of the
  project but `liangxin.rules.types`, so the app's models can import it (a model that needs a
  policy number, like Leave's "long" threshold, reads it from there). It declares
  `PARAMETERS = ParameterSet()` and each parameter with `PARAMETERS.declare(...)` (key, Chinese
  title, default, unit, citation, bounds).
- `liangxin/<app>/rules.py` (the rules app's own is `catalogue.py`): the rules. It imports the
  models at the top and ends with `RULES = (Rule(...), ...)`: id, Chinese title, citations
  (seed file, clause and the quoted sentence), parameter keys, the model it flags, a set-based
  `query(queryset, params)` that narrows an already scoped queryset to the violating rows, and
  the recommended action.

A rule that several kinds of object answer to (MEM-7: instructors, party organizations'
secretaries, grid lead organizations' heads) is one Rule with `parts`: each `Part` its own
model, query, citations, parameters and region path. The rule's count and to-do sum its
parts; its page and export list each part; `Rule.sections` gives each part as a single-part
Rule, which is what the drill-down, the export and the API work with.

How to add a rule: declare what it needs in those two modules; if the app is new to the
catalogue, add its two modules to `PARAMETER_MODULES` and `RULE_MODULES` below (the one list:
no app registers anything from its own `ready()`); write its tests at the thresholds. The rules
page, the drill-down, the Excel export, the API, the to-do list and `liangxin rules` pick it up
with no further change. `load()` runs once, from RulesConfig.ready().

Queries run in the database only: they receive a QuerySet and return a QuerySet (filters,
annotations, subqueries), never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import import_module

from django.apps import apps
from django.db.models import Count

from liangxin.core.jurisdiction import in_subtree, jurisdiction_memo, jurisdiction_of, region_field_of
from liangxin.core.models import BaseModel, may
from liangxin.rules.types import PARAMETERS, Citation, Parameter, ParameterSet
from liangxin.rules.values import ParameterValues

# Where the catalogue is declared: the parameter modules first (rules check the keys they use).
PARAMETER_MODULES = ("liangxin.rules.parameters", "liangxin.instructors.parameters", "liangxin.grids.parameters",
                     "liangxin.pairing.parameters", "liangxin.partylife.parameters", "liangxin.assessments.parameters",
                     "liangxin.members.parameters", "liangxin.funding.parameters",
                     "liangxin.inspections.parameters")
RULE_MODULES = ("liangxin.rules.catalogue", "liangxin.instructors.rules", "liangxin.grids.rules", "liangxin.pairing.rules",
                "liangxin.partylife.rules", "liangxin.assessments.rules", "liangxin.members.rules", "liangxin.funding.rules",
                "liangxin.inspections.rules")


@dataclass(frozen=True)
class Part:
    """One part of a rule made of several (see the module's docstring): `key` names it in
    URLs and the API (`?part=`), `title` on its page."""

    key: str
    title: str
    citations: tuple[Citation, ...]
    model: str
    query: Callable
    parameters: tuple[str, ...] = ()
    region_path_field: str = "region__path"
    search_fields: tuple[str, ...] = ()
    action: str = ""  # the part's own recommended action; the rule's when empty


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue.

    `query(queryset, params)` receives the jurisdiction-scoped queryset of `model` and the
    parameter values in force; it returns the violating rows, annotated with `finding` (a short
    Chinese text computed in the database). `kind="figure"` rules (COV-2) have no query: they
    are figures shown on the dashboard. `kind="stage"` rules (ORG-10) put every object in one
    of `stages` (key, Chinese label): their query annotates `stage` on every row, and they are
    shown as a distribution (counts per stage), never as violations or to-dos.
    """

    id: str
    title: str
    category: str
    citations: tuple[Citation, ...]
    action: str
    model: str = "organizations.Organization"
    parameters: tuple[str, ...] = ()
    query: Callable | None = None
    region_path_field: str = "region__path"
    kind: str = "check"
    scope_note: str = ""
    link: str = ""  # a page that shows the rule better than a list (COV rules → dashboard)
    stages: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # The text fields the drill-down's search box looks in (icontains); empty = the model's own
    # `name`, which a rule over a model without one (assignments, leaves) must replace.
    search_fields: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    part: Part | None = None  # set on the sections of a rule with parts: the part each one is

    def __post_init__(self):
        if self.parts:
            # The rule cites and uses what its parts do, each once; it has no model of its own.
            union = lambda items: tuple(dict.fromkeys(items))  # noqa: E731
            object.__setattr__(self, "citations", union(c for p in self.parts for c in p.citations))
            object.__setattr__(self, "parameters", union(k for p in self.parts for k in p.parameters))
            object.__setattr__(self, "model", "")

    @cached_property
    def sections(self) -> tuple[Rule, ...]:
        """The rule as single-part rules: itself, or one per part (same id, kind and category)."""
        if not self.parts:
            return (self,)
        return tuple(
            replace(self, parts=(), part=p, title=p.title, citations=p.citations, model=p.model, query=p.query,
                    parameters=p.parameters, region_path_field=p.region_path_field, search_fields=p.search_fields,
                    action=p.action or self.action)
            for p in self.parts)

    def section(self, key: str) -> Rule:
        return next(s for s in self.sections if s.part is not None and s.part.key == key)

    def visible_sections(self, user) -> list[Rule]:
        return [s for s in self.sections if s.can_view(user)]

    @property
    def model_class(self) -> type[BaseModel]:
        """The rule's model; a rule reads through the scoped manager every BaseModel has."""
        model = apps.get_model(self.model)
        if not issubclass(model, BaseModel):
            raise TypeError(f"{self.id}: {self.model} is not a BaseModel, so it has no scoped manager")
        return model

    @property
    def search_lookups(self) -> tuple[str, ...]:
        return self.search_fields or ("name",)

    @property
    def is_check(self) -> bool:
        """A rule whose rows are violations: counted, listed as to-dos, shown with a badge."""
        return (self.query is not None or bool(self.parts)) and self.kind == "check"

    @property
    def is_stage(self) -> bool:
        return self.query is not None and self.kind == "stage"

    @property
    def has_list(self) -> bool:
        """Its rows can be listed (violations, or each object with its stage) and exported."""
        return self.query is not None or bool(self.parts)

    def base_queryset(self, user=None, region=None):
        """The rows this rule looks at: the user's jurisdiction (`scoped`, the one place for it;
        None = the command line, everything), narrowed to a region subtree."""
        manager = self.model_class.objects
        qs = manager.scoped(user, "view") if user is not None else manager.all()
        if region is None:
            return qs
        if user is not None and not qs.query.is_empty():
            jurisdiction = jurisdiction_of(user)
            if (jurisdiction.region_path and jurisdiction.organization_ids is None and jurisdiction.party_org_ids is None
                    and region.path.startswith(jurisdiction.region_path)):
                # A region user looking inside their own subtree: every row whose region lies
                # in `region` is in their jurisdiction (each model's jurisdiction contains its
                # region subtree), so the region filter alone says it, once. Two semi-joins to
                # the region table would lead the planner to a merge join over an index scan.
                qs = manager.all()
        return qs.filter(in_subtree(region_field_of(self.region_path_field), region.path))

    def violations(self, user=None, region=None, params: ParameterValues | None = None):
        if self.parts:
            raise TypeError(f"{self.id} has parts: ask each of its sections for its violations")
        if self.query is None:
            return self.model_class.objects.none()
        params = params or ParameterValues()
        return self.query(self.base_queryset(user, region), params)

    def count(self, user=None, region=None, params: ParameterValues | None = None) -> int:
        """The violations the user may see: a rule with parts sums the parts they may see."""
        return sum(s.violations(user, region, params).count() for s in self.visible_sections(user))

    def can_view(self, user) -> bool:
        """Whether the user may see its objects (a rule with parts: those of at least one part)."""
        if self.parts:
            return any(s.can_view(user) for s in self.sections)
        return user is None or may(user, self.model_class)

    def action_text(self, values: dict) -> str:
        """The recommended action with the parameter values in force filled in."""
        try:
            return self.action.format(**values)
        except (KeyError, IndexError):
            return self.action


RULES: dict[str, Rule] = {}


def declare(parameters: Iterable[Parameter]) -> None:
    """Add an app's parameters to the table every rule, form and resolver reads."""
    for parameter in parameters:
        PARAMETERS.add(parameter)


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} is already registered")
    if len({p.key for p in rule.parts}) != len(rule.parts):
        raise ValueError(f"rule {rule.id} has two parts with one key")
    missing = [key for key in rule.parameters if key not in PARAMETERS]
    if missing:
        raise ValueError(f"rule {rule.id} uses undeclared parameters {missing}")
    RULES[rule.id] = rule
    return rule


def load(parameter_modules: Iterable[str] = PARAMETER_MODULES, rule_modules: Iterable[str] = RULE_MODULES) -> None:
    """Declare the parameters and register the rules of the listed modules (once, at startup)."""
    for name in parameter_modules:
        parameters: ParameterSet = import_module(name).PARAMETERS
        declare(parameters.values())
    for name in rule_modules:
        for rule in import_module(name).RULES:
            register(rule)


def _sort_key(rule_id: str):
    """"GRID-5B" after "GRID-5", before "GRID-6": the number, then what follows it."""
    prefix, _, number = rule_id.partition("-")
    digits = number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return (prefix, int(digits) if digits.isdigit() else 0, number[len(digits):])


def all_rules() -> list[Rule]:
    return [RULES[key] for key in sorted(RULES, key=_sort_key)]


def get_rule(rule_id: str) -> Rule:
    return RULES[rule_id.upper()]


def stage_distribution(rule: Rule, user=None, region=None, params=None) -> list[dict]:
    """A stage rule's objects counted per stage in one grouped query, every declared stage
    listed (0 where none is in it): [{"stage", "label", "count"}]."""
    params = params or ParameterValues()
    with jurisdiction_memo():
        rows = rule.violations(user, region, params).order_by().values("stage").annotate(n=Count("pk"))
        counts = {row["stage"]: row["n"] for row in rows}
    return [{"stage": key, "label": label, "count": counts.get(key, 0)} for key, label in rule.stages]


def violation_counts(user=None, region=None, params=None, rules: list[Rule] | None = None) -> dict[str, int]:
    """The number of violations of every check rule the user may see, in their jurisdiction
    (None: everything) under `region`. The jurisdiction and the tree's roots are resolved once
    for all rules (jurisdiction_memo). The rules page, the to-do list, the API, `liangxin
    rules` and the bench all count through here. `rules`: only these (default: all)."""
    params = params or ParameterValues()
    with jurisdiction_memo():
        return {rule.id: rule.count(user, region, params)
                for rule in (all_rules() if rules is None else rules) if rule.is_check and rule.can_view(user)}
