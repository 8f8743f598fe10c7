"""One FilterSet per object, shared by the list pages and the API."""

import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
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
from liangxin.regions.filters import RegionSubtreeFilter


class InstructorFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "dispatching_unit", "position"))
    region = RegionSubtreeFilter(label="管理街道/园区")
    source = django_filters.ChoiceFilter(choices=Instructor.Source.choices, label="来源")
    full_time = django_filters.BooleanFilter(label="专职")
    serving = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label="在册")

    class Meta:
        model = Instructor
        fields = ["q", "region", "source", "full_time", "serving"]


class AssignmentFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("instructor__name", "organization__name"))
    region = RegionSubtreeFilter(path_lookup="organization__region__path")
    reason = django_filters.ChoiceFilter(choices=Assignment.Reason.choices, label="选派方式")
    current = django_filters.BooleanFilter(method="filter_current", label="当前有效")

    class Meta:
        model = Assignment
        fields = ["q", "region", "reason", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = Assignment.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class _ByInstructorAndOrganization(BaseFilterSet):
    q = SearchFilter(fields=("instructor__name", "organization__name"))
    region = RegionSubtreeFilter(path_lookup="organization__region__path")


class WorkPlanFilterSet(_ByInstructorAndOrganization):
    year = django_filters.NumberFilter(label="年度")
    completed = django_filters.BooleanFilter(label="已完成")

    class Meta:
        model = WorkPlan
        fields = ["q", "region", "year", "completed"]


class VisitFilterSet(_ByInstructorAndOrganization):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期从")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期到")
    activity = django_filters.ChoiceFilter(field_name="activities", lookup_expr="contains",
                                           choices=Visit.Activity.choices, label="工作内容")
    follow_up_done = django_filters.BooleanFilter(label="已落实")

    class Meta:
        model = Visit
        fields = ["q", "region", "date_from", "date_to", "activity", "follow_up_done"]


class MajorEventReportFilterSet(_ByInstructorAndOrganization):
    kind = django_filters.ChoiceFilter(choices=MajorEventReport.Kind.choices, label="事项类别")
    status = django_filters.ChoiceFilter(choices=MajorEventReport.Status.choices, label="受理状态")

    class Meta:
        model = MajorEventReport
        fields = ["q", "region", "kind", "status"]


class _ByInstructor(BaseFilterSet):
    q = SearchFilter(fields=("instructor__name", "instructor__dispatching_unit"))
    region = RegionSubtreeFilter(path_lookup="instructor__region__path", label="管理街道/园区")


class LeaveFilterSet(_ByInstructor):
    class Meta:
        model = Leave
        fields = ["q", "region"]


class TrainingRecordFilterSet(_ByInstructor):
    class Meta:
        model = TrainingRecord
        fields = ["q", "region"]


class EvaluationFilterSet(_ByInstructor):
    year = django_filters.NumberFilter(label="年度")
    half = django_filters.ChoiceFilter(choices=[(1, "上半年"), (2, "下半年")], label="半年")
    grade = django_filters.ChoiceFilter(choices=Evaluation.Grade.choices, label="等次")

    class Meta:
        model = Evaluation
        fields = ["q", "region", "year", "half", "grade"]


class SpotCheckFilterSet(_ByInstructor):
    result = django_filters.ChoiceFilter(choices=SpotCheck.Result.choices, label="检查结果")

    class Meta:
        model = SpotCheck
        fields = ["q", "region", "result"]


class QuarterlyMeetingFilterSet(BaseFilterSet):
    region = RegionSubtreeFilter(path_lookup="region__path", label="党(工)委")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期从")

    class Meta:
        model = QuarterlyMeeting
        fields = ["region", "date_from"]
