"""The half-yearly evaluation of an instructor (INS-8, art. 19-21)."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from liangxin.core.models import BaseModel
from liangxin.core.periods import half_year_bounds, half_year_start
from liangxin.instructors.models.base import record_scope
from liangxin.instructors.models.roster import Instructor


class Evaluation(BaseModel):
    """The half-yearly evaluation of an instructor (art. 19-21). The quantitative part is
    computed from the data when saved (liangxin.instructors.evaluation); the weights, grade
    bands and figures used are stored with it, so the history stays readable when policy changes."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        FAIR = "fair", "一般"
        POOR = "poor", "较差"

    score_validators = [MinValueValidator(0), MaxValueValidator(100)]

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField("半年", choices=[(1, "上半年"), (2, "下半年")])
    dispatching_unit = models.CharField("派出单位", max_length=200, editable=False,
                                        help_text="考评时的派出单位，汇总到派出单位考核。")
    qualitative_score = models.DecimalField("定性评价得分", max_digits=5, decimal_places=2, validators=score_validators)
    owner_score = models.DecimalField("业主评议", max_digits=5, decimal_places=2, validators=score_validators)
    employee_score = models.DecimalField("职工评议", max_digits=5, decimal_places=2, validators=score_validators)
    member_score = models.DecimalField("党员评议", max_digits=5, decimal_places=2, validators=score_validators)
    results_score = models.DecimalField("工作实绩得分", max_digits=5, decimal_places=2, validators=score_validators)
    quantitative_score = models.DecimalField("定量得分", max_digits=5, decimal_places=2, default=0, editable=False)
    mass_score = models.DecimalField("群众评议得分", max_digits=5, decimal_places=2, default=0, editable=False)
    total_score = models.DecimalField("总分", max_digits=5, decimal_places=2, default=0, editable=False)
    grade = models.CharField("等次", max_length=20, choices=Grade.choices, editable=False, blank=True)
    figures = models.JSONField("计算依据", default=dict, editable=False)
    comments = models.TextField("评语", blank=True)
    adjusted_on = models.DateField("调整日期", null=True, blank=True, help_text="考评较差的，调整后填写（第二十条）。")
    adjustment_note = models.CharField("调整情况", max_length=255, blank=True)

    scope = record_scope(organization=None)

    class Meta:
        verbose_name = "半年考评"
        verbose_name_plural = "半年考评"
        ordering = ["-year", "-half", "instructor__name"]
        constraints = [models.UniqueConstraint(fields=["instructor", "year", "half"], name="evaluation_unique_half")]

    def __str__(self):
        return f"{self.instructor} {self.year}年{self.get_half_display()}考评"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return half_year_bounds(half_year_start(self.year, self.half))

    def save(self, *args, **kwargs):
        from liangxin.instructors.evaluation import score  # cycle: the scoring imports these models

        score(self)
        super().save(*args, **kwargs)
