from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
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


class InstructorSerializer(ScopedModelSerializer):
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="联系电话（只写；读取时见 phone_masked）")
    phone_masked = serializers.CharField(source="phone", read_only=True)

    class Meta:
        model = Instructor
        fields = ["id", "name", "dispatching_unit", "position", "source", "full_time", "region", "phone", "phone_masked",
                  "selected_on", "left_on", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class AssignmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "instructor", "organization", "start_date", "end_date", "reason", "leave", "notes"]


class WorkPlanSerializer(ScopedModelSerializer):
    class Meta:
        model = WorkPlan
        fields = ["id", "instructor", "organization", "year", "goals", "actions", "demonstration_point", "completed", "summary"]


class VisitSerializer(ScopedModelSerializer):
    activities = serializers.MultipleChoiceField(choices=Visit.Activity.choices, required=False)
    photos = serializers.SerializerMethodField(help_text="照片地址（按权限提供，非公开链接）")

    class Meta:
        model = Visit
        fields = ["id", "instructor", "organization", "date", "arrived_at", "left_at", "hours", "minutes", "activities",
                  "content", "problems", "follow_up", "follow_up_done", "photos"]
        read_only_fields = ["minutes"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["activities"] = instance.activity_list
        return data

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "activities" in values:
            values["activities"] = ",".join(sorted(values["activities"]))
        return values

    def get_photos(self, obj) -> list[str]:
        from django.urls import reverse

        return [reverse("instructors:visitphoto_file", args=[pk]) for pk in obj.photos.values_list("pk", flat=True)]


class MajorEventReportSerializer(ScopedModelSerializer):
    class Meta:
        model = MajorEventReport
        fields = ["id", "instructor", "organization", "kind", "event_date", "report_date", "days_to_report", "description",
                  "new_status", "status", "handled_on", "handling_note"]
        read_only_fields = ["days_to_report", "status", "handled_on", "handling_note"]


class LeaveSerializer(ScopedModelSerializer):
    class Meta:
        model = Leave
        fields = ["id", "instructor", "start_date", "end_date", "days", "reason"]
        read_only_fields = ["days"]


class TrainingRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["id", "instructor", "date", "title", "organizer", "hours"]


class QuarterlyMeetingSerializer(ScopedModelSerializer):
    class Meta:
        model = QuarterlyMeeting
        fields = ["id", "region", "date", "title", "instructors_present", "organizations_present", "instructor_reports",
                  "owner_opinions", "problems_solved"]


class SpotCheckSerializer(ScopedModelSerializer):
    class Meta:
        model = SpotCheck
        fields = ["id", "region", "instructor", "date", "randomly_selected", "checked_attendance", "checked_logs", "result",
                  "findings", "rectification"]


class EvaluationSerializer(ScopedModelSerializer):
    class Meta:
        model = Evaluation
        fields = ["id", "instructor", "year", "half", "dispatching_unit", "qualitative_score", "owner_score", "employee_score",
                  "member_score", "results_score", "quantitative_score", "mass_score", "total_score", "grade", "figures",
                  "comments", "adjusted_on", "adjustment_note"]
        read_only_fields = ["dispatching_unit", "quantitative_score", "mass_score", "total_score", "grade", "figures"]
