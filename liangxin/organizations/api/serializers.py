from liangxin.core.api import ScopedModelSerializer
from liangxin.organizations.models import Organization


class OrganizationSerializer(ScopedModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "subtype", "credit_code", "industry", "scale", "status", "region", "address",
            "owner_name", "owner_is_member", "employees", "payroll", "founded_on",
            "reported_formal_members", "reported_probationary_members", "recorded_formal", "recorded_probationary",
            "formal_members", "probationary_members",
            "has_union", "has_youth_league", "has_women_federation", "notes", "created", "updated",
        ]
        read_only_fields = ["recorded_formal", "recorded_probationary", "formal_members", "probationary_members", "created", "updated"]
        extra_kwargs = {
            "formal_members": {"help_text": "正式党员数（口径：有党员名册按名册，否则按台账报送数）"},
        }
