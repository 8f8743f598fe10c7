from __future__ import annotations

from django import forms
from django.utils import timezone

from liangxin.accounts.roles import Role
from liangxin.core.forms import ScopedModelForm

# The visit form's photo field: the same checks (type by the file's first bytes, size, count).
from liangxin.instructors.forms import MultiplePhotoField
from liangxin.members.models import Member
from liangxin.partylife.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    Attendance,
    CrossAppointment,
    PartyWorker,
    Training,
)
from liangxin.partyorgs.models import PartyOrg

REASON_MAX = Attendance._meta.get_field("reason").max_length


class ActivityForm(ScopedModelForm):
    """The phone form of an activity: the party organization, kind, date, duration, place,
    topic, minutes, the roster to tick (who did not come gets a reason) and photos.

    The roster is the chosen party organization's members (with those of the party
    organizations below it): for a secretary their own, chosen at once; anyone else picks the
    party organization and presses 载入名册 (the page is drawn again with its roster)."""

    attendees = forms.ModelMultipleChoiceField(queryset=Member.objects.none(), required=False, label="出席党员",
                                               widget=forms.CheckboxSelectMultiple)
    photos = MultiplePhotoField(label="照片", required=False, help_text="可一次选择多张，JPEG/PNG/WebP，每张不超过10MB。")

    class Meta:
        model = Activity
        fields = ["party_org", "kind", "date", "hours", "place", "topic", "host", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        party_org = self.fields["party_org"]
        party_org.queryset = party_org.queryset.filter(status=PartyOrg.Status.ACTIVE)
        self.fields["kind"].queryset = ActivityKind.objects.usable()
        if not self.is_bound and not self.instance.pk and not self.initial.get("party_org") and user.role == Role.SECRETARY:
            self.initial["party_org"] = user.party_org_id
        self.fields["photos"].widget.attrs.update(accept="image/jpeg,image/png,image/webp", capture="environment",
                                                  **{"class": "form-control"})
        self.fields["place"].widget.attrs.setdefault("placeholder", "例如：党员活动室")
        chosen = self._chosen_party_org()
        roster = Member.objects.none()
        if chosen is not None:
            roster = Member.objects.scoped(user).filter(party_org__in=PartyOrg.objects.subtree_ids(chosen)).order_by("name", "pk")
        self.fields["attendees"].queryset = roster
        self.roster = list(roster)
        self.chosen_party_org = chosen
        stored = {a.member_id: a for a in self.instance.attendance.all()} if self.instance.pk else {}
        if not self.is_bound and self.instance.pk:
            self.initial["attendees"] = [pk for pk, a in stored.items() if a.present]
        self.reasons = {m.pk: (self.data.get(f"reason_{m.pk}", "") if self.is_bound else
                               (stored[m.pk].reason if m.pk in stored else self.initial.get(f"reason_{m.pk}", "")))
                        for m in self.roster}

    def _chosen_party_org(self) -> int | None:
        raw = self.data.get("party_org") if self.is_bound else (self.initial.get("party_org") or self.instance.party_org_id)
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            return None
        return pk if self.fields["party_org"].queryset.filter(pk=pk).exists() else None

    def roster_rows(self) -> list[tuple[Member, bool, str]]:
        """(member, ticked, reason) for the template, as the user left them."""
        if self.is_bound:
            ticked = {str(v) for v in self.data.getlist("attendees")} if hasattr(self.data, "getlist") else set()
        else:
            ticked = {str(v) for v in self.initial.get("attendees", [])}
        return [(m, str(m.pk) in ticked, self.reasons.get(m.pk, "")) for m in self.roster]

    def clean(self):
        cleaned = super().clean()
        if self.roster and not cleaned.get("attendees") and not self.has_error("party_org"):
            self.add_error("attendees", "请在名册中勾选出席的党员。")
        for member in self.roster:
            if len(self.reasons.get(member.pk, "")) > REASON_MAX:
                self.add_error("attendees", f"{member.name}的缺席原因不超过{REASON_MAX}个字。")
        return cleaned

    def save(self, commit=True):
        activity = self.instance
        if activity.pk is None:
            activity.recorded_by = self.user
        activity = super().save(commit)
        present = {m.pk for m in self.cleaned_data.get("attendees") or []}
        activity.attendance.all().delete()
        Attendance.objects.bulk_create([
            Attendance(activity=activity, member=m, present=m.pk in present,
                       reason="" if m.pk in present else self.reasons.get(m.pk, "").strip())
            for m in self.roster
        ])
        for upload in self.cleaned_data.get("photos") or []:
            content_type, suffix = upload.sniffed_type
            upload.name = f"photo{suffix}"
            ActivityPhoto.objects.create(activity=activity, image=upload, content_type=content_type, size=upload.size)
        return activity


class CrossAppointmentForm(ScopedModelForm):
    class Meta:
        model = CrossAppointment
        fields = ["party_org", "secretary_in_management", "secretary_union_chair", "one_shoulder", "members_in_management",
                  "managers_in_committee", "notes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["party_org"]
        field.queryset = field.queryset.filter(status=PartyOrg.Status.ACTIVE)
        if self.instance.pk:
            field.disabled = True
        elif not self.is_bound and not self.initial.get("party_org") and user.role == Role.SECRETARY:
            self.initial["party_org"] = user.party_org_id


class ActivityKindForm(ScopedModelForm):
    class Meta:
        model = ActivityKind
        fields = ["name", "three_meetings", "description", "order", "active"]


class TrainingForm(ScopedModelForm):
    """A secretary's (or full-time Party worker's) training: the attendee is picked from the
    party organization's roster, the secretary first offered."""

    class Meta:
        model = Training
        fields = ["party_org", "attendee", "role", "date", "hours", "organizer", "topic"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["party_org"].queryset = self.fields["party_org"].queryset.filter(status=PartyOrg.Status.ACTIVE)
        if not self.is_bound and not self.instance.pk:
            party_org = self.initial.get("party_org") or (user.party_org_id if user.role == Role.SECRETARY else None)
            if party_org:
                self.initial["party_org"] = party_org
                secretary = PartyOrg.objects.filter(pk=party_org).values_list("secretary", flat=True).first()
                self.initial["attendee"] = self.initial.get("attendee") or secretary

    def clean(self):
        cleaned = super().clean()
        party_org, attendee = cleaned.get("party_org"), cleaned.get("attendee")
        if party_org and attendee and cleaned.get("role") == Training.Role.SECRETARY and party_org.secretary_id != attendee.pk:
            self.add_error("attendee", f"参训身份为党组织书记时，参训人员应为“{party_org}”名册中登记的书记；"
                                       "书记有变动的，请先在党组织页更新书记，或将身份改为专职党务工作者。")
        return cleaned


class PartyWorkerForm(ScopedModelForm):
    """A full-time Party worker of a party organization: the person picked from the roster the
    user may read (the model checks it is the party organization's own, or of one below it)."""

    class Meta:
        model = PartyWorker
        fields = ["party_org", "member", "position", "start_date", "end_date", "notes"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}), "end_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["party_org"].queryset = self.fields["party_org"].queryset.filter(status=PartyOrg.Status.ACTIVE)
        self.fields["member"].queryset = self.fields["member"].queryset.order_by("name", "pk")
        if not self.is_bound and not self.instance.pk and not self.initial.get("party_org") and user.role == Role.SECRETARY:
            self.initial["party_org"] = user.party_org_id


class PartyWorkerEndForm(ScopedModelForm):
    """结束任职: only the date the post ended (today unless said)."""

    class Meta:
        model = PartyWorker
        fields = ["end_date"]
        widgets = {"end_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["end_date"]
        field.required = True
        field.error_messages["required"] = "请填写离任日期。"
        field.help_text = "不再专职从事党务工作的日期；此后该党组织的专职党务工作者名单不再列出此人，MEM-7 不再核对其培训。"
        if not self.is_bound:
            self.initial["end_date"] = timezone.localdate()
