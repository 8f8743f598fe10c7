from liangxin.core.api import ScopedModelViewSet
from liangxin.instructors import filtersets as f
from liangxin.instructors import models as m
from liangxin.instructors.api import serializers as s


def _viewset(model, queryset, serializer, filterset, ordering):
    return type(f"{model.__name__}ViewSet", (ScopedModelViewSet,), {
        "queryset": queryset, "serializer_class": serializer, "filterset_class": filterset, "ordering_fields": ordering,
    })


InstructorViewSet = _viewset(m.Instructor, m.Instructor.objects.select_related("region"), s.InstructorSerializer,
                             f.InstructorFilterSet, ["name"])
AssignmentViewSet = _viewset(m.Assignment, m.Assignment.objects.all(), s.AssignmentSerializer, f.AssignmentFilterSet,
                             ["start_date"])
WorkPlanViewSet = _viewset(m.WorkPlan, m.WorkPlan.objects.all(), s.WorkPlanSerializer, f.WorkPlanFilterSet, ["year"])
VisitViewSet = _viewset(m.Visit, m.Visit.objects.all(), s.VisitSerializer, f.VisitFilterSet, ["date", "minutes"])
MajorEventReportViewSet = _viewset(m.MajorEventReport, m.MajorEventReport.objects.all(), s.MajorEventReportSerializer,
                                   f.MajorEventReportFilterSet, ["report_date", "event_date"])
LeaveViewSet = _viewset(m.Leave, m.Leave.objects.all(), s.LeaveSerializer, f.LeaveFilterSet, ["start_date"])
TrainingRecordViewSet = _viewset(m.TrainingRecord, m.TrainingRecord.objects.all(), s.TrainingRecordSerializer,
                                 f.TrainingRecordFilterSet, ["date"])
QuarterlyMeetingViewSet = _viewset(m.QuarterlyMeeting, m.QuarterlyMeeting.objects.all(), s.QuarterlyMeetingSerializer,
                                   f.QuarterlyMeetingFilterSet, ["date"])
SpotCheckViewSet = _viewset(m.SpotCheck, m.SpotCheck.objects.all(), s.SpotCheckSerializer, f.SpotCheckFilterSet, ["date"])
EvaluationViewSet = _viewset(m.Evaluation, m.Evaluation.objects.all(), s.EvaluationSerializer, f.EvaluationFilterSet,
                             ["year", "total_score"])

ROUTES = [
    ("instructors", InstructorViewSet), ("instructor-assignments", AssignmentViewSet),
    ("instructor-work-plans", WorkPlanViewSet), ("instructor-visits", VisitViewSet),
    ("major-event-reports", MajorEventReportViewSet), ("instructor-leaves", LeaveViewSet),
    ("instructor-trainings", TrainingRecordViewSet), ("instructor-meetings", QuarterlyMeetingViewSet),
    ("instructor-spot-checks", SpotCheckViewSet), ("instructor-evaluations", EvaluationViewSet),
]
