from django.urls import path

from liangxin.core.views import object_urls
from liangxin.instructors import models as m
from liangxin.instructors import views as v

app_name = "instructors"
urlpatterns = [
    path("", v.ComplianceView.as_view(), name="compliance"),
    path("me/", v.WorkspaceView.as_view(), name="workspace"),
    path("photos/<int:pk>/", v.VisitPhotoFileView.as_view(), name="visitphoto_file"),
    path("reports/<int:pk>/handle/", v.ReportHandleView.as_view(), name="majoreventreport_handle"),
    path("leaves/<int:pk>/reassign/", v.LeaveReassignView.as_view(), name="leave_reassign"),
    path("spot-checks/draw/", v.SpotCheckDrawView.as_view(), name="spotcheck_draw"),
    path("evaluations/rollup/", v.RollupView.as_view(), name="evaluation_rollup"),
    *object_urls(m.Instructor, v.InstructorViews[0], v.InstructorDetailView, *v.InstructorViews[2:], prefix="roster/"),
    *object_urls(m.Assignment, *v.AssignmentViews, prefix="assignments/"),
    *object_urls(m.TrainingRecord, *v.TrainingRecordViews, prefix="trainings/"),
    *object_urls(m.WorkPlan, *v.WorkPlanViews, prefix="plans/"),
    *object_urls(m.Visit, v.VisitViews[0], v.VisitDetailView, v.VisitEditView, v.VisitViews[3], prefix="visits/"),
    *object_urls(m.MajorEventReport, *v.MajorEventReportViews, prefix="reports/"),
    *object_urls(m.Leave, v.LeaveViews[0], v.LeaveDetailView, *v.LeaveViews[2:], prefix="leaves/"),
    *object_urls(m.QuarterlyMeeting, *v.QuarterlyMeetingViews, prefix="meetings/"),
    *object_urls(m.SpotCheck, *v.SpotCheckViews, prefix="spot-checks/"),
    *object_urls(m.Evaluation, *v.EvaluationViews, prefix="evaluations/"),
]
