"""What the rules page, the API, the Excel export, the to-do list and `liangxin rules` share:
where a user's rules start, each rule's summary with the parameters in force, and the flagged
items with the values that flagged them. The views only turn requests into these calls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import reduce

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from liangxin.regions.models import Region
from liangxin.rules.registry import Rule, all_rules, stage_distribution, violation_counts
from liangxin.rules.values import ParameterValues

VIEW_PERMISSION = "organizations.view_organization"


def root_region(user) -> Region | None:
    """Where a user's rules and figures start: their own region, the top of the tree for a
    superuser, none for organization-scoped roles (their organizations are the scope)."""
    if user.region_id:
        return user.region
    if user.is_superuser:
        return Region.objects.filter(parent__isnull=True).order_by("path").first()
    return None


def region_in_scope(user, pk: str | None) -> Region | None:
    """The region asked for (`?region=<id>`), only inside the user's jurisdiction (404
    otherwise); the user's root region when none is asked for."""
    if pk:
        if not str(pk).isdigit():
            raise Http404("区域不存在")
        return get_object_or_404(Region.objects.scoped(user), pk=pk)
    return root_region(user)


def _follow(obj, attrs: list[str]):
    return reduce(lambda o, attr: getattr(o, attr, None) if o is not None else None, attrs, obj)


def _region_name(obj, rule: Rule) -> str:
    parts = rule.region_path_field.split("__")[:-1]
    if not parts:  # the object is a region
        return obj.parent.name if getattr(obj, "parent_id", None) else ""
    holder = _follow(obj, parts)
    return getattr(holder, "label", str(holder)) if holder is not None else ""


def related_for(rule: Rule) -> str:
    """What a flagged item's list needs loaded with it: the region it is placed in and that
    region's parent (the "所属区域" column)."""
    parts = rule.region_path_field.split("__")[:-1]
    return "__".join([*parts, "parent"]) if parts else "parent"


def flagged(rule: Rule, user, params: ParameterValues):
    """The rule's violations in the user's jurisdiction (from their root region), with what
    `violation_rows` reads loaded; the drill-down page, its export and the API filter it."""
    return rule.violations(user, root_region(user), params).select_related(related_for(rule))


def violation_rows(rule: Rule, objects: Iterable, params: ParameterValues) -> Iterator[dict]:
    """The flagged items with the parameter values in force for each one's region."""
    for obj in objects:
        path = _follow(obj, rule.region_path_field.split("__"))
        resolved = [params.resolve(key, path) for key in rule.parameters]
        yield {
            "obj": obj,
            "region_name": _region_name(obj, rule),
            "finding": getattr(obj, "finding", ""),
            "parameters": resolved,
            "action": rule.action_text({r.parameter.key: r.value for r in resolved}),
        }


def rule_summary(rule: Rule, user, region, params: ParameterValues, counts: dict | None = None) -> dict:
    """A rule with its parameters in force and, from `counts` (violation_counts), its count;
    None where the rule is a figure or a stage, the user may not see its objects, or nothing
    was counted. A stage rule the user may see comes with its distribution instead."""
    path = region.path if region is not None else None
    resolved = [params.resolve(key, path) for key in rule.parameters]
    visible = rule.can_view(user)
    return {
        "rule": rule,
        "parameters": resolved,
        "action": rule.action_text({r.parameter.key: r.value for r in resolved}),
        "visible": visible,
        "count": (counts or {}).get(rule.id),
        "distribution": stage_distribution(rule, user, region, params) if rule.is_stage and visible else None,
    }


def todo_items(user) -> list[dict]:
    """The user's to-do list: every check rule with flagged items in their jurisdiction.
    Cached briefly (RULES_TODO_CACHE_SECONDS, default 120 s): for a whole city it is a few
    seconds of database work, and the home page is opened often."""
    if not user.has_perm(VIEW_PERMISSION):
        return []
    key = f"rules:todo:{user.pk}:{user.role}:{user.region_id}:{user.party_org_id}:{timezone.localdate()}"
    items = cache.get(key)
    if items is None:
        counts = violation_counts(user, root_region(user))
        items = [
            {"id": rule.id, "title": rule.title, "count": counts[rule.id], "category": rule.category}
            for rule in all_rules() if rule.is_check and counts.get(rule.id)
        ]
        cache.set(key, items, getattr(settings, "RULES_TODO_CACHE_SECONDS", 120))
    return items


def stage_items(user) -> list[dict]:
    """The stage rules (ORG-10) as distributions for the home page, beside the to-do list and
    cached like it: [{"id", "title", "note", "distribution"}]."""
    if not user.has_perm(VIEW_PERMISSION):
        return []
    key = f"rules:stages:{user.pk}:{user.role}:{user.region_id}:{user.party_org_id}:{timezone.localdate()}"
    items = cache.get(key)
    if items is None:
        region, params = root_region(user), ParameterValues()
        items = [
            {"id": rule.id, "title": rule.title, "note": rule.scope_note,
             "distribution": stage_distribution(rule, user, region, params)}
            for rule in all_rules() if rule.is_stage and rule.can_view(user)
        ]
        cache.set(key, items, getattr(settings, "RULES_TODO_CACHE_SECONDS", 120))
    return items
