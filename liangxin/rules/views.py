"""The rules page, each rule's drill-down (with its Excel export), the coverage dashboard, the
home-page to-do list and the parameter settings. Every query starts from `scoped()` through
`Rule.base_queryset` or the base views."""

from __future__ import annotations

from functools import reduce

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.regions.models import Region
from liangxin.rules import stats
from liangxin.rules.export import violations_workbook
from liangxin.rules.filtersets import ParameterOverrideFilterSet, violation_filterset
from liangxin.rules.forms import ParameterOverrideForm
from liangxin.rules.models import ParameterOverride
from liangxin.rules.parameters import ParameterValues
from liangxin.rules.proposals import joint_branch_proposals
from liangxin.rules.registry import Rule, all_rules, get_rule, violation_counts
from liangxin.rules.tables import ParameterOverrideTable, ViolationTable

VIEW_PERMISSION = "organizations.view_organization"


def root_region(user) -> Region | None:
    """Where a user's rules and figures start: their own region, the top of the tree for a
    superuser, none for organization-scoped roles (their organizations are the scope)."""
    if user.region_id:
        return user.region
    if user.is_superuser:
        return Region.objects.filter(parent__isnull=True).order_by("path").first()
    return None


def requested_region(request) -> Region | None:
    """`?region=<id>`, only inside the user's jurisdiction (404 otherwise)."""
    pk = request.GET.get("region")
    if pk:
        if not str(pk).isdigit():
            raise Http404("区域不存在")
        return get_object_or_404(Region.objects.scoped(request.user), pk=pk)
    return root_region(request.user)


def _path_of(obj, rule: Rule) -> str | None:
    value = reduce(lambda o, attr: getattr(o, attr, None) if o is not None else None,
                   rule.region_path_field.split("__"), obj)
    return value


def _region_name(obj, rule: Rule) -> str:
    parts = rule.region_path_field.split("__")[:-1]
    if not parts:  # the object is a region
        return obj.parent.name if getattr(obj, "parent_id", None) else ""
    holder = reduce(lambda o, attr: getattr(o, attr, None) if o is not None else None, parts, obj)
    return getattr(holder, "label", str(holder)) if holder is not None else ""


def _select_related(rule: Rule) -> str:
    parts = rule.region_path_field.split("__")[:-1]
    return "__".join([*parts, "parent"]) if parts else "parent"


def violation_rows(rule: Rule, objects, params: ParameterValues):
    """The flagged items with the parameter values in force for each one's region."""
    for obj in objects:
        path = _path_of(obj, rule)
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
    None where the rule is a figure, the user may not see its objects, or nothing was counted."""
    path = region.path if region is not None else None
    resolved = [params.resolve(key, path) for key in rule.parameters]
    return {
        "rule": rule,
        "parameters": resolved,
        "action": rule.action_text({r.parameter.key: r.value for r in resolved}),
        "visible": rule.can_view(user),
        "count": (counts or {}).get(rule.id),
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
            for rule in all_rules() if rule.kind == "check" and counts.get(rule.id)
        ]
        cache.set(key, items, getattr(settings, "RULES_TODO_CACHE_SECONDS", 120))
    return items


class RulesViewMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied("您的角色没有查看规则的权限。")
        return super().dispatch(request, *args, **kwargs)


class RuleListView(RulesViewMixin, TemplateView):
    template_name = "rules/rule_list.html"

    def get_context_data(self, **kwargs):
        user, region, params = self.request.user, requested_region(self.request), ParameterValues()
        counts = violation_counts(user, region, params)
        summaries = [rule_summary(rule, user, region, params, counts) for rule in all_rules()]
        return super().get_context_data(
            title="政策规则", summaries=summaries, region=region,
            can_change_parameters=user.has_perm("rules.add_parameteroverride"), **kwargs,
        )


class RuleDetailView(RulesViewMixin, TemplateView):
    template_name = "rules/rule_detail.html"
    paginate_by = 25

    def get_rule(self) -> Rule:
        try:
            rule = get_rule(self.kwargs["rule_id"])
        except KeyError:
            raise Http404("没有这条规则") from None
        if not rule.can_view(self.request.user):
            raise PermissionDenied("您的角色不能查看此规则涉及的数据。")
        return rule

    def get_filterset(self, rule, params):
        region = root_region(self.request.user)
        qs = rule.violations(self.request.user, region, params).select_related(_select_related(rule))
        return violation_filterset(rule)(self.request.GET or None, queryset=qs, request=self.request)

    def get_context_data(self, **kwargs):
        rule, params = self.get_rule(), ParameterValues()
        region = requested_region(self.request)
        context = super().get_context_data(title=f"{rule.id} {rule.title}", rule=rule, region=region, **kwargs)
        context["summary"] = rule_summary(rule, self.request.user, region, params)
        if rule.is_check:
            filterset = self.get_filterset(rule, params)
            page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(filterset=filterset, page=page, table=ViolationTable(list(violation_rows(rule, page, params))))
            query = self.request.GET.copy()
            query.pop("page", None)
            context["query"] = query.urlencode()
        if rule.id == "ORG-2":
            base = rule.base_queryset(self.request.user, region)
            context["proposals"] = joint_branch_proposals(base, params, limit=20)
        return context


class RuleExportView(RuleDetailView):
    def get(self, request, *args, **kwargs):
        rule, params = self.get_rule(), ParameterValues()
        if not rule.is_check:
            raise Http404("此规则没有清单")
        qs = self.get_filterset(rule, params).qs
        content = violations_workbook(rule, violation_rows(rule, qs.iterator(chunk_size=2000), params))
        record(ChangeLog.Action.EXPORT, detail=f"导出规则清单 {rule.id}", user=request.user,
               region_path=getattr(root_region(request.user), "path", ""))
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="rule-{rule.id}-{stamp}.xlsx"'
        return response


class CoverageView(RulesViewMixin, TemplateView):
    template_name = "rules/coverage.html"

    def get_context_data(self, **kwargs):
        region = requested_region(self.request)
        data = stats.cached_coverage(self.request.user, region)
        ancestors = list(region.ancestors().filter(pk__in=Region.objects.scoped(self.request.user).values("pk"))) if region else []
        return super().get_context_data(
            title="覆盖情况看板", data=data, region=region, ancestors=ancestors,
            chart_json={k: data[k] for k in ("children", "trend", "targets")}, **kwargs,
        )


class ParameterOverrideListView(core.ObjectListView):
    model = ParameterOverride
    queryset = ParameterOverride.objects.select_related("region")
    filterset_class = ParameterOverrideFilterSet
    table_class = ParameterOverrideTable


class ParameterOverrideDetailView(core.ObjectDetailView):
    model = ParameterOverride
    queryset = ParameterOverride.objects.select_related("region")


class ParameterOverrideEditView(core.ObjectEditView):
    model = ParameterOverride
    form_class = ParameterOverrideForm


class ParameterOverrideDeleteView(core.ObjectDeleteView):
    model = ParameterOverride


class RuleTodoFragment(RulesViewMixin, View):
    """The to-do list alone (htmx refresh)."""

    def get(self, request):
        from django.template.loader import render_to_string

        return HttpResponse(render_to_string("rules/includes/todo.html", {"todo": todo_items(request.user)}, request))
