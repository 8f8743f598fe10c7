"""The roster (INS-1): instructors, the organizations assigned to them, and their training (MEM-7)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.core.personal import Kind, Personal
from liangxin.instructors.models.base import record_scope
from liangxin.instructors.models.leave import Leave


class InstructorQuerySet(ScopedQuerySet):
    def serving(self) -> InstructorQuerySet:
        return self.filter(left_on__isnull=True)


class Instructor(BaseModel):
    class Source(models.TextChoices):
        SERVING = "serving", "在职干部"
        RETIRED = "retired", "退休干部"
        SECOND_LINE = "second_line", "退二线干部"
        SECONDED = "seconded", "选派挂职"

    name = models.CharField("姓名", max_length=50)
    user = models.OneToOneField(
        "accounts.User", verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="instructor",
    )
    dispatching_unit = models.CharField("派出单位", max_length=200, help_text="考评结果计入派出单位党建工作考核（第十九条）。")
    position = models.CharField("职务", max_length=100, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.SERVING)
    full_time = models.BooleanField("专职", default=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name="管理街道/园区", on_delete=models.PROTECT, related_name="instructors",
        help_text="负责管理该指导员的街道、乡镇或园区党(工)委。",
    )
    phone = EncryptedCharField("联系电话", blank=True, mask="mask_phone")
    selected_on = models.DateField("选派日期", null=True, blank=True)
    left_on = models.DateField("离任日期", null=True, blank=True, help_text="不再担任指导员的，填写离任日期。")
    notes = models.TextField("备注", blank=True)

    objects = InstructorQuerySet.as_manager()
    # Their managing street; for the roles scoped by organization, the instructors ever
    # assigned to their organizations.
    scope = Scope(region=("region",), organization=("assignments__organization",))
    # A person: their name, and every record naming them (visits, leave, evaluations …).
    personal = Personal(person=True, name=Kind.NAME)

    class Meta:
        verbose_name = "党建工作指导员"
        verbose_name_plural = "党建工作指导员"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssignmentQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    def covering(self, on=None, params=None):
        """Assignments that give work coverage on a day: current, and the instructor is not on
        a leave longer than the reassignment threshold (art. 17): during such a leave only a
        reassigned instructor covers the organization."""
        on = on or timezone.localdate()
        return self.current(on).exclude(Exists(Leave.objects.long(params).filter(
            instructor=OuterRef("instructor"), start_date__lte=on, end_date__gte=on,
        )))


class Assignment(BaseModel):
    class Reason(models.TextChoices):
        REGULAR = "regular", "选派联系"
        LEAVE_COVER = "leave_cover", "请假期间调整"
        ADJUSTMENT = "adjustment", "考评后调整"

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="联系组织", on_delete=models.CASCADE, related_name="instructor_assignments"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    reason = models.CharField("选派方式", max_length=20, choices=Reason.choices, default=Reason.REGULAR)
    leave = models.ForeignKey(
        "Leave", verbose_name="因请假调整", null=True, blank=True, on_delete=models.SET_NULL, related_name="reassignments",
    )
    notes = models.CharField("备注", max_length=255, blank=True)

    objects = AssignmentQuerySet.as_manager()
    scope = Scope(region=("organization__region", "instructor__region"), organization=("organization",))

    class Meta:
        verbose_name = "指导员联系组织"
        verbose_name_plural = "指导员联系组织"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.instructor} → {self.organization}"

    def clean(self):
        super().clean()
        validate_period(self)


class TrainingRecord(BaseModel):
    """An instructor's training (MEM-7: at least once a year, 002 二(四))."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField("培训日期")
    title = models.CharField("培训名称", max_length=200)
    organizer = models.CharField("举办单位", max_length=200, blank=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)])

    scope = record_scope(organization=None)

    class Meta:
        verbose_name = "指导员培训记录"
        verbose_name_plural = "指导员培训记录"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.instructor} {self.date:%Y-%m-%d} {self.title}"

