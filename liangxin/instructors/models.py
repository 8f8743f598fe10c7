"""Party-building instructors (党建工作指导员, seed 000) and their assignments.

The foundation needs only who is assigned where: an instructor's jurisdiction is the
organizations currently assigned to them, and an assignment gives an organization work
coverage (ORG-7). The management measures of seed 000 build on these two models.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liangxin.core.models import BaseModel, ScopedQuerySet


class InstructorQuerySet(ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= Q(region__path__startswith=jurisdiction.region_path)
        if jurisdiction.organization_ids is not None:
            q |= Q(assignments__organization__in=jurisdiction.organization_ids)
        return q


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
    dispatching_unit = models.CharField("派出单位", max_length=200)
    position = models.CharField("职务", max_length=100, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.SERVING)
    full_time = models.BooleanField("专职", default=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name="管理街道/园区", on_delete=models.PROTECT, related_name="instructors",
        help_text="负责管理该指导员的街道、乡镇或园区党(工)委。",
    )

    objects = InstructorQuerySet.as_manager()

    class Meta:
        verbose_name = "党建工作指导员"
        verbose_name_plural = "党建工作指导员"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssignmentQuerySet(ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= Q(organization__region__path__startswith=jurisdiction.region_path)
        if jurisdiction.organization_ids is not None:
            q |= Q(organization__in=jurisdiction.organization_ids)
        return q

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Assignment(BaseModel):
    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="联系组织", on_delete=models.CASCADE, related_name="instructor_assignments"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "指导员联系组织"
        verbose_name_plural = "指导员联系组织"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.instructor} → {self.organization}"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
