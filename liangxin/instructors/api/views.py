"""The instructor module's API: one viewset per object, each stating its queryset, serializer,
filterset (the list page's own) and ordering."""

from liangxin.core.api import ScopedModelViewSet
from liangxin.instructors.api.serializers import (
    AssignmentSerializer,
    EvaluationSerializer,
    InstructorSerializer,
    LeaveSerializer,
    MajorEventReportSerializer,
    QuarterlyMeetingSerializer,
    SpotCheckSerializer,
    TrainingRecordSerializer,
    VisitSerializer,
    WorkPlanSerializer,
)
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
    WorkPlan,
)


class InstructorViewSet(ScopedModelViewSet):
    queryset = Instructor.objects.select_related("region")
    serializer_class = InstructorSerializer
    filterset_class = InstructorFilterSet
    ordering_fields = ["name"]


class AssignmentViewSet(ScopedModelViewSet):
    queryset = Assignment.objects.all()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    ordering_fields = ["start_date"]


class WorkPlanViewSet(ScopedModelViewSet):
    queryset = WorkPlan.objects.all()
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilterSet
    ordering_fields = ["year"]


class VisitViewSet(ScopedModelViewSet):
    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ["date", "minutes"]


class MajorEventReportViewSet(ScopedModelViewSet):
    queryset = MajorEventReport.objects.all()
    serializer_class = MajorEventReportSerializer
    filterset_class = MajorEventReportFilterSet
    ordering_fields = ["report_date", "event_date"]


class LeaveViewSet(ScopedModelViewSet):
    queryset = Leave.objects.all()
    serializer_class = LeaveSerializer
    filterset_class = LeaveFilterSet
    ordering_fields = ["start_date"]


class TrainingRecordViewSet(ScopedModelViewSet):
    queryset = TrainingRecord.objects.all()
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilterSet
    ordering_fields = ["date"]


class QuarterlyMeetingViewSet(ScopedModelViewSet):
    queryset = QuarterlyMeeting.objects.all()
    serializer_class = QuarterlyMeetingSerializer
    filterset_class = QuarterlyMeetingFilterSet
    ordering_fields = ["date"]


class SpotCheckViewSet(ScopedModelViewSet):
    queryset = SpotCheck.objects.all()
    serializer_class = SpotCheckSerializer
    filterset_class = SpotCheckFilterSet
    ordering_fields = ["date"]


class EvaluationViewSet(ScopedModelViewSet):
    queryset = Evaluation.objects.all()
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet
    ordering_fields = ["year", "total_score"]


ROUTES = [
    ("instructors", InstructorViewSet), ("instructor-assignments", AssignmentViewSet),
    ("instructor-work-plans", WorkPlanViewSet), ("instructor-visits", VisitViewSet),
    ("major-event-reports", MajorEventReportViewSet), ("instructor-leaves", LeaveViewSet),
    ("instructor-trainings", TrainingRecordViewSet), ("instructor-meetings", QuarterlyMeetingViewSet),
    ("instructor-spot-checks", SpotCheckViewSet), ("instructor-evaluations", EvaluationViewSet),
]
