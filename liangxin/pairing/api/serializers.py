from django.urls import reverse
from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.pairing import evaluations
from liangxin.pairing.models import (
    Inspection,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.services import record_choices


class PairedUnitSerializer(ScopedModelSerializer):
    class Meta:
        model = PairedUnit
        fields = ["id", "name", "level", "region", "category", "rank", "has_party_org", "party_org_name", "contact_name",
                  "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class PairingSerializer(ScopedModelSerializer):
    class Meta:
        model = Pairing
        fields = ["id", "unit", "organization", "start_date", "end_date", "unit_contact", "organization_contact", "notes"]


class PointsRecordSerializer(ScopedModelSerializer):
    photos = serializers.SerializerMethodField(help_text="照片地址（按权限提供，非公开链接）")

    class Meta:
        model = PointsRecord
        fields = ["id", "pairing", "date", "kind", "content", "participants", "results", "status", "reviewed_on",
                  "return_reason", "points", "example", "photos"]
        read_only_fields = ["status", "reviewed_on", "return_reason", "points", "example"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "pairing" in fields:
            fields["pairing"].queryset = record_choices(request.user)  # type: ignore[attr-defined]
        return fields

    def validate(self, attrs):
        if self.instance is not None and not self.instance.editable:
            raise serializers.ValidationError("这条记录已确认，不能再修改。")
        return super().validate(attrs)

    def create(self, validated_data):
        validated_data["recorded_by"] = self.context["request"].user
        return super().create(validated_data)

    def update(self, instance, validated_data):
        if instance.status == PointsRecord.Status.RETURNED:
            validated_data["status"] = PointsRecord.Status.PENDING  # corrected and sent again
        return super().update(instance, validated_data)

    def get_photos(self, obj) -> list[str]:
        return [reverse("pairing:recordphoto_file", args=[pk]) for pk in obj.photos.values_list("pk", flat=True)]


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("confirm", "确认"), ("return", "退回")], help_text="confirm 确认；return 退回")
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, help_text="退回原因（退回时必填）")


class ReviewStateSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="pending 待确认；confirmed 已确认；returned 已退回")
    may_review = serializers.BooleanField(help_text="当前用户是否应确认这条记录")


class SelfAssessmentSerializer(ScopedModelSerializer):
    class Meta:
        model = SelfAssessment
        fields = ["id", "unit", "year", "status", "points", "breakdown", "notes", "submitted_on"]
        read_only_fields = fields


class UnitEvaluationSerializer(ScopedModelSerializer):
    """A round and its answers; the invitations' links are handed out on the page, never here."""

    invitations = serializers.SerializerMethodField(help_text="四方评议：评议人类别、是否已提交、得分")
    points = serializers.SerializerMethodField(help_text="按已收回评议折算的积分")

    class Meta:
        model = UnitEvaluation
        fields = ["id", "pairing", "year", "round", "invitations", "points"]
        read_only_fields = fields

    def get_invitations(self, obj) -> list[dict]:
        return [{"evaluator": i.evaluator, "answered": i.answered, "score": i.score} for i in obj.invitations.order_by("pk")]

    def get_points(self, obj) -> int:
        return evaluations.points(obj)


class InspectionSerializer(ScopedModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "region", "year", "quarter", "inspected_on", "findings", "issued_on"]
        read_only_fields = fields
