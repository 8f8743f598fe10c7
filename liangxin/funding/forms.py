from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.regions.widgets import RegionChoiceField


class AllocationForm(ScopedModelForm):
    class Meta:
        model = Allocation
        fields = ["region", "party_org", "year", "date", "amount", "note"]
        field_classes = {"region": RegionChoiceField}


class ExpenseForm(ScopedModelForm):
    class Meta:
        model = Expense
        fields = ["party_org", "year", "date", "amount", "purpose", "description"]


class DuesReturnForm(ScopedModelForm):
    class Meta:
        model = DuesReturn
        fields = ["party_org", "year", "retained", "returned", "returned_on"]


class SetAsideForm(ScopedModelForm):
    class Meta:
        model = SetAside
        fields = ["organization", "year", "amount"]


class FundingFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
