from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.partyorgs.models import PartyOrg


class PartyOrgSerializer(ScopedModelSerializer):
    secretary_phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="书记电话（只写；读取时见 secretary_phone_masked）")
    secretary_phone_masked = serializers.CharField(source="secretary_phone", read_only=True)

    class Meta:
        model = PartyOrg
        fields = [
            "id", "name", "type", "mode", "region", "organizations", "parent", "secretary", "secretary_name",
            "secretary_phone", "secretary_phone_masked", "deputy_secretary", "founded_on", "last_election_on",
            "status", "dissolved_on", "dissolved_reason", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]
