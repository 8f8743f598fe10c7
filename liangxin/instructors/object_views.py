"""The list, detail, edit and delete pages of each object of the instructor module: the base
views of liangxin.core with their attributes stated, as every app does. The module's other pages
(workspace, compliance, photos, report handling, reassignment, draw, roll-up) are in views.py."""

from django.shortcuts import redirect

from liangxin.accounts.roles import Role
from liangxin.core import views as core
from liangxin.instructors import forms
from liangxin.instructors.filtersets import (
    AssignmentFilterSet,
    EvaluationFilterSet,
    InstructorFilterSet,
    LeaveFilterSet,
    MajorEventReportFilterSet,
    QuarterlyMeetingFilterSet,
    SpotCheckFilterSet,
    TrainingRecordFilterSet,
    VisitFilterSet,
    WorkPlanFilterSet,
)
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    VisitPhoto,
    WorkPlan,
)
from liangxin.instructors.tables import (
    AssignmentTable,
    EvaluationTable,
    InstructorTable,
    LeaveTable,
    MajorEventReportTable,
    QuarterlyMeetingTable,
    SpotCheckTable,
    TrainingRecordTable,
    VisitTable,
    WorkPlanTable,
)
from liangxin.rules.values import ParameterValues


class InstructorListView(core.ObjectListView):
    model = Instructor
    queryset = Instructor.objects.select_related("region")
    filterset_class = InstructorFilterSet
    table_class = InstructorTable


class InstructorDetailView(core.ObjectDetailView):
    model = Instructor
    queryset = Instructor.objects.select_related("region")
    fields = "dispatching_unit,position,source,full_time,region,phone,selected_on,left_on,user,notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, user = context["object"], self.request.user
        context.update(
            assignments=Assignment.objects.scoped(user).filter(instructor=obj).select_related("organization"),
            evaluations=Evaluation.objects.scoped(user).filter(instructor=obj),
            leaves=Leave.objects.scoped(user).filter(instructor=obj)[:10],
            trainings=TrainingRecord.objects.scoped(user).filter(instructor=obj)[:10],
            visits=Visit.objects.scoped(user).filter(instructor=obj).select_related("organization")[:10],
        )
        return context


class InstructorEditView(core.ObjectEditView):
    model = Instructor
    queryset = Instructor.objects.select_related("region")
    form_class = forms.InstructorForm


class InstructorDeleteView(core.ObjectDeleteView):
    model = Instructor
    queryset = Instructor.objects.select_related("region")


class AssignmentListView(core.ObjectListView):
    model = Assignment
    queryset = Assignment.objects.select_related("instructor", "organization")
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable


class AssignmentDetailView(core.ObjectDetailView):
    model = Assignment
    queryset = Assignment.objects.select_related("instructor", "organization")
    fields = "instructor,organization,start_date,end_date,reason,leave,notes"


class AssignmentEditView(core.ObjectEditView):
    model = Assignment
    queryset = Assignment.objects.select_related("instructor", "organization")
    form_class = forms.AssignmentForm


class AssignmentDeleteView(core.ObjectDeleteView):
    model = Assignment
    queryset = Assignment.objects.select_related("instructor", "organization")


