"""One step of the development pipeline (MEM-4): the date a person reached a stage, who decided
it, the formal members who vouch for them, and the documents of the step's checklist."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind, Personal
from liangxin.members import pipeline
from liangxin.members.models.member import Member
from liangxin.members.parameters import ACTIVIST_DAYS, CONTACTS, MIN_AGE, PROBATION_YEARS
from liangxin.rules.values import ParameterValues


class DevelopmentStepQuerySet(ScopedQuerySet):
    def of_stage(self, stage: str) -> DevelopmentStepQuerySet:
        return self.filter(stage=stage)


class DevelopmentStep(BaseModel):
    class Decision(models.TextChoices):
        NONE = "", "—"
        BRANCH_COMMITTEE = "branch_committee", "支部委员会"
        BRANCH_MEETING = "branch_meeting", "支部大会"

    member = models.ForeignKey(Member, verbose_name="姓名", on_delete=models.CASCADE, related_name="development_steps")
    stage = models.CharField("阶段", max_length=20, choices=Member.Category.choices)
    date = models.DateField("日期", help_text="提出申请、支部委员会研究决定或支部大会通过的日期。")
    decision = models.CharField("决定机构", max_length=20, choices=Decision.choices, blank=True, default="")
    approved_on = models.DateField("上级党委审批日期", null=True, blank=True)
    talked_on = models.DateField("谈话日期", null=True, blank=True, help_text="党组织派人同入党申请人谈话的日期。")
    political_review_on = models.DateField("政治审查日期", null=True, blank=True, help_text="政治审查结论形成的日期。")
    contact_1 = models.ForeignKey(
        Member, verbose_name="培养联系人（一）", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    contact_2 = models.ForeignKey(
        Member, verbose_name="培养联系人（二）", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    documents = models.JSONField("已备材料", default=list, blank=True)
    note = models.TextField("备注", blank=True)

    objects = DevelopmentStepQuerySet.as_manager()
    scope = Scope(
        region=("member__organization__region", "member__party_org__region"),
        organization=("member__organization",), party_org=("member__party_org",),
    )
    # A step says where a person stands on the way into the Party.
    personal = Personal(stage=Kind.POLITICAL)

    class Meta:
        verbose_name = "发展党员记录"
        verbose_name_plural = "发展党员记录"
        ordering = ["member", "date", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "stage"], name="one_step_per_stage")]

    def __str__(self):
        return f"{self.member.name}：{self.get_stage_display()}（{self.date:%Y-%m-%d}）" if self.date else self.get_stage_display()

    @property
    def spec(self) -> pipeline.StepSpec:
        return pipeline.STEPS[self.stage]

    def document_labels(self) -> list[str]:
        have = set(self.documents or ())
        return [label for key, label in self.spec.documents if key in have]

    def region_path(self) -> str | None:
        member = self.member
        region = member.organization.region if member.organization_id else (member.party_org.region if member.party_org_id else None)
        return region.path if region is not None else None

    def previous(self, stage: str) -> DevelopmentStep | None:
        return DevelopmentStep.objects.filter(member_id=self.member_id, stage=stage).exclude(pk=self.pk).first()

    def clean(self):
        super().clean()
        try:
            member = self.member
        except Member.DoesNotExist:
            return
        if not self.stage or not self.date:
            return
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        spec = self.spec
        if self.pk is None:
            expected = pipeline.APPLICANT if member.pk is None else pipeline.next_stage(member.category)
            if self.stage != expected:
                then = f"下一步是{Member.Category(expected).label}" if expected else "已是正式党员，没有下一步"
                add(NON_FIELD_ERRORS, f"{member.name}目前是{member.get_category_display()}，{then}。")
        self.decision = spec.decision
        params, path = ParameterValues(self.date), self.region_path()
        if self.stage == pipeline.APPLICANT:
            min_age = params.value(MIN_AGE, path)
            if member.birth_date and pipeline.add_years(member.birth_date, min_age) > self.date:
                add("date", f"申请入党须年满{min_age}周岁：{member.name}出生于{member.birth_date:%Y年%m月%d日}，"
                    f"{pipeline.add_years(member.birth_date, min_age):%Y年%m月%d日}才满{min_age}周岁，请核对申请日期或出生日期。")
            if self.talked_on and self.talked_on < self.date:
                add("talked_on", "谈话日期早于申请日期，请核对。")
        else:
            before = self.previous(pipeline.ORDER[pipeline.ORDER.index(self.stage) - 1])
            if before is not None and self.date < before.date:
                add("date", f"日期早于上一步（{before.get_stage_display()}，{before.date:%Y-%m-%d}），请核对。")
        if spec.contacts:
            self._check_contacts(params.value(CONTACTS, path), add)
        if self.stage == pipeline.CANDIDATE:
            activist = self.previous(pipeline.ACTIVIST)
            days = params.value(ACTIVIST_DAYS, path)
            if activist is not None and (self.date - activist.date).days < days:
                earliest = activist.date + datetime.timedelta(days=days)
                add("date", f"确定为入党积极分子（{activist.date:%Y-%m-%d}）后须培养考察{days}天以上，"
                    f"已{(self.date - activist.date).days}天，最早可于{earliest:%Y-%m-%d}列为发展对象。")
        if self.stage == pipeline.PROBATIONARY:
            candidate = self.previous(pipeline.CANDIDATE)
            if not self.political_review_on:
                add("political_review_on", "接收预备党员前须完成政治审查：请填写政治审查日期。")
            elif self.political_review_on > self.date:
                add("political_review_on", "政治审查须在支部大会讨论接收之前完成，请核对政治审查日期。")
            elif candidate is not None and self.political_review_on < candidate.date:
                add("political_review_on", f"政治审查日期早于列为发展对象的日期（{candidate.date:%Y-%m-%d}），请核对。")
        if self.stage == pipeline.FULL and member.joined_on:
            years = params.value(PROBATION_YEARS, path)
            end = pipeline.add_years(member.joined_on, years)
            if self.date < end:
                add("date", f"预备期{years}年，自{member.joined_on:%Y-%m-%d}起，{end:%Y-%m-%d}期满：期满后才能讨论转正。")
        if spec.approval and self.approved_on and self.approved_on < self.date:
            add("approved_on", "上级党委审批日期早于支部大会日期，请核对。")
        missing = pipeline.missing_documents(self.stage, self.documents)
        if missing:
            add("documents", "本步骤所需材料尚未备齐：" + "、".join(missing) + "。请收齐并逐项勾选后再办理。")
        if errors:
            raise ValidationError(errors)

    def _check_contacts(self, required: int, add) -> None:
        contacts = [c for c in (self.contact_1, self.contact_2) if c is not None]
        label = self.spec.contacts
        if len(contacts) < required:
            add("contact_1" if self.contact_1 is None else "contact_2", f"请指定{required}名正式党员作{label}。")
        if self.contact_1_id and self.contact_1_id == self.contact_2_id:
            add("contact_2", f"两名{label}不能是同一人。")
        for field, contact in (("contact_1", self.contact_1), ("contact_2", self.contact_2)):
            if contact is None:
                continue
            if contact.pk == self.member_id:
                add(field, f"{label}不能是本人。")
            elif contact.category != Member.Category.FULL:
                add(field, f"{label}须是正式党员：{contact.name}是{contact.get_category_display()}。")

    def take(self) -> None:
        """Save the step and move the person to its stage: the same record, the next stage
        (admission makes the 入党日期 the branch meeting's date). Callers hold a transaction and
        log both rows (the step's creation, the person's change)."""
        self.save()
        member = self.member
        member.category = self.stage
        if self.stage == pipeline.PROBATIONARY:
            member.joined_on = self.date
        member.save()
