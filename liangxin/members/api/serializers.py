from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from liangxin.audit.log import tracked
from liangxin.core.api import ScopedModelSerializer
from liangxin.members import pipeline
from liangxin.members.flowing import apply_certificate, apply_registration
from liangxin.members.models import (
    DevelopmentStep,
    FlowCertificate,
    FlowContact,
    FlowRegistration,
    Member,
    Recruit,
)


class MemberSerializer(ScopedModelSerializer):
    """The 身份证号 and phone are write-only; reads carry them as the role sees them (masked)."""

    id_number = serializers.CharField(write_only=True, help_text="18位身份证号（只写；读取时见 id_number_masked）")
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="联系电话（只写）")
    id_number_masked = serializers.CharField(source="id_number", read_only=True)
    phone_masked = serializers.CharField(source="phone", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id", "name", "gender", "id_number", "id_number_masked", "phone", "phone_masked", "birth_date",
            "education", "joined_on", "category", "organization", "party_org", "position", "flow_status",
            "flow_certificate_no", "flow_certificate_valid_until", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]


class RecruitSerializer(ScopedModelSerializer):
    """A person of the development pipeline. Creating one registers the application (the first
    step, with `applied_on`, `talked_on` and the application's documents); the later stages
    are development steps (`/api/development-steps/`). The stage is read-only here."""

    id_number = serializers.CharField(write_only=True, help_text="18位身份证号（只写；读取时见 id_number_masked）")
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, help_text="联系电话（只写）")
    id_number_masked = serializers.CharField(source="id_number", read_only=True)
    phone_masked = serializers.CharField(source="phone", read_only=True)
    applied_on = serializers.DateField(write_only=True, required=False, help_text="入党申请日期（新增时必填）")
    talked_on = serializers.DateField(write_only=True, required=False, allow_null=True, help_text="谈话日期（新增时可填）")
    documents = serializers.ListField(
        child=serializers.ChoiceField(choices=pipeline.STEPS[pipeline.APPLICANT].documents), write_only=True, required=False,
        help_text="入党申请的材料清单（新增时）：application",
    )

    class Meta:
        model = Recruit
        fields = [
            "id", "name", "gender", "id_number", "id_number_masked", "phone", "phone_masked", "birth_date",
            "education", "category", "joined_on", "organization", "party_org", "applied_on", "talked_on", "documents",
            "created", "updated",
        ]
        read_only_fields = ["category", "joined_on", "created", "updated"]

    def validate(self, attrs):
        step_fields = {name: attrs.pop(name) for name in ("applied_on", "talked_on", "documents") if name in attrs}
        attrs = super().validate(attrs)
        if self.instance is not None:
            return attrs
        if not step_fields.get("applied_on"):
            raise serializers.ValidationError({"applied_on": "请填写入党申请日期。"})
        person = Recruit(**{k: v for k, v in attrs.items()}, category=pipeline.APPLICANT)
        person.birth_date = person.birth_date or attrs.get("birth_date")
        person.derive_fields()
        step = DevelopmentStep(member=person, stage=pipeline.APPLICANT, date=step_fields["applied_on"],
                               talked_on=step_fields.get("talked_on"), documents=step_fields.get("documents") or [])
        try:
            step.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {{"date": "applied_on"}.get(k, k): v for k, v in error.message_dict.items()}
            ) from None
        self._step = step
        attrs["category"] = pipeline.APPLICANT
        return attrs

    def create(self, validated_data):
        person = super().create(validated_data)
        step = self._step
        step.member = person
        with tracked(step):
            step.save()
        return person


class DevelopmentStepSerializer(ScopedModelSerializer):
    """One step: created for a person's next stage (the model checks the order, the time rules,
    the two formal members and the checklist) and moves the person to it; later only its dates,
    checklist and note change."""

    member = serializers.PrimaryKeyRelatedField(queryset=Recruit.objects.all(), help_text="发展党员对象（id）")
    documents = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                      help_text="本步骤已备材料（见 liangxin.members.pipeline 的清单键）")

    class Meta:
        model = DevelopmentStep
        fields = ["id", "member", "stage", "date", "decision", "approved_on", "talked_on", "political_review_on",
                  "contact_1", "contact_2", "documents", "note", "created", "updated"]
        read_only_fields = ["decision", "created", "updated"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("member", "stage"):
                fields[name].read_only = True
        return fields

    def create(self, validated_data):
        step = DevelopmentStep(**validated_data)
        person = Recruit.objects.get(pk=step.member_id)
        with tracked(person):
            step.member = person
            step.take()
        return step


class FlowRegistrationSerializer(ScopedModelSerializer):
    """A flow in or out; the member's flow status follows their open registration."""

    class Meta:
        model = FlowRegistration
        fields = ["id", "member", "direction", "other_party_org", "other_place", "reason", "registered_on", "verified_on",
                  "ended_on", "note", "created", "updated"]
        read_only_fields = ["created", "updated"]

    def save(self, **kwargs):
        registration = super().save(**kwargs)
        apply_registration(registration)
        return registration


class FlowCertificateSerializer(ScopedModelSerializer):
    """A 活动证 issued (POST); renewing and withdrawing are the pages' actions, which keep the
    certificate's history (a PATCH corrects a typing mistake)."""

    class Meta:
        model = FlowCertificate
        fields = ["id", "member", "number", "issued_on", "valid_until", "issuer", "status", "withdrawn_on",
                  "withdraw_reason", "created", "updated"]
        read_only_fields = ["status", "withdrawn_on", "withdraw_reason", "created", "updated"]

    def save(self, **kwargs):
        certificate = super().save(**kwargs)
        apply_certificate(certificate)
        return certificate


class FlowContactSerializer(ScopedModelSerializer):
    class Meta:
        model = FlowContact
        fields = ["id", "member", "date", "way", "situation", "thoughts", "whereabouts", "created", "updated"]
        read_only_fields = ["created", "updated"]
