from __future__ import annotations

from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField


class PairedUnitForm(ScopedModelForm):
    class Meta:
        model = PairedUnit
        fields = ["name", "level", "region", "category", "rank", "has_party_org", "party_org_name", "contact_name", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        region = self.fields["region"]
        region.required = True
        region.queryset = region.queryset.filter(level__in=(Region.Level.DISTRICT, Region.Level.STREET))


class PairingForm(ScopedModelForm):
    class Meta:
        model = Pairing
        fields = ["unit", "organization", "start_date", "end_date", "unit_contact", "organization_contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
