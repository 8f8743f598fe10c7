"""Leave (INS-7, art. 17): a long leave takes the instructor's coverage away until reassigned."""

from __future__ import annotations

from django.db import models

from liangxin.core.models import BaseModel, ScopedQuerySet, validate_period
from liangxin.instructors.models.base import record_scope
from liangxin.instructors.parameters import LEAVE_DAYS
from liangxin.rules.values import ParameterValues


class LeaveQuerySet(ScopedQuerySet):
    def long(self, params: ParameterValues | None = None):
        """Leaves longer than the reassignment threshold in force for the instructor's street."""
        params = params or ParameterValues()
        return self.annotate(_threshold=params.expr(LEAVE_DAYS, "instructor__region__path")).filter(days__gt=models.F("_threshold"))


class Leave(BaseModel):
    """A leave request (art. 17). `days` counts both ends (1 to 30 March is 30 days)."""

    instructor = models.ForeignKey("Instructor", verbose_name="指导员", on_delete=models.CASCADE, related_name="leaves")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    days = models.PositiveIntegerField("天数", default=0, editable=False)
    reason = models.CharField("事由", max_length=255)

    objects = LeaveQuerySet.as_manager()
    scope = record_scope(organization=None)

    class Meta:
        verbose_name = "请假记录"
        verbose_name_plural = "请假记录"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.instructor} 请假 {self.start_date:%Y-%m-%d}至{self.end_date:%Y-%m-%d}（{self.days}天）"

    def clean(self):
        super().clean()
        validate_period(self)

    def save(self, *args, **kwargs):
        if self.start_date and self.end_date:
            self.days = (self.end_date - self.start_date).days + 1
        super().save(*args, **kwargs)
