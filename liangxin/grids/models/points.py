"""Contact points and demonstration points (REP-3, 003 §三 二): a leading cadre's 联系点 (an
organization or a grid the cadre keeps in touch with, each visit recorded: 要定期到联系点开展调查
研究,及时加强督促指导) and the 党建工作示范点 (创建一批……示范点,发挥示范带动作用), designated with
the reasons and reviewed by a date."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.core.personal import Kind, Personal
from liangxin.regions.models import Region


def _place(obj) -> None:
    """Either an organization or a region (a grid, a community, a street), not both; the region
    is kept as the organization's own, so that every row has its region path."""
    if obj.organization_id and obj.region_id and obj.region_id != obj.organization.region_id:
        raise ValidationError({"region": "联系的组织和网格只能填一项：联系一个组织时，网格自动取该组织所在网格，请清空网格。"})
    if obj.organization_id:
        obj.region_id = obj.organization.region_id
    if not obj.region_id:
        raise ValidationError({"organization": "请选择联系的组织，或在“网格/区域”中选择联系的网格。"})
    if obj.region.level < Region.Level.STREET:
        raise ValidationError({"region": "网格/区域：请选择街道（乡镇、园区）、社区或网格，区县不作为联系点。"})


class ContactPointQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    pass


class ContactPoint(BaseModel):
    """A leading cadre's contact point: the cadre, the organization or grid, since when."""

    leader_name = models.CharField("联系领导", max_length=50)
    leader_position = models.CharField("职务", max_length=100, help_text="例如：区委常委、组织部部长；街道党工委书记。")
    organization = models.ForeignKey("organizations.Organization", verbose_name="联系的组织", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="contact_points")
    region = models.ForeignKey("regions.Region", verbose_name="网格/区域", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="contact_points", help_text="联系一个网格（或社区、街道）时选择；联系组织时自动填写。")
    start_date = models.DateField("建立联系日期", default=timezone.localdate)
    end_date = models.DateField("结束日期", null=True, blank=True)
    notes = models.TextField("联系重点", blank=True)

    objects = ContactPointQuerySet.as_manager()
    scope = Scope(region=("region",), organization=("organization",))
    personal = Personal(leader_name=Kind.NAME)

    class Meta:
        verbose_name = "领导干部联系点"
        verbose_name_plural = "领导干部联系点"
        ordering = ["region__path", "-start_date"]

    def __str__(self):
        return f"{self.leader_position}联系点：{self.organization or self.region}"

    @property
    def place(self):
        return self.organization or self.region

    def clean(self):
        super().clean()
        validate_period(self)
        if self.organization_id or self.region_id:
            _place(self)
        else:
            raise ValidationError({"organization": "请选择联系的组织，或在“网格/区域”中选择联系的网格。"})


class ContactVisit(BaseModel):
    """A visit to a contact point: research and guidance (调查研究、督促指导)."""

    contact_point = models.ForeignKey(ContactPoint, verbose_name="联系点", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("走访日期", default=timezone.localdate)
    content = models.TextField("调研指导内容")
    problems = models.TextField("发现的问题", blank=True)
    follow_up = models.TextField("督促落实事项", blank=True)

    scope = Scope(region=("contact_point__region",), organization=("contact_point__organization",))

    class Meta:
        verbose_name = "联系点走访记录"
        verbose_name_plural = "联系点走访记录"
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        return f"{self.contact_point} {self.visited_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": "走访日期不能晚于今天。"})


class DemonstrationPoint(BaseModel):
    """A 党建工作示范点: an organization (or a grid) designated as an example, with why and until
    when it is reviewed again."""

    class Status(models.TextChoices):
        ACTIVE = "active", "示范点"
        REVOKED = "revoked", "已撤销"

    name = models.CharField("示范点名称", max_length=200, help_text="例如：东方电子党建工作示范点。")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="demonstration_points")
    region = models.ForeignKey("regions.Region", verbose_name="网格/区域", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="demonstration_points", help_text="网格、社区示范点时选择；组织示范点自动填写。")
    designated_on = models.DateField("命名日期", default=timezone.localdate)
    designated_by = models.CharField("命名单位", max_length=100, default="区委组织部")
    reasons = models.TextField("示范内容和理由", help_text="例如：“双强六好”党组织，党建带工建、带团建经验突出。")
    review_due = models.DateField("复核日期", help_text="到期复核是否继续保留示范点。")
    reviewed_on = models.DateField("最近复核日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)

    scope = Scope(region=("region",), organization=("organization",))

    class Meta:
        verbose_name = "党建工作示范点"
        verbose_name_plural = "党建工作示范点"
        ordering = ["region__path", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.organization_id or self.region_id:
            _place(self)
        else:
            raise ValidationError({"organization": "请选择示范点所在的组织，或在“网格/区域”中选择网格。"})
        if self.review_due and self.designated_on and self.review_due <= self.designated_on:
            raise ValidationError({"review_due": "复核日期应晚于命名日期。"})
