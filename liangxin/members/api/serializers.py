from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.members.models import Member


class MemberSerializer(ScopedModelSerializer):
    """The 身份证号 and phone are write-only; reads carry them as the role sees them (masked)."""

    id_number = serializers.CharField(write_only=True, help_text="18位身份证号（只写；读取时见 id_number_masked）")
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="联系电话（只写）")
    id_number_masked = serializers.CharField(source="id_number", read_only=True)
    phone_masked = serializers.CharField(source="phone", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id", "name", "gender", "id_number", "id_number_masked", "phone", "phone_masked", "birth_date",
            "education", "joined_on", "category", "organization", "party_org", "position", "flow_status",
            "flow_certificate_no", "flow_certificate_valid_until", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]
