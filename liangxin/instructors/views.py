"""Pages of the instructor module beyond each object's list, detail, edit and delete (those are
in object_views.py): photo file, report acceptance, reassignment, random draw, roll-up and the
two workspaces, all starting from the same `scoped()` querysets."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.pagination import paginate
from liangxin.core.periods import half_year_bounds
from liangxin.core.views import PhotoFileView
from liangxin.instructors import forms
from liangxin.instructors.compliance import (
    compliance,
    compliance_rows,
    holidays_in_week,
    quarter_bounds,
    unvisited_assignments,
    week_start,
)
from liangxin.instructors.evaluation import dispatching_unit_rollup
from liangxin.instructors.exporting import write_compliance
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    SpotCheck,
    Visit,
    VisitPhoto,
    WorkPlan,
)
from liangxin.instructors.tables import ComplianceTable
from liangxin.organizations.models import Organization
from liangxin.rules.values import ParameterValues


class VisitPhotoFileView(PhotoFileView):
    """A visit photo."""

    photo_model = VisitPhoto
    denied = "您的角色不能查看走访照片。"


class ReportHandleView(LoginRequiredMixin, View):
    """Accept (or return) a major-event report; on acceptance the organization's status in
    the registry follows, through the same tracked save as any edit."""

    def post(self, request, pk):
        if not request.user.has_perm("instructors.change_majoreventreport"):
            raise PermissionDenied("您的角色不能受理重大事项报告。")
        report = get_object_or_404(MajorEventReport.objects.scoped(request.user, "change"), pk=pk)
        form = forms.HandleReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择受理或退回。")
            return redirect(report.get_absolute_url())
        try:
            with transaction.atomic():
                with tracked(report):
                    report.status = form.cleaned_data["decision"]
                    report.handling_note = form.cleaned_data["note"]
                    report.handled_by, report.handled_on = request.user, timezone.localdate()
                    report.save()
                if report.status == MajorEventReport.Status.ACCEPTED and report.new_status:
                    org = Organization.objects.scoped(request.user, "change").filter(pk=report.organization_id).first()
                    if org is None:
                        raise ValidationError("该组织不在您的管辖范围内，不能更新其经营状态。")
                    if org.status != report.new_status:
                        with tracked(org):
                            org.status = report.new_status
                            org.full_clean()
                            org.save()
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已{report.get_status_display()}。")
        return redirect(report.get_absolute_url())


class LeaveReassignView(LoginRequiredMixin, View):
    """Art. 17: assign a new instructor to an organization for the time of a long leave."""

    def post(self, request, pk):
        if not request.user.has_perm("instructors.add_assignment"):
            raise PermissionDenied("您的角色不能调整指导员。")
        leave = get_object_or_404(Leave.objects.scoped(request.user), pk=pk)
        form = forms.ReassignForm(request.POST, leave=leave, user=request.user)
        if form.is_valid():
            assignment = Assignment(
                instructor=form.cleaned_data["instructor"], organization=form.cleaned_data["organization"],
                start_date=max(leave.start_date, timezone.localdate()), end_date=leave.end_date,
                reason=Assignment.Reason.LEAVE_COVER, leave=leave,
            )
            with transaction.atomic(), tracked(assignment):
                assignment.full_clean()
                assignment.save()
            messages.success(request, f"已安排{assignment.instructor}在请假期间联系{assignment.organization}。")
        else:
            messages.error(request, "请选择联系组织和新的指导员。")
        return redirect(leave.get_absolute_url())


class SpotCheckDrawView(core.ObjectViewMixin, TemplateView):
    """Random selection of instructors to check (art. 15), drawn by the database."""

    model = SpotCheck
    action = "add"
    template_name = "instructors/spotcheck_draw.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title="随机抽取指导员", **kwargs)
        form = forms.DrawForm(self.request.GET or None)
        drawn = []
        if form.is_valid():
            drawn = list(Instructor.objects.scoped(self.request.user).serving().order_by("?")[: form.cleaned_data["count"]])
        context.update(form=form, drawn=drawn)
        return context


class RollupView(core.ObjectViewMixin, TemplateView):
    """Evaluation results rolled up to dispatching units (art. 19)."""

    model = Evaluation
    template_name = "instructors/rollup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title="考评结果（按派出单位）", **kwargs)
        context["rows"] = dispatching_unit_rollup(self.get_queryset())
        return context


# --- Workspaces ----------------------------------------------------------------------------------

class WorkspaceView(LoginRequiredMixin, TemplateView):
    """The instructor's phone home page: my organizations, this week's half-day, what is due."""

    template_name = "instructors/workspace.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return hasattr(user, "instructor")

    def get_context_data(self, **kwargs):
        user = self.request.user
        instructor = getattr(user, "instructor", None)
        if instructor is None:
            raise Http404("该账号没有关联指导员档案")
        today = timezone.localdate()
        params = ParameterValues()
        monday = week_start(today)
        week = compliance([instructor], monday, monday, params)[instructor.pk].weeks[0]
        assignments = (
            Assignment.objects.current(today).filter(instructor=instructor).select_related("organization")
            .order_by("organization__name")
        )
        unvisited = {a.pk: a.last_visit for a in unvisited_assignments(assignments, today, params)}
        from django.db.models import OuterRef, Subquery

        last = Visit.objects.filter(organization=OuterRef("organization")).order_by("-date").values("date")[:1]
        assignments = assignments.annotate(last_visit=Subquery(last))
        plans = set(WorkPlan.objects.filter(instructor=instructor, year=today.year).values_list("organization", flat=True))
        due = []
        for a in assignments:
            if a.pk in unvisited:
                due.append(("geo-alt", f"{a.organization}：{'从未走访' if a.last_visit is None else f'上次走访 {a.last_visit:%m-%d}'}，请尽快走访",
                            reverse("instructors:visit_add") + f"?organization={a.organization_id}"))
            if a.organization_id not in plans:
                due.append(("journal-text", f"{a.organization}：{today.year}年度工作计划未制定",
                            reverse("instructors:workplan_add") + f"?organization={a.organization_id}&year={today.year}"))
        for report in MajorEventReport.objects.filter(instructor=instructor, status=MajorEventReport.Status.RETURNED):
            due.append(("exclamation-triangle", f"重大事项报告被退回：{report}", report.get_absolute_url()))
        progress = min(100, round(100 * week.minutes / week.required_minutes)) if week.required_minutes else 100
        return super().get_context_data(
            title="我的工作台", instructor=instructor, week=week, progress=progress,
            remaining=max(0, week.required_minutes - week.minutes), assignments=assignments,
            unvisited=unvisited, due=due, holidays=holidays_in_week(monday),
            recent=Visit.objects.filter(instructor=instructor).select_related("organization")[:5], **kwargs,
        )


class ComplianceView(core.ObjectViewMixin, TemplateView):
    """The committee's page: every instructor's compliance, sortable, exportable to Excel."""

    model = Instructor
    template_name = "instructors/compliance.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(compliance_rows(request.user))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title="指导员履职情况", **kwargs)
        table = ComplianceTable(compliance_rows(self.request.user), user=self.request.user)
        paginate(self.request, table)
        today = timezone.localdate()
        context.update(table=table, holidays=holidays_in_week(week_start(today)), quarter=quarter_bounds(today),
                       half=half_year_bounds(today))
        return context

    def export(self, rows):
        out = io.BytesIO()
        user = self.request.user
        count = write_compliance(rows, user, out)
        record(ChangeLog.Action.EXPORT, user=user, region_path=getattr(user.region, "path", "") if user.region_id else "",
               detail=f"导出指导员履职情况{count}条")
        response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = attachment_disposition(dated_filename("指导员履职情况"))
        return response
