"""The grid page's adjustments: split, merge, move organizations (GRID-1, 002 二(一)).

Each is a form, a preview of exactly what will happen, and a confirmation. The preview is
computed again on confirmation and must be the same (a fingerprint of the plan travels with the
form): if the grid changed in between, the user sees the new preview instead of a surprise.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core import views
from liangxin.core.views import ObjectViewMixin
from liangxin.grids import digest, operations, tracking
from liangxin.grids.filtersets import OfficerFilterSet, PromisingEmployeeFilterSet, TrackingRecordFilterSet
from liangxin.grids.forms import (
    MergeForm,
    MoveForm,
    OfficerForm,
    PromisingEmployeeForm,
    SplitForm,
    TrackingRecordForm,
)
from liangxin.grids.models import Officer, PromisingEmployee, TrackingRecord
from liangxin.grids.split import METHODS, Part, counts, propose
from liangxin.grids.tables import OfficerTable, PromisingEmployeeTable, TrackingRecordTable
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.parameters import GRID_MAX
from liangxin.rules.values import ParameterValues


def grid_limit(region: Region) -> int:
    """GRID-2's limit in force for the region (its nearest override, else 30)."""
    return ParameterValues().value(GRID_MAX, region.path)


def enterprise_count(region: Region) -> int:
    return Organization.objects.filter(region=region, kind=Organization.Kind.ENTERPRISE).active().count()


class GridOperationView(ObjectViewMixin, TemplateView):
    """A POST without `confirm` previews; with it (and the same plan), the operation runs."""

    model = Region
    action = "change"
    form_class: type
    title = ""

    def form(self, region, data=None):
        return self.form_class(data, region=region, user=self.request.user)

    def get(self, request, *args, **kwargs):
        region = self.get_object()
        return self.render_to_response(self.context(region, self.form(region)))

    def post(self, request, *args, **kwargs):
        region = self.get_object()
        form = self.form(region, request.POST)
        blocked = self.blocked(region)
        if blocked or not form.is_valid():
            return self.render_to_response(self.context(region, form))
        preview = self.preview(region, form)
        plan = self.fingerprint(preview)
        if "confirm" in request.POST:
            if request.POST.get("plan") != plan:
                form.add_error(None, "预览之后网格内的组织有变化，请核对下面新的预览后再确认。")
            else:
                try:
                    change = self.execute(region, form, preview)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, change.summary)
                    return redirect(region.get_absolute_url())
        return self.render_to_response(self.context(region, form, preview=preview, plan=plan))

    def blocked(self, region) -> str:
        return operations.operable(region)

    def context(self, region, form, **kwargs):
        return self.get_context_data(object=region, form=form, blocked=self.blocked(region), limit=grid_limit(region),
                                     enterprises=enterprise_count(region), title=f"{self.title}：{region.label}", **kwargs)


class GridSplitView(GridOperationView):
    form_class = SplitForm
    template_name = "grids/split.html"
    title = "拆分网格"

    def preview(self, region, form) -> list[Part]:
        organizations = list(Organization.objects.scoped(self.request.user, "change").filter(region=region).order_by("pk"))
        return propose(organizations, grid_limit(region), form.cleaned_data["method"], form.cleaned_data["parts"])

    def fingerprint(self, parts: list[Part]) -> str:
        return ";".join(",".join(str(org.pk) for org in part.organizations) for part in parts)

    def context(self, region, form, **kwargs):
        context = super().context(region, form, **kwargs)
        parts = kwargs.get("preview")
        if parts:
            names = [region.name] + [name for name, _ in operations.new_grid_names(region, len(parts) - 1)]
            context["rows"] = [
                {"name": name, "new": i > 0, "part": part, "enterprises": part.enterprises,
                 "organizations": sorted(part.organizations, key=lambda o: (not counts(o), o.name))}
                for i, (name, part) in enumerate(zip(names, parts, strict=True))
            ]
        return context

    def execute(self, region, form, parts):
        label = dict(METHODS)[form.cleaned_data["method"]].split("（")[0]
        return operations.split(region, parts, self.request.user, label)


class GridMergeView(GridOperationView):
    form_class = MergeForm
    template_name = "grids/merge.html"
    title = "合并网格"

    def preview(self, region, form):
        sources = list(form.cleaned_data["sources"])
        rows = [{"region": r, "organizations": Organization.objects.filter(region=r).count(), "enterprises": enterprise_count(r)}
                for r in [region, *sources]]
        return {"sources": sources, "rows": rows, "enterprises": sum(row["enterprises"] for row in rows),
                "organizations": sum(row["organizations"] for row in rows)}

    def fingerprint(self, preview) -> str:
        return ";".join(f"{row['region'].pk}:{row['organizations']}" for row in preview["rows"])

    def execute(self, region, form, preview):
        return operations.merge(region, preview["sources"], self.request.user)


