"""An instructor's work at the organizations: plans (INS-2), visits and the work log (INS-3),
and major-event reports (INS-6)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from liangxin.core.models import BaseModel
from liangxin.instructors.models.base import record_scope
from liangxin.instructors.models.roster import Assignment, Instructor
from liangxin.organizations.models import Organization


class WorkPlan(BaseModel):
    """A work plan and goals for one assigned organization and year (art. 3)."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="work_plans")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                     related_name="instructor_work_plans")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    goals = models.TextField("工作目标")
    actions = models.TextField("计划措施", help_text="每行一项，例如：三季度前帮助建立工会；培养1名入党积极分子。")
    demonstration_point = models.BooleanField("打造示范点", default=False, help_text="第十三条：积极打造非公党建的示范点。")
    completed = models.BooleanField("已完成", default=False)
    summary = models.TextField("完成情况", blank=True)

    scope = record_scope()

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["instructor", "organization", "year"], name="work_plan_unique_year")]

    def __str__(self):
        return f"{self.year}年 {self.organization} 工作计划"

    def clean(self):
        super().clean()
        _check_assigned(self, datetime.date(self.year, 12, 31) if self.year else None, year=self.year)


def _check_assigned(record, on, year=None) -> None:
    """A record about an organization needs the instructor to be assigned to it then."""
    if not (record.instructor_id and record.organization_id and on):
        return
    assignments = Assignment.objects.filter(instructor_id=record.instructor_id, organization_id=record.organization_id)
    if year:
        assignments = assignments.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    else:
        assignments = assignments.current(on)
    if not assignments.exists():
        raise ValidationError({"organization": "该指导员在此期间没有联系这个组织，请先选派（指导员联系组织）。"})


# --- Visits and the work log (INS-3) -------------------------------------------------------------

