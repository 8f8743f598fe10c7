from django import forms

from liangxin.core.fields import EncryptedCharField
from liangxin.core.formfields import CodeFormField, PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.core.masking import mask
from liangxin.members.models import Member


class MemberForm(ScopedModelForm):
    """Editing never shows stored personal data: encrypted fields start empty, show the masked
    value as a hint, and keep the stored value when left empty."""

    class Meta:
        model = Member
        fields = [
            "name", "gender", "id_number", "phone", "birth_date", "education", "joined_on", "category",
            "organization", "party_org", "position", "flow_status", "flow_certificate_no",
            "flow_certificate_valid_until",
        ]
        widgets = {"id_number": forms.TextInput(), "phone": forms.TextInput()}
        field_classes = {"id_number": CodeFormField, "phone": PhoneFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {}
        for name, field in self.fields.items():
            model_field = Member._meta.get_field(name)
            field.widget.attrs["autocomplete"] = "off" if isinstance(model_field, EncryptedCharField) else field.widget.attrs.get("autocomplete", "on")
            if isinstance(model_field, EncryptedCharField) and self.instance.pk:
                stored = getattr(self.instance, name)
                self.kept[name] = stored
                self.initial[name] = ""
                field.required = False
                if stored:
                    field.help_text = f"当前为 {mask(stored, model_field.mask)}；留空则保持不变。"

    def clean(self):
        cleaned = super().clean()
        for name, stored in self.kept.items():
            if not cleaned.get(name):
                cleaned[name] = stored
        return cleaned
