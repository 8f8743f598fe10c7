"""The one rule registry: every rule of DOMAIN.md's catalogue is declared once, here or in the
`rules.py` of the app that owns its data.

How to add a rule (a later app, e.g. instructors):

1. In `liangxin/<app>/rules.py` declare the parameters it needs with `parameter(...)` and the
   rule with `register(Rule(...))`: id, Chinese title, citations (seed file, clause and the quoted
   sentence), parameter keys, the model it flags, a set-based `query(queryset, params)` that
   narrows an already scoped queryset to the violating rows, and the recommended action.
2. In the app's `AppConfig.ready()` add `from liangxin.<app> import rules  # noqa: F401`.
3. Write its tests at the thresholds. The rules page, the drill-down, the Excel export, the API,
   the to-do list and `liangxin rules` pick it up with no further change.

Queries run in the database only: they receive a QuerySet and return a QuerySet (filters,
annotations, subqueries), never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models

from liangxin.core.jurisdiction import in_subtree, jurisdiction_memo, jurisdiction_of, region_field_of

SEED_TITLES = {
    "000": "非公有制企业党建工作指导员管理办法",
    "001": "镇非公有制企业党建工作实施方案",
    "002": "市关于区域化网格化管理非公企业党建工作的指导意见",
    "003": "县“两新”组织党建工作推进会讲话",
    "004": "龙岗区结对共建“两新”组织通知",
    "national": "全国性党内法规基线（非种子文件）",
}


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


@dataclass(frozen=True)
class Citation:
    """Where a rule or parameter comes from: seed file, clause, and the sentence quoted from it."""

    seed: str
    clause: str
    quote: str = ""

    @property
    def source(self) -> str:
        return SEED_TITLES.get(self.seed, self.seed)

    @property
    def text(self) -> str:
        """The quote as users read it: in simplified characters (some seeds are traditional;
        `quote` stays verbatim so it can be checked against the seed)."""
        return to_simplified(self.quote)

    def __str__(self) -> str:
        return f"{self.seed} {self.clause}"


@dataclass(frozen=True)
class Parameter:
    """A policy number, stored with its default and citation. Administrators override it per
    region (liangxin.rules.models.ParameterOverride); rules never hard-code it."""

    key: str
    title: str
    default: int
    unit: str
    citation: Citation
    minimum: int = 0
    maximum: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue.

    `query(queryset, params)` receives the jurisdiction-scoped queryset of `model` and the
    parameter values in force; it returns the violating rows, annotated with `finding` (a short
    Chinese text computed in the database). `kind="figure"` rules (COV-2) have no query: they
    are figures shown on the dashboard.
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
    columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def is_check(self) -> bool:
        return self.query is not None

    def parameter_objects(self) -> list[Parameter]:
        return [PARAMETERS[key] for key in self.parameters]

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

    def violations(self, user=None, region=None, params=None):
        from liangxin.rules.parameters import ParameterValues

        if self.query is None:
            return self.model_class.objects.none()
        params = params or ParameterValues()
        return self.query(self.base_queryset(user, region), params)

    def can_view(self, user) -> bool:
        opts = self.model_class._meta
        return user is None or user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def action_text(self, values: dict) -> str:
        """The recommended action with the parameter values in force filled in."""
        try:
            return self.action.format(**values)
        except (KeyError, IndexError):
            return self.action


RULES: dict[str, Rule] = {}
PARAMETERS: dict[str, Parameter] = {}


def parameter(key: str, title: str, default: int, unit: str, citation: Citation, **kwargs) -> str:
    """Declare a parameter once (several rules may share it); returns its key."""
    if key in PARAMETERS and PARAMETERS[key].default != default:
        raise ValueError(f"parameter {key} declared twice with different defaults")
    PARAMETERS[key] = Parameter(key, title, default, unit, citation, **kwargs)
    return key


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} is already registered")
    missing = [key for key in rule.parameters if key not in PARAMETERS]
    if missing:
        raise ValueError(f"rule {rule.id} uses undeclared parameters {missing}")
    RULES[rule.id] = rule
    return rule


def _sort_key(rule_id: str):
    prefix, _, number = rule_id.partition("-")
    return (prefix, int(number) if number.isdigit() else 0)


def all_rules() -> list[Rule]:
    return [RULES[key] for key in sorted(RULES, key=_sort_key)]


def get_rule(rule_id: str) -> Rule:
    return RULES[rule_id.upper()]


def violation_counts(user=None, region=None, params=None, rules: list[Rule] | None = None) -> dict[str, int]:
    """The number of violations of every check rule the user may see, in their jurisdiction
    (None: everything) under `region`. The jurisdiction and the tree's roots are resolved once
    for all rules (jurisdiction_memo). The rules page, the to-do list, the API, `liangxin
    rules` and the bench all count through here. `rules`: only these (default: all)."""
    from liangxin.rules.parameters import ParameterValues

    params = params or ParameterValues()
    with jurisdiction_memo():
        return {rule.id: rule.violations(user, region, params).count()
                for rule in (all_rules() if rules is None else rules) if rule.is_check and rule.can_view(user)}
