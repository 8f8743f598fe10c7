from __future__ import annotations

from django import forms

from liangxin.accounts.roles import Role
from liangxin.core.forms import ScopedModelForm

# The visit form's photo field: the same checks (type by the file's first bytes, size, count).
from liangxin.instructors.forms import MultiplePhotoField
from liangxin.pairing.models import PairedUnit, Pairing, PointsRecord, RecordPhoto
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
