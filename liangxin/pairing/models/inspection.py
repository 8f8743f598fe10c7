"""The quarterly inspection and its bulletin (004 四(三), PAIR-6): 区委党群共建办每季进行1次督办
检查，检查结果进行通报，推广好的做法和经验，表扬工作突出的单位；街道党群共建办要建立相应检查和
通报制度. The district's office inspects the district, a street's office its street; the
bulletin is drafted from the record (liangxin.pairing.bulletin) and counts once issued."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.regions.models import Region


class InspectionQuerySet(ScopedQuerySet):
    def issued(self) -> InspectionQuerySet:
        return self.filter(issued_on__isnull=False)


class Inspection(BaseModel):
    """One quarter's inspection by one committee, and its bulletin."""

    region = models.ForeignKey("regions.Region", verbose_name="检查范围", on_delete=models.PROTECT, related_name="pairing_inspections",
                               help_text="区委党群共建办选区县，街道党群共建办选本街道。")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])
    inspected_on = models.DateField("检查日期", default=timezone.localdate)
    findings = models.TextField("检查情况", help_text="检查的方式、范围和发现的主要问题，写入通报第一部分。")
    issued_on = models.DateField("通报印发日期", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="检查人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = InspectionQuerySet.as_manager()
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "督办检查"
        verbose_name_plural = "督办检查"
        ordering = ["-year", "-quarter", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "quarter"], name="pairing_inspection_once_a_quarter")]

    def __str__(self):
        return f"{self.region.name}{self.year}年{self.get_quarter_display()}督办检查"

    @property
    def title(self) -> str:
        return f"{self.year}年{self.get_quarter_display()}结对共建督办检查通报"

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in (Region.Level.DISTRICT, Region.Level.STREET):
            raise ValidationError({"region": "检查范围应为区县（区委党群共建办）或街道（街道党群共建办）。"})
        if self.year and self.quarter and self.inspected_on and self.inspected_on.year * 10 + (self.inspected_on.month - 1) // 3 + 1 < self.year * 10 + self.quarter:
            raise ValidationError({"inspected_on": "检查日期早于所查季度：请在季度内或季度结束后检查。"})
