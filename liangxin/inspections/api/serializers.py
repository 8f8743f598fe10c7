from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.inspections.models import InspectionResult, InspectionRound


class InspectionRoundSerializer(ScopedModelSerializer):
    class Meta:
        model = InspectionRound
        fields = ["id", "region", "year", "department", "started_on", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class InspectionResultSerializer(ScopedModelSerializer):
    """A result's organization and round are fixed when the round lists it: the API changes
    the result, its date and remarks."""

    year = serializers.IntegerField(source="round.year", read_only=True)

    class Meta:
        model = InspectionResult
        fields = ["id", "round", "year", "organization", "result", "inspected_on", "remarks", "created", "updated"]
        read_only_fields = ["round", "organization", "created", "updated"]
