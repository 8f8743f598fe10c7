from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.inspections.models import InspectionResult, InspectionRound, Result
from liangxin.regions.widgets import RegionChoiceField


class InspectionRoundForm(ScopedModelForm):
    class Meta:
        model = InspectionRound
        fields = ["region", "year", "department", "started_on", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class InspectionResultForm(ScopedModelForm):
    """One result, on its own page or as one row of the round's entry page (prefixed)."""

    class Meta:
        model = InspectionResult
        fields = ["result", "inspected_on", "remarks"]


class EntryRowForm(forms.ModelForm):
    """A row of the bulk entry page: the result as buttons a thumb can hit on a phone."""

    result = forms.ChoiceField(label="年检结果", required=False, widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                               choices=[("", "未录入"), *Result.choices])

    class Meta:
        model = InspectionResult
        fields = ["result", "inspected_on", "remarks"]
        widgets = {"inspected_on": forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
                   "remarks": forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "备注（不合格、未参检须写明原因）"})}
