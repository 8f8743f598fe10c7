"""The overview of seed 003 §一 for a region and a day (REP-2's opening sentence)."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.dashboard.figures import jurisdiction_figures
from liangxin.reports.leaders import SCREEN_REFRESH_SECONDS, leaders_overview
from liangxin.reports.overview import overview
from liangxin.rules.views import RuleDetailView, RulesViewMixin, requested_region


class OverviewForm(forms.Form):
    on = forms.DateField(
        label="截至日期", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"invalid": "截至日期：请填写有效日期，如 2026-06-30。"},
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError("截至日期：不能晚于今天；概况按已发生的台账数据生成。")
        return on


class OverviewView(RulesViewMixin, TemplateView):
    """Who reads the coverage dashboard reads its overview (the same figures, the same scope)."""

    template_name = "reports/overview.html"

    def get_context_data(self, **kwargs):
        region = requested_region(self.request)
        form = OverviewForm(self.request.GET or None)
        on = form.cleaned_data["on"] if form.is_valid() else None
        result = overview(self.request.user, region, on) if region is not None and not form.errors else None
        ancestors = region.ancestors_in_scope(self.request.user) if region else []
        return super().get_context_data(title="“两新”组织概况", region=region, form=form, overview=result,
                                        ancestors=ancestors, **kwargs)


class LeadersView(RulesViewMixin, TemplateView):
    """The leaders' overview (issue 17 item 5): the leader role's home, and a page every role
    that reads the coverage dashboard may open (the same figures, the same scope). `?screen=1`
    lays it out for a meeting room's wall screen: no menu, large type, a dark background, and a
    reload every few minutes."""

    template_name = "reports/leaders.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = requested_region(self.request)
        screen = self.request.GET.get("screen") == "1"
        data = leaders_overview(user, region)
        rules = [dict(item, url=reverse("rules:rule_detail", args=[item["id"]])) for item in data["rules"]]
        for item in rules:
            item["opens"] = RuleDetailView.opens_for(user, {"rule_id": item["id"]})
        ancestors = region.ancestors_in_scope(user) if region else []
        return super().get_context_data(
            title="领导总览" + (f" · {region.name}" if region else ""), region=region, ancestors=ancestors, data=data,
            rules=rules, screen=screen, hide_nav=screen, refresh_seconds=SCREEN_REFRESH_SECONDS,
            # The home page's headline figures by their shared definitions (liangxin.dashboard.figures).
            figures=jurisdiction_figures(user, region), **kwargs,
        )
