"""The annual inspection of Party-building work (年检, REP-2, 003 §三 二): 由上级主管部门负责对所
管理的“两新”组织进行党建工作年检. A district or a street runs one round a year over the
organizations of its subtree; each organization gets one result (合格/基本合格/不合格/未参检). The
results feed the rule REP-2 (organizations without last year's result) and the annual
statistical report (liangxin.reports.annual)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.organizations.models import Organization, existed_on
from liangxin.regions.models import Region


class Result(models.TextChoices):
    PASSED = "passed", "合格"
    BASIC = "basic", "基本合格"
    FAILED = "failed", "不合格"
    ABSENT = "absent", "未参检"


# An organization counts as inspected when it took part, whatever the outcome; 未参检 is a
# result the department records, but the organization still has no inspection for the year.
INSPECTED = (Result.PASSED, Result.BASIC, Result.FAILED)


class InspectionRound(BaseModel):
    """One year's inspection by the department of a district or a street."""

    region = models.ForeignKey("regions.Region", verbose_name="年检范围", on_delete=models.PROTECT, related_name="inspection_rounds",
                               help_text="区委组织部选区县，街道（乡镇、园区）党(工)委选本街道。")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000, "请填写四位年度，如2025。")])
    department = models.CharField("年检单位", max_length=100, help_text="负责年检的主管部门，如“区委两新工委”“某街道党工委”。")
    started_on = models.DateField("开始日期", default=timezone.localdate)
    notes = models.TextField("说明", blank=True)

    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "年检"
        verbose_name_plural = "年检"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="inspections_round_once_a_year")]

    def __str__(self):
        return f"{self.region.name}{self.year}年度党建工作年检"

    def clean(self):
        super().clean()
        this_year = timezone.localdate().year
        if self.year and not 2000 <= self.year <= this_year:
            raise ValidationError({"year": f"年度：应在2000年至{this_year}年之间。"})
        if self.region_id and self.region.level not in (Region.Level.DISTRICT, Region.Level.STREET):
            raise ValidationError({"region": "年检范围：应为区县或街道（乡镇、园区）。"})
        if self.year and self.started_on and self.started_on.year < self.year:
            raise ValidationError({"started_on": "开始日期：不能早于所检年度，年检在年内或次年进行。"})

    def organizations(self):
        """What the round inspects: the organizations of its subtree in operation at the end of
        its year (in the ledger by then and not closed)."""
        year_end = datetime.date(self.year, 12, 31)
        return Organization.objects.active().filter(existed_on(year_end), region__path__startswith=self.region.path)

    def add_organizations(self) -> int:
        """One empty result per organization the round inspects and does not list yet (a new
        round, or organizations entered into the ledger since). Returns how many were added."""
        listed = self.results.values("organization")
        missing = self.organizations().exclude(pk__in=listed).order_by("region__path", "name").values_list("pk", flat=True)
        created = InspectionResult.objects.bulk_create(
            [InspectionResult(round=self, organization_id=pk) for pk in missing])
        return len(created)

    def tally(self) -> dict[str, int]:
        """The results counted in one query: total, each result, and not yet entered."""
        counts = {value: Count("pk", filter=Q(result=value)) for value in Result.values}
        return self.results.aggregate(total=Count("pk"), pending=Count("pk", filter=Q(result="")), **counts)


class InspectionResultQuerySet(ScopedQuerySet):
    def of_year(self, year: int) -> InspectionResultQuerySet:
        return self.filter(round__year=year)

    def inspected(self) -> InspectionResultQuerySet:
        return self.filter(result__in=INSPECTED)


class InspectionResult(BaseModel):
    """One organization's result in a round; empty until the department enters it."""

    round = models.ForeignKey(InspectionRound, verbose_name="年检", on_delete=models.CASCADE, related_name="results")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                     related_name="inspection_results")
    result = models.CharField("年检结果", max_length=10, choices=Result.choices, blank=True)
    inspected_on = models.DateField("年检日期", null=True, blank=True)
    remarks = models.CharField("备注", max_length=255, blank=True, help_text="不合格、未参检的原因和整改要求。")

    objects = InspectionResultQuerySet.as_manager()
    # The round's region places the result: the department that runs the round keeps it; the
    # organization's own secretary reads its result.
    scope = Scope(region=("round__region",), organization=("organization",))

    class Meta:
        verbose_name = "年检结果"
        verbose_name_plural = "年检结果"
        ordering = ["round", "organization__region__path", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="inspections_result_once")]

    def __str__(self):
        return f"{self.organization} · {self.round.year}年年检"

    def clean(self):
        super().clean()
        if self.result and self.result != Result.ABSENT and not self.inspected_on:
            raise ValidationError({"inspected_on": "年检日期：录入结果时请填写年检日期。"})
        if not self.result and (self.inspected_on or self.remarks):
            raise ValidationError({"result": "年检结果：填写了日期或备注时请选择年检结果。"})
        if self.result in (Result.FAILED, Result.ABSENT) and not self.remarks.strip():
            raise ValidationError({"remarks": "备注：不合格或未参检时请写明原因和整改要求。"})
        if self.inspected_on and self.round_id and self.inspected_on.year < self.round.year:
            raise ValidationError({"inspected_on": "年检日期：不能早于所检年度。"})
        if self.inspected_on and self.inspected_on > timezone.localdate():
            raise ValidationError({"inspected_on": "年检日期：不能晚于今天。"})
