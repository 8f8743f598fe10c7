"""Committee work about its own instructors: quarterly meetings (INS-4), spot checks (INS-5)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel
from liangxin.instructors.models.roster import Instructor


class QuarterlyMeeting(BaseModel):
    """A meeting of owners and instructors held by a committee (art. 11, 14)."""

    region = models.ForeignKey("regions.Region", verbose_name="党(工)委", on_delete=models.PROTECT,
                               related_name="instructor_meetings", help_text="召开例会的街道、乡镇或园区。")
    date = models.DateField("日期")
    title = models.CharField("会议名称", max_length=200, default="党建工作指导员和业主工作例会")
    instructors_present = models.ManyToManyField(Instructor, verbose_name="出席的指导员", blank=True, related_name="meetings")
    organizations_present = models.ManyToManyField("organizations.Organization", verbose_name="出席的业主（组织）",
                                                   blank=True, related_name="instructor_meetings")
    instructor_reports = models.TextField("指导员工作汇报", blank=True)
    owner_opinions = models.TextField("业主意见和建议", blank=True)
    problems_solved = models.TextField("协调解决的问题", blank=True)

    # A record the committee keeps about its own instructors: its region alone.
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "指导员工作例会"
        verbose_name_plural = "指导员工作例会"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.region} {self.date:%Y-%m-%d} {self.title}"

    def clean_instructors_present(self, instructors) -> None:
        """Run by the forms and serializers through run_m2m_clean (many-to-many values are not
        on the instance when clean() runs): a committee's meeting lists its own instructors."""
        if self.region_id:
            outside = [i.name for i in instructors if not i.region.path.startswith(self.region.path)]
            if outside:
                raise ValidationError({"instructors_present": f"{'、'.join(outside)}不由本党(工)委管理。"})


class SpotCheck(BaseModel):
    """A check of an instructor's attendance records and work log (art. 15)."""

    class Result(models.TextChoices):
        GOOD = "good", "到岗和日志规范"
        MINOR = "minor", "存在问题，已提醒"
        SERIOUS = "serious", "问题较多，限期整改"

    region = models.ForeignKey("regions.Region", verbose_name="检查单位", on_delete=models.PROTECT, related_name="spot_checks")
    instructor = models.ForeignKey(Instructor, verbose_name="被抽查指导员", on_delete=models.CASCADE, related_name="spot_checks")
    date = models.DateField("检查日期", default=timezone.localdate)
    checked_attendance = models.BooleanField("检查到岗记录", default=True)
    checked_logs = models.BooleanField("检查工作日志", default=True)
    randomly_selected = models.BooleanField("随机抽取", default=False)
    result = models.CharField("检查结果", max_length=20, choices=Result.choices, default=Result.GOOD)
    findings = models.TextField("发现的问题", blank=True)
    rectification = models.TextField("整改要求", blank=True)

    # A record the committee keeps about its own instructors: its region alone.
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "督查抽查"
        verbose_name_plural = "督查抽查"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} 抽查 {self.instructor}"

    def clean(self):
        super().clean()
        if self.region_id and self.instructor_id and not self.instructor.region.path.startswith(self.region.path):
            raise ValidationError({"instructor": "只能抽查本单位管理的指导员。"})