class GridMoveView(GridOperationView):
    form_class = MoveForm
    template_name = "grids/move.html"
    title = "调整组织所属网格"

    def blocked(self, region) -> str:
        if region.closed_on:
            return operations.operable(region)
        return "" if Organization.objects.filter(region=region).exists() else f"“{region.name}”没有直属组织可调整。"

    def preview(self, region, form):
        organizations = list(form.cleaned_data["organizations"])
        target = form.cleaned_data["target"]
        moving = sum(1 for org in organizations if counts(org))
        before = enterprise_count(target)
        return {"organizations": organizations, "target": target, "moving": moving, "before": before,
                "after": before + moving, "target_limit": grid_limit(target),
                "source_after": enterprise_count(region) - moving}

    def fingerprint(self, preview) -> str:
        return f"{preview['target'].pk}:" + ",".join(str(org.pk) for org in preview["organizations"])

    def execute(self, region, form, preview):
        return operations.move(region, preview["organizations"], preview["target"], self.request.user)


class OfficerListView(views.ObjectListView):
    model = Officer
    queryset = Officer.objects.select_related("region__parent")
    filterset_class = OfficerFilterSet
    table_class = OfficerTable


class OfficerDetailView(views.ObjectDetailView):
    model = Officer
    queryset = Officer.objects.select_related("region__parent")


class OfficerEditView(views.ObjectEditView):
    model = Officer
    form_class = OfficerForm


class OfficerDeleteView(views.ObjectDeleteView):
    model = Officer


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
                            error_messages={"invalid": "起始日期：请填写有效日期，如 2026-01-01。"})
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
                          error_messages={"invalid": "截止日期：请填写有效日期，如 2026-01-31。"})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data


class GridTrackingView(views.ObjectDetailView):
    """A grid's dynamic tracking for a period (GRID-5): the month so far unless a period is given."""

    model = Region
    queryset = Region.objects.select_related("parent")

    def get_template_names(self):
        return ["grids/tracking.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region, user = context["object"], self.request.user
        today = timezone.localdate()
        form = PeriodForm(self.request.GET or None)
        start, end = today.replace(day=1), today
        if form.is_valid():
            start, end = form.cleaned_data["start"] or start, form.cleaned_data["end"] or end
        figures = tracking.track(region, start, end) if not form.errors else None
        context.update(digest.digest_context(user, region, today))
        context.update(
            title=f"动态跟踪：{region.label}", period_form=form, tracking=figures, start=start, end=end,
            records=TrackingRecord.objects.scoped(user).filter(region=region, recorded_on__range=(start, end))
            if user.has_perm("grids.view_trackingrecord") else None,
            promising=PromisingEmployee.objects.scoped(user).filter(organization__region=region).select_related("organization")[:50]
            if user.has_perm("grids.view_promisingemployee") else None,
            can_add_record=user.has_perm("grids.add_trackingrecord"),
            can_add_promising=user.has_perm("grids.add_promisingemployee"),
            history=None,
        )
        return context


class TrackingRecordListView(views.ObjectListView):
    model = TrackingRecord
    queryset = TrackingRecord.objects.select_related("region__parent", "recorded_by")
    filterset_class = TrackingRecordFilterSet
    table_class = TrackingRecordTable


class TrackingRecordDetailView(views.ObjectDetailView):
    model = TrackingRecord
    queryset = TrackingRecord.objects.select_related("region__parent", "recorded_by")


class TrackingRecordEditView(views.ObjectEditView):
    model = TrackingRecord
    form_class = TrackingRecordForm


class TrackingRecordDeleteView(views.ObjectDeleteView):
    model = TrackingRecord


class PromisingEmployeeListView(views.ObjectListView):
    model = PromisingEmployee
    queryset = PromisingEmployee.objects.select_related("organization")
    filterset_class = PromisingEmployeeFilterSet
    table_class = PromisingEmployeeTable


class PromisingEmployeeDetailView(views.ObjectDetailView):
    model = PromisingEmployee
    queryset = PromisingEmployee.objects.select_related("organization")


class PromisingEmployeeEditView(views.ObjectEditView):
    model = PromisingEmployee
    form_class = PromisingEmployeeForm


class PromisingEmployeeDeleteView(views.ObjectDeleteView):
    model = PromisingEmployee
