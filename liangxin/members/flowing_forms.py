"""Forms of the flowing members' work: a registration, a certificate (issue, renew, withdraw), a
contact, a placement. The member comes from the link (?member=) as a hidden field, scoped."""

from __future__ import annotations

from django import forms

from liangxin.core.forms import ScopedModelForm
from liangxin.members.flowing import apply_certificate, apply_registration
from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration
from liangxin.partyorgs.models import PartyOrg


class _MemberHidden(ScopedModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["member"]
        field.widget = forms.HiddenInput()
        field.error_messages["required"] = "请从党员页面进入（缺少党员）。"
        if self.instance.pk:
            field.disabled = True


class FlowRegistrationForm(_MemberHidden):
    class Meta:
        model = FlowRegistration
        fields = ["member", "direction", "other_party_org", "other_place", "reason", "registered_on", "verified_on",
                  "ended_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def save(self, commit=True):
        registration = super().save(commit)
        apply_registration(registration)
        return registration


class FlowCertificateForm(_MemberHidden):
    class Meta:
        model = FlowCertificate
        fields = ["member", "number", "issued_on", "valid_until", "issuer"]

    def save(self, commit=True):
        certificate = super().save(commit)
        apply_certificate(certificate)
        return certificate


class RenewForm(forms.Form):
    number = forms.CharField(label="新活动证号", max_length=50)
    issued_on = forms.DateField(label="换发日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    valid_until = forms.DateField(label="有效期至", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs["class"] = "form-control"

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if FlowCertificate.objects.filter(number=number).exists():
            raise forms.ValidationError("该活动证号已使用，请核对。")
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("issued_on") and cleaned.get("valid_until") and cleaned["valid_until"] <= cleaned["issued_on"]:
            self.add_error("valid_until", "有效期须晚于换发日期，请核对。")
        return cleaned


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label="收回日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    reason = forms.CharField(label="收回原因", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}),
                             help_text="如：流动结束返回、组织关系已转接、有效期满。")


class FlowContactForm(_MemberHidden):
    class Meta:
        model = FlowContact
        fields = ["member", "date", "way", "situation", "thoughts", "whereabouts"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 2}), "thoughts": forms.Textarea(attrs={"rows": 2})}


class PlacementForm(forms.Form):
    """编入党的组织: the suggested ones first (covering the member's organization, the nearby
    joint branches), then the street's others."""

    party_org = forms.ModelChoiceField(label="编入党组织", queryset=PartyOrg.objects.none(),
                                       error_messages={"required": "请选择要编入的党组织。",
                                                       "invalid_choice": "请在列表中选择党组织。"})

    def __init__(self, *args, suggested, others, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party_org"]
        field.queryset = PartyOrg.objects.filter(pk__in=[p.pk for p in [*suggested, *others]])
        field.choices = [("", "请选择")] + [("建议", [(p.pk, str(p)) for p in suggested])] * bool(suggested) \
            + [("本街道其他党组织", [(p.pk, str(p)) for p in others])] * bool(others)
        field.widget.attrs["class"] = "form-select"


