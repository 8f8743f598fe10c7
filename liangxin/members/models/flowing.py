"""Flowing members (流动党员, MEM-3, 003 §二 第二): each flow registered with the party
organization at the other end and verified (凡进必登、凡登必核), the 流动党员活动证 issued,
renewed and withdrawn, and a contact log (知现状、知想法、知去向). The member keeps the current
certificate's number and validity (what the ledger and MEM-3 read)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.members.models.member import Member

MEMBER_SCOPE = Scope(
    region=("member__organization__region", "member__party_org__region"),
    organization=("member__organization",), party_org=("member__party_org",),
)


class FlowRegistration(BaseModel):
    """One flow of a member, in or out: where from or where to, registered and verified."""

    class Direction(models.TextChoices):
        INFLOW = "inflow", "流入"
        OUTFLOW = "outflow", "流出"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="flow_registrations")
    direction = models.CharField("流动方向", max_length=10, choices=Direction.choices)
    other_party_org = models.CharField("流出地/流入地党组织", max_length=200,
                                       help_text="流入党员填组织关系所在（流出地）党组织；流出党员填流入地党组织或单位。")
    other_place = models.CharField("流出地/流入地", max_length=200, blank=True, help_text="省市县（区）及单位或住址。")
    reason = models.CharField("流动原因", max_length=100, blank=True, help_text="如：务工、经商、学习。")
    registered_on = models.DateField("登记日期")
    verified_on = models.DateField("核实日期", null=True, blank=True,
                                   help_text="与对方党组织核实党员身份和组织关系的日期（凡登必核）。")
    ended_on = models.DateField("流动结束日期", null=True, blank=True, help_text="返回、转接组织关系或不再流动的日期。")
    note = models.TextField("备注", blank=True)

    scope = MEMBER_SCOPE

    class Meta:
        verbose_name = "流动党员登记"
        verbose_name_plural = "流动党员登记"
        ordering = ["-registered_on", "pk"]

    def __str__(self):
        return f"{self.member.name}（{self.get_direction_display()}，{self.registered_on:%Y-%m-%d}）"

    def clean(self):
        super().clean()
        errors = {}
        if self.verified_on and self.registered_on and self.verified_on < self.registered_on:
            errors["verified_on"] = "核实日期早于登记日期，请核对。"
        if self.ended_on and self.registered_on and self.ended_on < self.registered_on:
            errors["ended_on"] = "流动结束日期早于登记日期，请核对。"
        if errors:
            raise ValidationError(errors)


class CertificateQuerySet(ScopedQuerySet):
    def valid(self):
        return self.filter(status=FlowCertificate.Status.VALID)


class FlowCertificate(BaseModel):
    """A 流动党员活动证: issued, renewed (a new certificate replaces the old) or withdrawn."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        RENEWED = "renewed", "已换发"
        WITHDRAWN = "withdrawn", "已收回"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="flow_certificates")
    number = models.CharField("活动证号", max_length=50, unique=True)
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    issuer = models.CharField("发证党组织", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    withdrawn_on = models.DateField("收回日期", null=True, blank=True)
    withdraw_reason = models.CharField("收回原因", max_length=200, blank=True)

    objects = CertificateQuerySet.as_manager()
    scope = MEMBER_SCOPE

    class Meta:
        verbose_name = "流动党员活动证"
        verbose_name_plural = "流动党员活动证"
        ordering = ["-issued_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["member"], condition=Q(status="valid"), name="one_valid_certificate")]

    def __str__(self):
        return self.number

    def clean(self):
        super().clean()
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            raise ValidationError({"valid_until": "有效期须晚于发证日期，请核对。"})
        if self.member_id and not self.member.flow_status:
            raise ValidationError("只为流动党员（流入或流出）发放活动证：请先登记流动。")


class FlowContact(BaseModel):
    """A contact with a flowing member: 知现状、知想法、知去向."""

    class Way(models.TextChoices):
        PHONE = "phone", "电话"
        VISIT = "visit", "走访"
        MESSAGE = "message", "微信/短信"
        LETTER = "letter", "信函"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="flow_contacts")
    date = models.DateField("联系日期")
    way = models.CharField("联系方式", max_length=10, choices=Way.choices, default=Way.PHONE)
    situation = models.TextField("现状", help_text="工作、生活、参加组织生活情况。")
    thoughts = models.TextField("思想动态", blank=True)
    whereabouts = models.CharField("去向", max_length=200, blank=True, help_text="目前所在地和单位；有变化时写明。")

    scope = MEMBER_SCOPE

    class Meta:
        verbose_name = "流动党员联系记录"
        verbose_name_plural = "流动党员联系记录"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.member.name}：{self.date:%Y-%m-%d}{self.get_way_display()}"
