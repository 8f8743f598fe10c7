from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.ledger.models import Census, CensusRecord, ImportJob
from liangxin.regions.widgets import RegionChoiceField


class UploadForm(forms.Form):
    file = forms.FileField(
        label="台账文件", help_text="支持 .xlsx、.xls（Excel 97/WPS）和 .csv（UTF-8 或 GBK）。",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.csv"}),
    )
    kind = forms.ChoiceField(label="导入内容", choices=ImportJob.Kind.choices, widget=forms.Select(attrs={"class": "form-select"}))


class CensusForm(ScopedModelForm):
    class Meta:
        model = Census
        fields = ["name", "year", "region", "deadline", "threshold", "status"]
        field_classes = {"region": RegionChoiceField}

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and self.instance.status == Census.Status.CLOSED and status != Census.Status.CLOSED:
            raise forms.ValidationError("已结束的摸底不能重新打开；请新开一次摸底。")
        return status

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == Census.Status.CLOSED and self.changed_data:
            raise forms.ValidationError("该摸底已结束，只读，不能再修改。")
        return cleaned


class CensusRecordForm(ScopedModelForm):
    class Meta:
        model = CensusRecord
        fields = [
            "surveyed", "surveyed_on", "kind", "scale", "operating_status", "employees", "formal_members",
            "probationary_members", "has_party_org", "secretary_candidate", "owner_attitude",
            "plan_target_date", "plan_mode", "plan_responsible", "reasons", "responsibility", "countermeasures", "notes",
        ]
