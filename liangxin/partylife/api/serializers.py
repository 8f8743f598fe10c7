from django.urls import reverse
from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.partylife.models import (
    Activity,
    ActivityKind,
    Attendance,
    CrossAppointment,
    PartyWorker,
    Training,
)


class ActivityKindSerializer(ScopedModelSerializer):
    class Meta:
        model = ActivityKind
        fields = ["id", "name", "code", "three_meetings", "description", "order", "active"]
        read_only_fields = ["code"]


class CrossAppointmentSerializer(ScopedModelSerializer):
    class Meta:
        model = CrossAppointment
        fields = ["id", "party_org", "secretary_in_management", "secretary_union_chair", "one_shoulder",
                  "members_in_management", "managers_in_committee", "notes"]


class TrainingSerializer(ScopedModelSerializer):
    class Meta:
        model = Training
        fields = ["id", "party_org", "attendee", "role", "date", "hours", "organizer", "topic", "created", "updated"]
        read_only_fields = ["created", "updated"]


class PartyWorkerSerializer(ScopedModelSerializer):
    class Meta:
        model = PartyWorker
        fields = ["id", "party_org", "member", "position", "start_date", "end_date", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class AttendanceSerializer(ScopedModelSerializer):
    class Meta:
        model = Attendance
        fields = ["member", "present", "reason"]


class ActivitySerializer(ScopedModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True, help_text="出席和缺席（含原因）；在页面上按名册勾选")
    photos = serializers.SerializerMethodField(help_text="照片地址（按权限提供，非公开链接）")

    class Meta:
        model = Activity
        fields = ["id", "party_org", "kind", "date", "hours", "place", "topic", "host", "minutes", "attendance", "photos",
                  "created", "updated"]
        read_only_fields = ["created", "updated"]

    def create(self, validated_data):
        validated_data["recorded_by"] = self.context["request"].user
        return super().create(validated_data)

    def get_photos(self, obj) -> list[str]:
        return [reverse("partylife:activityphoto_file", args=[photo.pk]) for photo in obj.photos.all()]
