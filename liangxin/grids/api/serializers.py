from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.core.validators import normalize_phone, validate_phone
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    GridChange,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
from liangxin.regions.models import Region


def phone_field():
    """A phone as the web form takes it (pasted with spaces or dashes), write-only: reads carry
    it masked as `phone_masked`, so a read-modify-write never stores the mask."""
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 help_text="联系电话（只写；读取时见 phone_masked）")


class PhoneMixin:
    def validate_phone(self, value: str) -> str:
        if not value:
            return ""
        try:
            validate_phone(value)
        except Exception as error:  # Django's ValidationError: its message names the field and the fix
            raise serializers.ValidationError(getattr(error, "messages", [str(error)])) from None
        return normalize_phone(value)


class OfficerSerializer(PhoneMixin, ScopedModelSerializer):
    phone = phone_field()
    phone_masked = serializers.CharField(source="phone", read_only=True)

    class Meta:
        model = Officer
        fields = ["id", "region", "duty", "name", "position", "phone", "phone_masked", "start_date", "end_date",
                  "created", "updated"]
        read_only_fields = ["created", "updated"]


class TrackingRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = TrackingRecord
        fields = ["id", "region", "recorded_on", "content", "recorded_by", "created", "updated"]
        read_only_fields = ["recorded_by", "created", "updated"]

    def create(self, validated_data):
        validated_data["recorded_by"] = self.context["request"].user
        return super().create(validated_data)


class PromisingEmployeeSerializer(ScopedModelSerializer):
    class Meta:
        model = PromisingEmployee
        fields = ["id", "organization", "name", "position", "reason", "noted_on", "created", "updated"]
        read_only_fields = ["created", "updated"]


class GridChangeSerializer(ScopedModelSerializer):
    """Read-only: a grid change is made by the grid page's split, merge and move (with their
    previews), never written directly."""

    class Meta:
        model = GridChange
        fields = ["id", "kind", "region", "other_regions", "organizations", "method", "changed_on", "summary", "created"]
        read_only_fields = fields


class ServiceCentreSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceCentre
        fields = ["id", "name", "kind", "location", "region", "address", "area", "opened_on", "closed_on", "opening_hours",
                  "grids", "organizations", "services", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class CentreSubsidySerializer(ScopedModelSerializer):
    """`amount` is a decimal string in yuan with two places ("100000.00"), never a float."""

    class Meta:
        model = CentreSubsidy
        fields = ["id", "centre", "year", "kind", "amount", "granted_by", "granted_on", "document", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class RolloutStateSerializer(ScopedModelSerializer):
    class Meta:
        model = RolloutState
        fields = ["id", "region", "pilot", "pilot_since", "divided_on", "system_on", "training_on", "rolled_out_on",
                  "in_assessment", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class JointMeetingSerializer(ScopedModelSerializer):
    class Meta:
        model = JointMeeting
        fields = ["id", "region", "held_on", "title", "attendees", "decisions", "follow_ups", "follow_up_due",
                  "follow_up_done_on", "created", "updated"]
        read_only_fields = ["created", "updated"]


class ContactPointSerializer(ScopedModelSerializer):
    """Either `organization` or `region` (a grid); the region follows the organization."""

    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(),
                                                required=False, allow_null=True)

    class Meta:
        model = ContactPoint
        fields = ["id", "leader_name", "leader_position", "organization", "region", "start_date", "end_date", "notes",
                  "created", "updated"]
        read_only_fields = ["created", "updated"]


class ContactVisitSerializer(ScopedModelSerializer):
    class Meta:
        model = ContactVisit
        fields = ["id", "contact_point", "visited_on", "content", "problems", "follow_up", "created", "updated"]
        read_only_fields = ["created", "updated"]


class DemonstrationPointSerializer(ScopedModelSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(),
                                                required=False, allow_null=True)

    class Meta:
        model = DemonstrationPoint
        fields = ["id", "name", "organization", "region", "designated_on", "designated_by", "reasons", "review_due",
                  "reviewed_on", "status", "created", "updated"]
        read_only_fields = ["created", "updated"]
