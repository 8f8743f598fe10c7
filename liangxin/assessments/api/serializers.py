from rest_framework import serializers

from liangxin.assessments.models import Checklist, ChecklistEntry, ChecklistItem, Rating, RatingRound
from liangxin.core.api import ScopedModelSerializer


class ChecklistItemSerializer(ScopedModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "standard", "code", "name", "requirement", "evidence", "source", "quote", "order", "active"]
        read_only_fields = ["code"]


class ChecklistEntrySerializer(ScopedModelSerializer):
    class Meta:
        model = ChecklistEntry
        fields = ["id", "item", "status", "area", "systems", "note", "submitted_on", "reviewed_on", "return_reason"]
        read_only_fields = fields


class ChecklistSerializer(ScopedModelSerializer):
    entries = ChecklistEntrySerializer(many=True, read_only=True, help_text="各项填报和核实情况（在页面上填报、核实）")

    class Meta:
        model = Checklist
        fields = ["id", "party_org", "standard", "entries"]


class RatingRoundSerializer(ScopedModelSerializer):
    class Meta:
        model = RatingRound
        fields = ["id", "region", "year", "scheme", "status", "approved_on", "notes"]
        read_only_fields = ["status", "approved_on"]

    def validate(self, attrs):
        if self.instance is not None and self.instance.approved:
            raise serializers.ValidationError("该评定已审定，不能再修改。")
        return super().validate(attrs)


class RatingSerializer(ScopedModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "round", "organization", "party_org", "scores", "suggested", "basis", "average", "passed", "evidence"]
        read_only_fields = fields
