"""The rules page, each rule's drill-down (with its Excel export), the coverage dashboard, the
home-page to-do list and the parameter settings. Every query starts from `scoped()` through
`Rule.base_queryset` or the base views."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.generic import TemplateView, View

from liangxin.accounts.roles import READ_ONLY_ROLES
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.dashboard.figures import FIGURES, jurisdiction_figures
from liangxin.regions.models import Region
from liangxin.rules import stats
from liangxin.rules.export import violations_workbook
from liangxin.rules.filtersets import ParameterOverrideFilterSet, violation_filterset
from liangxin.rules.forms import ParameterOverrideForm
from liangxin.rules.models import ParameterOverride
from liangxin.rules.proposals import joint_branch_proposals
from liangxin.rules.registry import Rule, all_rules, get_rule, violation_counts
from liangxin.rules.services import (
    VIEW_PERMISSION,
    flagged,
    region_in_scope,
    root_region,
    rule_summary,
    todo_items,
    violation_rows,
)
from liangxin.rules.tables import ParameterOverrideTable, StageTable, ViolationTable
from liangxin.rules.values import ParameterValues


def requested_region(request) -> Region | None:
    return region_in_scope(request.user, request.GET.get("region"))


class RulesViewMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not RulesViewMixin.opens_for(request.user, kwargs):
            raise PermissionDenied("您的角色没有查看规则的权限。")
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        """Who may read the rules at all (dispatch's 403); a rule's page adds its own 404s."""
        return user.has_perm(VIEW_PERMISSION)


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

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        try:
            rule = get_rule(kwargs["rule_id"])  # the same look-up as get_rule() below: 404 when unknown
        except KeyError:
            return False
        return super().opens_for(user, kwargs) and rule.can_view(user) and cls.has_page(rule)

    @classmethod
    def has_page(cls, rule: Rule) -> bool:
        return True

    def get_rule(self) -> Rule:
        try:
            rule = get_rule(self.kwargs["rule_id"])
        except KeyError:
            raise Http404("没有这条规则") from None
        if not rule.can_view(self.request.user):
            raise PermissionDenied("您的角色不能查看此规则涉及的数据。")
        return rule

    def get_filterset(self, rule, params):
        qs = flagged(rule, self.request.user, params)
        return violation_filterset(rule)(self.request.GET or None, queryset=qs, request=self.request)

    def get_context_data(self, **kwargs):
        rule, params = self.get_rule(), ParameterValues()
        region = requested_region(self.request)
        context = super().get_context_data(title=f"{rule.id} {rule.title}", rule=rule, region=region, **kwargs)
        context["summary"] = rule_summary(rule, self.request.user, region, params)
        if rule.has_list:
            query = self.request.GET.copy()
            # One list per part the user may see (a rule without parts: one), each paged on its own.
            context["sections"] = [self.section_context(section, params, query, context["summary"])
                                   for section in rule.visible_sections(self.request.user)]
            context["filterset"] = context["sections"][0]["filterset"]
            for name in ("page", *(s["page_param"] for s in context["sections"])):
                query.pop(name, None)
            context["query"] = query.urlencode()
        if rule.id == "ORG-2":
            base = rule.base_queryset(self.request.user, region)
            context["proposals"] = joint_branch_proposals(base, params, limit=20)
        return context

    def section_context(self, section: Rule, params, query, summary) -> dict:
        filterset = self.get_filterset(section, params)
        rows = filterset.qs if filterset.qs.ordered else filterset.qs.order_by("pk")  # pages that do not shift
        page_param = f"{section.part.key}-page" if section.part else "page"
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get(page_param))
        table_class = StageTable if section.is_stage else ViolationTable
        others = query.copy()
        others.pop(page_param, None)
        return {
            "rule": section, "filterset": filterset, "page": page, "page_param": page_param, "query": others.urlencode(),
            "table": table_class(list(violation_rows(section, page, params)), baseline=summary["parameters"],
                                 user=self.request.user),
        }


class RuleExportView(RuleDetailView):
    @classmethod
    def has_page(cls, rule: Rule) -> bool:
        return rule.has_list  # a rule without a list has nothing to export (404)

    def get(self, request, *args, **kwargs):
        rule, params = self.get_rule(), ParameterValues()
        if not rule.has_list:
            raise Http404("此规则没有清单")
        content = violations_workbook(rule, [
            (section, violation_rows(section, self.get_filterset(section, params).qs.iterator(chunk_size=2000), params))
            for section in rule.visible_sections(request.user)])
        record(ChangeLog.Action.EXPORT, detail=f"导出规则清单 {rule.id}", user=request.user,
               region_path=getattr(root_region(request.user), "path", ""))
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = attachment_disposition(dated_filename(f"规则{rule.id}"))
        return response


class CoverageView(RulesViewMixin, TemplateView):
    template_name = "rules/coverage.html"

    def get_context_data(self, **kwargs):
        region = requested_region(self.request)
        data = stats.cached_coverage(self.request.user, region)
        ancestors = region.ancestors_in_scope(self.request.user) if region else []
        return super().get_context_data(
            title="覆盖情况看板", data=data, region=region, ancestors=ancestors,
            figures=jurisdiction_figures(self.request.user, region, data), figure_labels=FIGURES,
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
        context = {"todo": todo_items(request.user), "read_only": request.user.role in READ_ONLY_ROLES}
        return HttpResponse(render_to_string("rules/includes/todo.html", context, request))
