from django.urls import path

from liangxin.core.views import object_urls
from liangxin.instructors import object_views, views
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
    WorkPlan,
)

app_name = "instructors"
urlpatterns = [
    path("", views.ComplianceView.as_view(), name="compliance"),
    path("me/", views.WorkspaceView.as_view(), name="workspace"),
    path("photos/<int:pk>/", views.VisitPhotoFileView.as_view(), name="visitphoto_file"),
    path("reports/<int:pk>/handle/", views.ReportHandleView.as_view(), name="majoreventreport_handle"),
    path("leaves/<int:pk>/reassign/", views.LeaveReassignView.as_view(), name="leave_reassign"),
    path("spot-checks/draw/", views.SpotCheckDrawView.as_view(), name="spotcheck_draw"),
    path("evaluations/rollup/", views.RollupView.as_view(), name="evaluation_rollup"),
    *object_urls(
        Instructor, object_views.InstructorListView, object_views.InstructorDetailView,
        object_views.InstructorEditView, object_views.InstructorDeleteView, prefix="roster/",
    ),
    *object_urls(
        Assignment, object_views.AssignmentListView, object_views.AssignmentDetailView,
        object_views.AssignmentEditView, object_views.AssignmentDeleteView, prefix="assignments/",
    ),
    *object_urls(
        TrainingRecord, object_views.TrainingRecordListView, object_views.TrainingRecordDetailView,
        object_views.TrainingRecordEditView, object_views.TrainingRecordDeleteView, prefix="trainings/",
    ),
    *object_urls(
        WorkPlan, object_views.WorkPlanListView, object_views.WorkPlanDetailView,
        object_views.WorkPlanEditView, object_views.WorkPlanDeleteView, prefix="plans/",
    ),
    *object_urls(
        Visit, object_views.VisitListView, object_views.VisitDetailView,
        object_views.VisitEditView, object_views.VisitDeleteView, prefix="visits/",
    ),
    *object_urls(
        MajorEventReport, object_views.MajorEventReportListView, object_views.MajorEventReportDetailView,
        object_views.MajorEventReportEditView, object_views.MajorEventReportDeleteView, prefix="reports/",
    ),
    *object_urls(
        Leave, object_views.LeaveListView, object_views.LeaveDetailView,
        object_views.LeaveEditView, object_views.LeaveDeleteView, prefix="leaves/",
    ),
    *object_urls(
        QuarterlyMeeting, object_views.QuarterlyMeetingListView, object_views.QuarterlyMeetingDetailView,
        object_views.QuarterlyMeetingEditView, object_views.QuarterlyMeetingDeleteView, prefix="meetings/",
    ),
    *object_urls(
        SpotCheck, object_views.SpotCheckListView, object_views.SpotCheckDetailView,
        object_views.SpotCheckEditView, object_views.SpotCheckDeleteView, prefix="spot-checks/",
    ),
    *object_urls(
        Evaluation, object_views.EvaluationListView, object_views.EvaluationDetailView,
        object_views.EvaluationEditView, object_views.EvaluationDeleteView, prefix="evaluations/",
    ),
]
