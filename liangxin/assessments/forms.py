from __future__ import annotations

from django import forms

from liangxin.accounts.roles import Role
from liangxin.assessments.models import Checklist, ChecklistItem, Rating, RatingRound
from liangxin.assessments.rating import judge
from liangxin.core.forms import ScopedModelForm
from liangxin.instructors.forms import sniff_photo
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField

PHOTO_MAX_BYTES = 10 * 1024 * 1024


class ChecklistForm(ScopedModelForm):
    class Meta:
        model = Checklist
        fields = ["party_org", "standard"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["party_org"]
        field.queryset = field.queryset.filter(status=PartyOrg.Status.ACTIVE)
        if not self.is_bound and not self.initial.get("party_org") and user.role == Role.SECRETARY:
            self.initial["party_org"] = user.party_org_id

    def clean(self):
        cleaned = super().clean()
        party_org, standard = cleaned.get("party_org"), cleaned.get("standard")
        if party_org and standard and Checklist.objects.filter(party_org=party_org, standard=standard).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("该党组织已有这份清单，请在清单列表中打开填报。")
        return cleaned


class ChecklistItemForm(ScopedModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["standard", "name", "requirement", "evidence", "source", "quote", "order", "active"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2})}


class EntryForm(forms.Form):
    """The secretary's evidence for one item."""

    area = forms.DecimalField(label="面积（平方米）", required=False, min_value=1, max_value=10000, decimal_places=1)
    systems = forms.CharField(label="制度清单", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="每行一项制度名称。")
    note = forms.CharField(label="说明", required=False, max_length=255)
    photo = forms.FileField(label="照片", required=False, help_text="JPEG/PNG/WebP，不超过10MB。")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError("照片超过10MB，请压缩后再上传。")
        kind = sniff_photo(upload)
        if kind is None:
            raise forms.ValidationError(f"“{upload.name}”不是JPEG、PNG或WebP格式的照片。")
        upload.sniffed_type = kind
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="核实", choices=[("verify", "核实"), ("return", "退回")])
    reason = forms.CharField(label="退回原因", max_length=255, required=False)


class RatingRoundForm(ScopedModelForm):
    class Meta:
        model = RatingRound
        fields = ["region", "year", "scheme", "notes"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level=Region.Level.STREET)
        if self.instance.pk:
            for name in ("region", "year", "scheme"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.approved:
            raise forms.ValidationError("该评定已审定，不能再修改。")
        return cleaned


class RatingForm(ScopedModelForm):
    """A rating's dimension scores (0–100), each with the suggestion beside it."""

    class Meta:
        model = Rating
        fields = ["evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for code, label in self.instance.dimensions:
            suggested = self.instance.suggested.get(code)
            help_text = f"建议{suggested}分：{self.instance.basis.get(code, '')}" if suggested is not None else "系统无相关数据，请按实际评分。"
            self.fields[f"score_{code}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100, required=False, initial=self.instance.scores.get(code),
                help_text=help_text, widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}))

    def clean(self):
        cleaned = super().clean()
        if self.instance.round.approved:
            raise forms.ValidationError("该评定已审定，结果不能再修改。")
        return cleaned

    def save(self, commit=True):
        from_form = {code: self.cleaned_data.get(f"score_{code}") for code, _ in self.instance.dimensions}
        self.instance.scores = {code: score for code, score in from_form.items() if score is not None}
        judge(self.instance)
        return super().save(commit)

