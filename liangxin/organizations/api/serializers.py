from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.organizations.models import Organization


class OrganizationSerializer(ScopedModelSerializer):
    formal_members = serializers.SerializerMethodField(help_text="正式党员数（口径：有党员名册按名册，否则按台账报送数）")

    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "subtype", "credit_code", "industry", "scale", "status", "region", "address",
            "owner_name", "owner_is_member", "employees", "payroll", "founded_on",
            "reported_formal_members", "reported_probationary_members", "formal_members",
            "has_union", "has_youth_league", "has_women_federation", "notes", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]

    def get_formal_members(self, obj) -> int:
        if hasattr(obj, "formal_members"):
            return obj.formal_members
        return obj.member_figures().get("formal_members", 0)
