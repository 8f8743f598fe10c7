from django import forms

from liangxin.core.formfields import PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField


class RegionForm(ScopedModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "street_kind", "parent", "lead_party_org", "responsible_person", "responsible_phone"]
        field_classes = {"parent": RegionChoiceField, "responsible_phone": PhoneFormField}
        widgets = {"responsible_phone": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A node cannot move under itself or its own subtree.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(path__startswith=self.instance.path)
