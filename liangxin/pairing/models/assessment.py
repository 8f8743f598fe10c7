"""The year-end self-assessment (004 四(二): 各单位每年底要对工作开展情况进行自评积分, PAIR-4):
the unit's points of the year computed from its confirmed records, its own notes, submitted once.
What is stored at submission is the figure the unit put its name to; the records may still be
confirmed later, and the page then shows both."""

from __future__ import annotations

from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.pairing.models.register import PairedUnit

# Where a unit's paper sits: where the unit is kept, and where its organizations are.
UNIT_SCOPE = Scope(region=("unit__region", "unit__pairings__organization__region"),
                   organization=("unit__pairings__organization",))


class SelfAssessmentQuerySet(ScopedQuerySet):
    def submitted(self) -> SelfAssessmentQuerySet:
        return self.filter(status=SelfAssessment.Status.SUBMITTED)


class SelfAssessment(BaseModel):
    """One unit's self-assessment of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    unit = models.ForeignKey(PairedUnit, verbose_name="结对单位", on_delete=models.CASCADE, related_name="self_assessments")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    points = models.PositiveIntegerField("自评积分", default=0, help_text="提交时按已确认的积分行动记录计算。")
    breakdown = models.JSONField("分项积分", default=dict, blank=True)
    notes = models.TextField("自评说明", blank=True,
                             help_text="全年工作的主要做法、成效和不足，以及对计分的说明（例如尚待确认的记录）。")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    submitted_by = models.ForeignKey("accounts.User", verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects = SelfAssessmentQuerySet.as_manager()
    scope = UNIT_SCOPE

    class Meta:
        verbose_name = "年度自评"
        verbose_name_plural = "年度自评"
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="pairing_self_assessment_once_a_year")]

    def __str__(self):
        return f"{self.unit} {self.year}年度自评"
