from django import forms

from liangxin.core.formfields import PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.widgets import RegionChoiceField


class PartyOrgForm(ScopedModelForm):
    class Meta:
        model = PartyOrg
        fields = [
            "name", "type", "mode", "region", "organizations", "parent", "secretary", "secretary_name",
            "secretary_phone", "deputy_secretary", "founded_on", "last_election_on", "status",
            "dissolved_on", "dissolved_reason",
        ]
        widgets = {"secretary_phone": forms.TextInput()}
        field_classes = {"region": RegionChoiceField, "secretary_phone": PhoneFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].widget.attrs["size"] = 8
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
