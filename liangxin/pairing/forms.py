from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from liangxin.accounts.roles import Role
from liangxin.core.forms import ScopedModelForm

# The visit form's photo field: the same checks (type by the file's first bytes, size, count).
from liangxin.instructors.forms import MultiplePhotoField
from liangxin.pairing.models import (
    Inspection,
    Invitation,
    PairedUnit,
    Pairing,
    PointsRecord,
    RecordPhoto,
    UnitEvaluation,
)
from liangxin.pairing.services import record_choices
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


class PointsRecordForm(ScopedModelForm):
    """The phone form of 附件2: which pairing, when, what kind, content, participants, results, photos."""

    photos = MultiplePhotoField(label="照片", required=False, help_text="可一次选择多张，JPEG/PNG/WebP，每张不超过10MB。")

    class Meta:
        model = PointsRecord
        fields = ["pairing", "date", "kind", "content", "participants", "results"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        pairing = self.fields["pairing"]
        pairing.queryset = record_choices(user).select_related("unit", "organization")
        pairing.label_from_instance = lambda p: f"{p.organization}" if user.role == Role.PAIRED_UNIT else str(p)
        self.fields["photos"].widget.attrs.update(accept="image/jpeg,image/png,image/webp", capture="environment",
                                                  **{"class": "form-control"})
        self.fields["participants"].help_text = "例如：单位党支部书记张三等5人，企业党支部书记、工会主席。"
        if not self.is_bound and not self.initial.get("pairing") and pairing.queryset.count() == 1:
            self.initial["pairing"] = pairing.queryset.first().pk

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.instance.editable:
            raise forms.ValidationError("这条记录已确认，不能再修改。")
        return cleaned

    def save(self, commit=True):
        record = self.instance
        if record.pk is None:
            record.recorded_by = self.user
        elif record.status == PointsRecord.Status.RETURNED:
            record.status = PointsRecord.Status.PENDING  # corrected and sent again
        record = super().save(commit)
        for upload in self.cleaned_data.get("photos") or []:
            content_type, suffix = upload.sniffed_type
            upload.name = f"photo{suffix}"
            RecordPhoto.objects.create(record=record, image=upload, content_type=content_type, size=upload.size)
        return record


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="确认", choices=[("confirm", "确认"), ("return", "退回")])
    reason = forms.CharField(label="退回原因", max_length=255, required=False)


class UnitEvaluationForm(ScopedModelForm):
    """Opening one pairing's round; its four invitations are made with it."""

    class Meta:
        model = UnitEvaluation
        fields = ["pairing", "year", "round"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["pairing"].queryset = self.fields["pairing"].queryset.select_related("unit", "organization")
        if not self.is_bound and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"年度应在2000年至{timezone.localdate().year}年之间。")
        return year

    def save(self, commit=True):
        evaluation = self.instance
        if evaluation.pk is None:
            evaluation.created_by = self.user
        evaluation = super().save(commit)
        for kind in Invitation.Evaluator.values:
            Invitation.objects.get_or_create(evaluation=evaluation, evaluator=kind)
        return evaluation


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, widget=forms.NumberInput(attrs={"class": "form-control"}))
    round = forms.ChoiceField(label="轮次", choices=UnitEvaluation.Round.choices, widget=forms.Select(attrs={"class": "form-select"}))


class AnswerForm(forms.ModelForm):
    """附件4 评议表: each item rated, a comment; no name asked (an employee representative answers freely)."""

    class Meta:
        model = Invitation
        fields = [*Invitation.ITEMS, "comments"]
        widgets = {name: forms.RadioSelect(attrs={"class": "form-check-input"}) for name in Invitation.ITEMS} | {
            "comments": forms.Textarea(attrs={"rows": 3, "class": "form-control", "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Invitation.ITEMS:
            field = self.fields[name]
            field.required = True
            field.choices = [c for c in field.choices if c[0] != ""]
            field.error_messages["required"] = f"请为“{field.label}”选择一项评价。"
        self.fields["comments"].help_text = "可选：对结对单位工作的意见和建议。"


class InspectionForm(ScopedModelForm):
    class Meta:
        model = Inspection
        fields = ["region", "year", "quarter", "inspected_on", "findings"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"findings": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__in=(Region.Level.DISTRICT, Region.Level.STREET))
        today = timezone.localdate()
        if not self.is_bound and self.instance.pk is None:
            last = (today.replace(day=1) - datetime.timedelta(days=1)) if today.month in (1, 4, 7, 10) else today
            self.initial.setdefault("year", last.year)
            self.initial.setdefault("quarter", (last.month - 1) // 3 + 1)
            if user.region_id:
                self.initial.setdefault("region", user.region_id)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"年度应在2000年至{timezone.localdate().year}年之间。")
        return year

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance.created_by = self.user
        return super().save(commit)