class Visit(BaseModel):
    """One on-site visit, the 工作日志 entry of art. 12. `minutes` is kept from arrival and
    departure (or the hours entered), so weekly totals are a plain SUM in the database."""

    class Activity(models.TextChoices):
        POLICY = "policy", "宣传政策"
        ESTABLISH = "establish", "指导组建党组织"
        ACTIVISTS = "activists", "培养入党积极分子"
        MEMBERS = "members", "党员教育管理"
        PRODUCTION = "production", "帮助解决生产经营困难"
        MASS = "mass", "工会共青团妇联等群团工作"
        CULTURE = "culture", "企业文化建设"
        EMPLOYEES = "employees", "职工群众工作"
        RESEARCH = "research", "调查研究"
        OTHER = "other", "其他"

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="visits")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                     related_name="instructor_visits")
    date = models.DateField("日期", default=timezone.localdate)
    arrived_at = models.TimeField("到达时间", null=True, blank=True)
    left_at = models.TimeField("离开时间", null=True, blank=True)
    hours = models.DecimalField("时长（小时）", max_digits=4, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(24)],
                                help_text="没有填写到达、离开时间时填写。")
    minutes = models.PositiveIntegerField("时长（分钟）", default=0, editable=False)
    # Codes joined by commas (no code is part of another): portable `contains` filters on
    # SQLite and PostgreSQL alike, where a JSON list is not.
    activities = models.CharField("工作内容", max_length=255, blank=True)
    content = models.TextField("工作记录", blank=True)
    problems = models.TextField("发现的问题", blank=True)
    follow_up = models.TextField("落实措施", blank=True)
    follow_up_done = models.BooleanField("已落实", default=False)

    scope = record_scope()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录（工作日志）"
        ordering = ["-date", "-arrived_at", "-pk"]
        indexes = [models.Index(fields=["instructor", "date"]), models.Index(fields=["organization", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organization}"

    @property
    def activity_labels(self) -> list[str]:
        labels = dict(self.Activity.choices)
        return [labels.get(a, a) for a in self.activity_list]

    @property
    def activity_list(self) -> list[str]:
        return [a for a in (self.activities or "").split(",") if a]

    @property
    def duration_text(self) -> str:
        return f"{self.minutes // 60}小时{self.minutes % 60:02d}分"

    def compute_minutes(self) -> int:
        if self.arrived_at and self.left_at:
            start = datetime.datetime.combine(datetime.date.min, self.arrived_at)
            end = datetime.datetime.combine(datetime.date.min, self.left_at)
            return max(0, int((end - start).total_seconds() // 60))
        if self.hours is not None:
            return int(round(self.hours * 60))
        return 0

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.arrived_at) != bool(self.left_at):
            errors["left_at"] = "请同时填写到达和离开时间，或只填写时长。"
        elif self.arrived_at and self.left_at and self.left_at <= self.arrived_at:
            errors["left_at"] = "离开时间应晚于到达时间。"
        elif not self.arrived_at and self.hours in (None, 0):
            errors["hours"] = "请填写到达、离开时间，或填写时长。"
        if self.date and self.date > timezone.localdate():
            errors["date"] = "不能记录将来的走访。"
        unknown = set(self.activity_list) - set(self.Activity.values)
        if unknown:
            errors["activities"] = "工作内容请从列表中选择。"
        if errors:
            raise ValidationError(errors)
        _check_assigned(self, self.date)

    def save(self, *args, **kwargs):
        self.minutes = self.compute_minutes()
        super().save(*args, **kwargs)


def _photo_path(instance, filename: str) -> str:
    # A random name: the file's name says nothing, and it is never under a public URL.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"instructors/visits/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class VisitPhoto(BaseModel):
    """A photo of a visit, stored under MEDIA_ROOT and served only by the scoped view
    `instructors:visitphoto_file`, never as public media."""

    visit = models.ForeignKey(Visit, verbose_name="走访记录", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=_photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    scope = record_scope("visit__instructor", "visit__organization")

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.visit} 照片{self.pk or ''}"


# --- Major-event reports (INS-6) -----------------------------------------------------------------

class MajorEventReport(BaseModel):
    """A major event at an organization, reported by its instructor (art. 16). When the street
    accepts the report, the organization's status in the registry follows (a tracked save)."""

    class Kind(models.TextChoices):
        CHANGE = "change", "企业变更"
        TRANSFER = "transfer", "转让"
        REVOCATION = "revocation", "撤销"
        MERGER = "merger", "兼并"
        EMERGENCY = "emergency", "突发事件"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报告，待受理"
        ACCEPTED = "accepted", "已受理"
        RETURNED = "returned", "退回"

    instructor = models.ForeignKey(Instructor, verbose_name="报告人", on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                     related_name="major_event_reports")
    kind = models.CharField("事项类别", max_length=20, choices=Kind.choices)
    event_date = models.DateField("发生日期")
    report_date = models.DateField("报告日期", default=timezone.localdate)
    days_to_report = models.IntegerField("报告用时（天）", default=0, editable=False)
    description = models.TextField("情况说明")
    new_status = models.CharField(
        "组织经营状态变为", max_length=20, blank=True,
        choices=[("", "不变"), *Organization.Status.choices],
        help_text="受理后，台账中该组织的经营状态随之更新。",
    )
    status = models.CharField("受理状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    handled_by = models.ForeignKey("accounts.User", verbose_name="受理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    handled_on = models.DateField("受理日期", null=True, blank=True)
    handling_note = models.CharField("受理意见", max_length=255, blank=True)

    scope = record_scope()

    class Meta:
        verbose_name = "重大事项报告"
        verbose_name_plural = "重大事项报告"
        ordering = ["-report_date", "-pk"]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()}（{self.event_date:%Y-%m-%d}）"

    def clean(self):
        super().clean()
        if self.event_date and self.report_date and self.report_date < self.event_date:
            raise ValidationError({"report_date": "报告日期不能早于发生日期。"})
        _check_assigned(self, self.report_date or self.event_date)

    def save(self, *args, **kwargs):
        if self.event_date and self.report_date:
            self.days_to_report = (self.report_date - self.event_date).days
        super().save(*args, **kwargs)
