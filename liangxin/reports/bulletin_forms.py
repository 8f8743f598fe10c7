"""Forms of the quarterly bulletin (REP-3) and of its Word template."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from liangxin.core.forms import ScopedModelForm
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField
from liangxin.reports import bulletin_docx, bulletins
from liangxin.reports.bulletins import quarter_range
from liangxin.reports.models import QuarterlyBulletin

TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


class QuarterlyBulletinForm(ScopedModelForm):
    class Meta:
        model = QuarterlyBulletin
        fields = ["region", "year", "quarter", "issuer", "good_practice", "requirements"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"good_practice": forms.Textarea(attrs={"rows": 5}), "requirements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(level__in=(Region.Level.DISTRICT, Region.Level.STREET))
        if self.instance.pk:
            # The quarter a bulletin reports on is fixed once drafted: its figures are that quarter's.
            for name in ("region", "year", "quarter"):
                self.fields[name].disabled = True
        elif not self.is_bound:
            today = timezone.localdate()
            last = (today.replace(day=1) - timezone.timedelta(days=1)) if today.month in (1, 4, 7, 10) else today
            self.initial.setdefault("year", last.year)
            self.initial.setdefault("quarter", (last.month - 1) // 3 + 1)
            if user.region_id:
                self.initial.setdefault("region", user.region_id)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"年度：应在2000年至{timezone.localdate().year}年之间。")
        return year

    def clean(self):
        data = super().clean()
        year, quarter = data.get("year"), data.get("quarter")
        if year and quarter and quarter_range(year, int(quarter))[0] > timezone.localdate():
            self.add_error("quarter", "季度：该季度尚未开始，不能起草通报。")
        return data


    def save(self, commit=True):
        if self.instance.pk is None:
            # Drafted when created: the figures are stored with it from the start.
            self.instance.figures, self.instance.drafted_at = bulletins.draft(self.instance), timezone.now()
        return super().save(commit)


class BulletinTemplateForm(forms.Form):
    file = forms.FileField(label="模板文件（.docx）", error_messages={"required": "模板文件：请选择要上传的 Word 文档（.docx）。"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("模板文件：只接受 .docx 格式，请在 Word 或 WPS 中另存为 .docx。")
        if upload.size > TEMPLATE_MAX_BYTES:
            raise forms.ValidationError("模板文件：超过 5 MB，请删除其中的大图片后再上传。")
        content = upload.read()
        try:
            bulletin_docx.check_template(content)
        except bulletin_docx.TemplateError as error:
            raise forms.ValidationError(str(error)) from error
        self.cleaned_data["content"] = content
        return upload