class TrainingRecordListView(core.ObjectListView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("instructor")
    filterset_class = TrainingRecordFilterSet
    table_class = TrainingRecordTable


class TrainingRecordDetailView(core.ObjectDetailView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("instructor")
    fields = "instructor,date,title,organizer,hours"


class TrainingRecordEditView(core.ObjectEditView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("instructor")
    form_class = forms.TrainingRecordForm


class TrainingRecordDeleteView(core.ObjectDeleteView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("instructor")


class WorkPlanListView(core.ObjectListView):
    model = WorkPlan
    queryset = WorkPlan.objects.select_related("instructor", "organization")
    filterset_class = WorkPlanFilterSet
    table_class = WorkPlanTable


class WorkPlanDetailView(core.ObjectDetailView):
    model = WorkPlan
    queryset = WorkPlan.objects.select_related("instructor", "organization")
    fields = "instructor,organization,year,goals,actions,demonstration_point,completed,summary"


class WorkPlanEditView(core.ObjectEditView):
    model = WorkPlan
    queryset = WorkPlan.objects.select_related("instructor", "organization")
    form_class = forms.WorkPlanForm


class WorkPlanDeleteView(core.ObjectDeleteView):
    model = WorkPlan
    queryset = WorkPlan.objects.select_related("instructor", "organization")


class VisitListView(core.ObjectListView):
    model = Visit
    queryset = Visit.objects.select_related("instructor", "organization")
    filterset_class = VisitFilterSet
    table_class = VisitTable


class VisitDetailView(core.ObjectDetailView):
    model = Visit
    queryset = Visit.objects.select_related("instructor", "organization")
    fields = "instructor,organization,date,arrived_at,left_at,content,problems,follow_up,follow_up_done"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["photos"] = VisitPhoto.objects.scoped(self.request.user).filter(visit=context["object"])
        return context


class VisitEditView(core.ObjectEditView):
    model = Visit
    queryset = Visit.objects.select_related("instructor", "organization")
    form_class = forms.VisitForm
    template_name = "instructors/visit_edit.html"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and "pk" not in self.kwargs and request.user.role == Role.INSTRUCTOR:
            return redirect("dashboard:home")  # back to the workspace: the next visit is one tap away
        return response


class VisitDeleteView(core.ObjectDeleteView):
    model = Visit
    queryset = Visit.objects.select_related("instructor", "organization")


class MajorEventReportListView(core.ObjectListView):
    model = MajorEventReport
    queryset = MajorEventReport.objects.select_related("instructor", "organization")
    filterset_class = MajorEventReportFilterSet
    table_class = MajorEventReportTable


class MajorEventReportDetailView(core.ObjectDetailView):
    model = MajorEventReport
    queryset = MajorEventReport.objects.select_related("instructor", "organization")
    fields = (
        "organization,kind,event_date,report_date,days_to_report,description,new_status,instructor,status,"
        "handled_by,handled_on,handling_note"
    )


class MajorEventReportEditView(core.ObjectEditView):
    model = MajorEventReport
    queryset = MajorEventReport.objects.select_related("instructor", "organization")
    form_class = forms.MajorEventReportForm


class MajorEventReportDeleteView(core.ObjectDeleteView):
    model = MajorEventReport
    queryset = MajorEventReport.objects.select_related("instructor", "organization")


class LeaveListView(core.ObjectListView):
    model = Leave
    queryset = Leave.objects.select_related("instructor")
    filterset_class = LeaveFilterSet
    table_class = LeaveTable


class LeaveDetailView(core.ObjectDetailView):
    model = Leave
    queryset = Leave.objects.select_related("instructor")
    fields = "instructor,start_date,end_date,days,reason"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        leave = context["object"]
        params = ParameterValues()
        context["is_long"] = Leave.objects.long(params).filter(pk=leave.pk).exists()
        context["reassignments"] = leave.reassignments.select_related("instructor", "organization")
        if self.request.user.has_perm("instructors.add_assignment"):
            context["reassign_form"] = forms.ReassignForm(leave=leave, user=self.request.user)
        return context


class LeaveEditView(core.ObjectEditView):
    model = Leave
    queryset = Leave.objects.select_related("instructor")
    form_class = forms.LeaveForm


class LeaveDeleteView(core.ObjectDeleteView):
    model = Leave
    queryset = Leave.objects.select_related("instructor")


class QuarterlyMeetingListView(core.ObjectListView):
    model = QuarterlyMeeting
    queryset = QuarterlyMeeting.objects.select_related("region")
    filterset_class = QuarterlyMeetingFilterSet
    table_class = QuarterlyMeetingTable


class QuarterlyMeetingDetailView(core.ObjectDetailView):
    model = QuarterlyMeeting
    queryset = QuarterlyMeeting.objects.select_related("region")
    fields = "region,date,title,instructor_reports,owner_opinions,problems_solved"


class QuarterlyMeetingEditView(core.ObjectEditView):
    model = QuarterlyMeeting
    queryset = QuarterlyMeeting.objects.select_related("region")
    form_class = forms.QuarterlyMeetingForm


class QuarterlyMeetingDeleteView(core.ObjectDeleteView):
    model = QuarterlyMeeting
    queryset = QuarterlyMeeting.objects.select_related("region")


class SpotCheckListView(core.ObjectListView):
    model = SpotCheck
    queryset = SpotCheck.objects.select_related("instructor", "region")
    filterset_class = SpotCheckFilterSet
    table_class = SpotCheckTable


class SpotCheckDetailView(core.ObjectDetailView):
    model = SpotCheck
    queryset = SpotCheck.objects.select_related("instructor", "region")
    fields = "region,instructor,date,randomly_selected,checked_attendance,checked_logs,result,findings,rectification"


class SpotCheckEditView(core.ObjectEditView):
    model = SpotCheck
    queryset = SpotCheck.objects.select_related("instructor", "region")
    form_class = forms.SpotCheckForm


class SpotCheckDeleteView(core.ObjectDeleteView):
    model = SpotCheck
    queryset = SpotCheck.objects.select_related("instructor", "region")


class EvaluationListView(core.ObjectListView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("instructor")
    filterset_class = EvaluationFilterSet
    table_class = EvaluationTable


class EvaluationDetailView(core.ObjectDetailView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("instructor")
    fields = (
        "instructor,year,half,dispatching_unit,quantitative_score,qualitative_score,owner_score,"
        "employee_score,member_score,mass_score,results_score,total_score,grade,comments,adjusted_on,"
        "adjustment_note"
    )


class EvaluationEditView(core.ObjectEditView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("instructor")
    form_class = forms.EvaluationForm


class EvaluationDeleteView(core.ObjectDeleteView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("instructor")
