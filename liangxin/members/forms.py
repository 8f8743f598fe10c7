from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from liangxin.audit.log import tracked
from liangxin.core.formfields import CodeFormField, PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.members import pipeline
from liangxin.members.models import MEMBER_CATEGORIES, DevelopmentStep, Member, Recruit

MEMBER_CATEGORY_CHOICES = [(value, label) for value, label in Member.Category.choices if value in MEMBER_CATEGORIES]


class MemberForm(ScopedModelForm):
    """The 身份证号 and phone start empty when editing (ScopedModelForm keeps them). The roster
    holds Party members only: a person is admitted through the development pipeline. A flowing
    member's 活动证 is issued, renewed and withdrawn on its own pages (the member shows the valid one)."""

    class Meta:
        model = Member
        fields = [
            "name", "gender", "id_number", "phone", "birth_date", "education", "joined_on", "category",
            "organization", "party_org", "position", "flow_status",
        ]
        widgets = {"id_number": forms.TextInput(), "phone": forms.TextInput()}
        field_classes = {"id_number": CodeFormField, "phone": PhoneFormField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["category"].choices = MEMBER_CATEGORY_CHOICES


class DocumentsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "本步骤材料清单")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


# A step's errors on the person's form (a new applicant is registered with the application step).
_APPLICATION_FIELDS = {"date": "applied_on", "talked_on": "talked_on", "documents": "documents"}


class RecruitForm(ScopedModelForm):
    """A person of the pipeline. Adding one registers the application (入党申请人) with its
    date, the talk if it has happened, and the application's checklist; each later stage is a
    step of its own (DevelopmentStepForm)."""

    applied_on = forms.DateField(label="入党申请日期", required=False, widget=forms.DateInput)
    talked_on = forms.DateField(label="谈话日期", required=False, widget=forms.DateInput,
                                help_text="党组织收到入党申请书后一个月内派人谈话；尚未谈话可留空，谈话后在申请记录中补填。")
    documents = DocumentsField(choices=pipeline.STEPS[pipeline.APPLICANT].documents)

    class Meta:
        model = Recruit
        fields = ["name", "gender", "id_number", "phone", "birth_date", "education", "organization", "party_org"]
        widgets = {"id_number": forms.TextInput(), "phone": forms.TextInput()}
        field_classes = {"id_number": CodeFormField, "phone": PhoneFormField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            for name in ("applied_on", "talked_on", "documents"):
                del self.fields[name]
        else:
            self.fields["applied_on"].required = True
        self.step: DevelopmentStep | None = None

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk or "applied_on" not in self.cleaned_data or self.has_error("id_number"):
            return
        self.instance.category = pipeline.APPLICANT
        self.step = DevelopmentStep(
            member=self.instance, stage=pipeline.APPLICANT, date=self.cleaned_data["applied_on"],
            talked_on=self.cleaned_data.get("talked_on"), documents=self.cleaned_data.get("documents") or [],
        )
        try:
            self.step.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(_APPLICATION_FIELDS.get(field), messages)

    def save(self, commit=True):
        person = super().save(commit)
        if self.step is not None:
            self.step.member = person
            with tracked(self.step):
                self.step.save()
        return person


class DevelopmentStepForm(ScopedModelForm):
    """One step of the pipeline: the fields the stage needs and its checklist (as data in
    liangxin.members.pipeline). A new step moves the person to its stage."""

    documents = DocumentsField()

    class Meta:
        model = DevelopmentStep
        fields = ["date", "approved_on", "talked_on", "political_review_on", "contact_1", "contact_2", "documents", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        step: DevelopmentStep = self.instance
        spec = step.spec
        self.fields["documents"].choices = spec.documents
        if not self.is_bound and step.pk is None:
            self.initial.setdefault("documents", [])
        drop = set()
        if step.stage != pipeline.APPLICANT:
            drop.add("talked_on")
        if step.stage != pipeline.PROBATIONARY:
            drop.add("political_review_on")
        if not spec.approval:
            drop.add("approved_on")
        if not spec.contacts:
            drop |= {"contact_1", "contact_2"}
        for name in drop:
            del self.fields[name]
        self.fields["date"].label = {
            pipeline.APPLICANT: "入党申请日期", pipeline.ACTIVIST: "支部委员会研究决定日期",
            pipeline.CANDIDATE: "支部委员会讨论同意日期", pipeline.PROBATIONARY: "支部大会通过日期",
            pipeline.FULL: "支部大会讨论转正日期",
        }[step.stage]
        if spec.contacts:
            member = step.member
            same_place = Q(pk__in=[])
            if member.party_org_id:
                same_place |= Q(party_org=member.party_org_id)
            if member.organization_id:
                same_place |= Q(organization=member.organization_id)
            for index, name in enumerate(("contact_1", "contact_2"), start=1):
                field = self.fields[name]
                field.label = f"{spec.contacts}（{'一二'[index - 1]}）"
                field.queryset = field.queryset.filter(same_place, category=Member.Category.FULL).exclude(pk=member.pk)
                field.help_text = "本党组织或本单位的正式党员。"

    def save(self, commit=True):
        step: DevelopmentStep = super().save(commit=False)
        if step.pk is not None:
            step.save()
            return step
        # The person's change is logged as theirs: through the pipeline's manager, which holds
        # them from applicant to probationary member.
        person = Recruit.objects.get(pk=step.member_id)
        with tracked(person):
            step.member = person
            step.take()
        return step
