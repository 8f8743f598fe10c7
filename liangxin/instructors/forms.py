from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.core.formfields import PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.instructors.models import (
    Assignment,
    Evaluation,
    Instructor,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    VisitPhoto,
    WorkPlan,
)
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField

# Photos from a phone camera; the type is decided by the file's first bytes, never by its
# name or the browser's word for it.
PHOTO_TYPES = {b"\x89PNG\r\n\x1a\n": ("image/png", ".png"), b"\xff\xd8\xff": ("image/jpeg", ".jpg")}
PHOTO_MAX_BYTES = getattr(settings, "LIANGXIN_VISIT_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_MAX_COUNT = 9


def sniff_photo(upload) -> tuple[str, str] | None:
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in PHOTO_TYPES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ("image/webp", ".webp")
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > PHOTO_MAX_COUNT:
            raise ValidationError(f"每次最多上传{PHOTO_MAX_COUNT}张照片。")
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload.size > PHOTO_MAX_BYTES:
                raise ValidationError(f"照片“{upload.name}”超过{PHOTO_MAX_BYTES // (1024 * 1024)}MB，请压缩后再上传。")
            kind = sniff_photo(upload)
            if kind is None:
                raise ValidationError(f"“{upload.name}”不是JPEG、PNG或WebP格式的照片。")
            upload.sniffed_type = kind
            cleaned.append(upload)
        return cleaned


class InstructorOwnedForm(ScopedModelForm):
    """An instructor records for themselves: the `instructor` field is theirs and hidden."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        own = getattr(user, "instructor", None) if user.role == Role.INSTRUCTOR else None
        if own is not None and "instructor" in self.fields:
            del self.fields["instructor"]
            self.instance.instructor = own


class InstructorForm(ScopedModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "dispatching_unit", "position", "source", "full_time", "region", "phone", "selected_on",
                  "left_on", "user", "notes"]
        field_classes = {"region": RegionChoiceField, "phone": PhoneFormField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level=Region.Level.STREET)
        if "user" in self.fields:
            self.fields["user"].queryset = User.objects.filter(role=Role.INSTRUCTOR)
            self.fields["user"].required = False


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["instructor", "organization", "start_date", "end_date", "reason", "notes"]


class TrainingRecordForm(InstructorOwnedForm):
    class Meta:
        model = TrainingRecord
        fields = ["instructor", "date", "title", "organizer", "hours"]


class WorkPlanForm(InstructorOwnedForm):
    class Meta:
        model = WorkPlan
        fields = ["instructor", "organization", "year", "goals", "actions", "demonstration_point", "completed", "summary"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3}), "actions": forms.Textarea(attrs={"rows": 4}),
                   "summary": forms.Textarea(attrs={"rows": 3})}


class VisitForm(InstructorOwnedForm):
    """The phone form: an organization, a date, times or hours, what was done, photos."""

    activities = forms.MultipleChoiceField(label="工作内容", choices=Visit.Activity.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    photos = MultiplePhotoField(label="照片", required=False, help_text="可一次选择多张，JPEG/PNG/WebP，每张不超过10MB。")

    class Meta:
        model = Visit
        fields = ["instructor", "organization", "date", "arrived_at", "left_at", "hours", "activities", "content",
                  "problems", "follow_up", "follow_up_done"]
        widgets = {
            "arrived_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "left_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "content": forms.Textarea(attrs={"rows": 2}), "problems": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["activities"].widget.attrs["class"] = "form-check-input"
        self.fields["photos"].widget.attrs.update(accept="image/jpeg,image/png,image/webp", capture="environment")
        if self.instance.pk:
            self.initial["activities"] = self.instance.activity_list
        organizations = self.fields["organization"].queryset
        if not self.is_bound and not self.initial.get("organization") and organizations.count() == 1:
            self.initial["organization"] = organizations.first().pk

    def clean_activities(self):
        return ",".join(self.cleaned_data["activities"])

    def save(self, commit=True):
        visit = super().save(commit)
        for upload in self.cleaned_data.get("photos") or []:
            content_type, suffix = upload.sniffed_type
            upload.name = f"photo{suffix}"
            VisitPhoto.objects.create(visit=visit, image=upload, content_type=content_type, size=upload.size)
        return visit


class MajorEventReportForm(InstructorOwnedForm):
    class Meta:
        model = MajorEventReport
        fields = ["instructor", "organization", "kind", "event_date", "report_date", "description", "new_status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class HandleReportForm(forms.Form):
    decision = forms.ChoiceField(label="受理", choices=[(MajorEventReport.Status.ACCEPTED, "受理"),
                                                      (MajorEventReport.Status.RETURNED, "退回")])
    note = forms.CharField(label="受理意见", max_length=255, required=False)


class LeaveForm(InstructorOwnedForm):
    class Meta:
        model = Leave
        fields = ["instructor", "start_date", "end_date", "reason"]


class ReassignForm(forms.Form):
    organization = forms.ModelChoiceField(label="联系组织", queryset=None)
    instructor = forms.ModelChoiceField(label="新的指导员", queryset=None)

    def __init__(self, *args, leave, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Assignment.objects.filter(instructor=leave.instructor).overlapping(leave.start_date, leave.end_date)
        self.fields["organization"].queryset = Organization.objects.scoped(user).filter(pk__in=orgs.values("organization"))
        self.fields["instructor"].queryset = Instructor.objects.scoped(user).serving().exclude(pk=leave.instructor_id)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class QuarterlyMeetingForm(ScopedModelForm):
    class Meta:
        model = QuarterlyMeeting
        fields = ["region", "date", "title", "instructors_present", "organizations_present", "instructor_reports",
                  "owner_opinions", "problems_solved"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"instructors_present": forms.CheckboxSelectMultiple, "organizations_present": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level=Region.Level.STREET)
        self.fields["instructors_present"].widget.attrs["class"] = "form-check-input"
        self.fields["instructors_present"].queryset = self.fields["instructors_present"].queryset.serving()


class SpotCheckForm(ScopedModelForm):
    class Meta:
        model = SpotCheck
        fields = ["region", "instructor", "date", "randomly_selected", "checked_attendance", "checked_logs", "result",
                  "findings", "rectification"]
        field_classes = {"region": RegionChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level__lte=Region.Level.STREET)


class EvaluationForm(ScopedModelForm):
    class Meta:
        model = Evaluation
        fields = ["instructor", "year", "half", "qualitative_score", "owner_score", "employee_score", "member_score",
                  "results_score", "comments", "adjusted_on", "adjustment_note"]


class DrawForm(forms.Form):
    count = forms.IntegerField(label="抽取人数", min_value=1, max_value=50, initial=3)
