from django import forms

from liangxin.core.formfields import CodeFormField, PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.members.models import Member


class MemberForm(ScopedModelForm):
    """The 身份证号 and phone start empty when editing (ScopedModelForm keeps them)."""

    class Meta:
        model = Member
        fields = [
            "name", "gender", "id_number", "phone", "birth_date", "education", "joined_on", "category",
            "organization", "party_org", "position", "flow_status", "flow_certificate_no",
            "flow_certificate_valid_until",
        ]
        widgets = {"id_number": forms.TextInput(), "phone": forms.TextInput()}
        field_classes = {"id_number": CodeFormField, "phone": PhoneFormField}
