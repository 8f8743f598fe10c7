"""Party-building instructors (党建工作指导员): the management measures of seed 000.

An instructor's jurisdiction is the organizations currently assigned to them, and an
assignment gives an organization work coverage (ORG-7) unless the instructor is on a long leave
(art. 17): then only a reassigned instructor covers it. Around these two models: training
(MEM-7), work plans (art. 3), visits and the work log (art. 12), major-event reports (art. 16),
leave (art. 17), quarterly meetings (art. 11, 14), spot checks (art. 15) and half-yearly
evaluations (art. 19-21).

Scoping: region roles see what concerns their own instructors (the instructor's managing
street) and, for records about an organization, what concerns organizations in their subtree.
An instructor sees the records of their organizations and only their own personal records;
they change only what they wrote themselves.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from liangxin.accounts.jurisdiction import in_subtree
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.organizations.models import Organization


def _is_instructor(user) -> bool:
    from liangxin.accounts.roles import Role

    return bool(user and user.is_authenticated and not user.is_superuser and user.role == Role.INSTRUCTOR)


class InstructorRecordQuerySet(ScopedQuerySet):
    """Records that belong to an instructor (`instructor_field`) and maybe an organization.

    `own_only` names the actions an instructor may take only on their own records; for the
    others (viewing records of an organization they are assigned to) the jurisdiction decides.
    """

    instructor_field = "instructor"
    organization_field: str | None = "organization"
    own_only: tuple[str, ...] = ("add", "change", "delete")

    def scoped(self, user, action: str = "view"):
        if _is_instructor(user):
            opts = self.model._meta
            if not user.is_active or not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
                return self.none()
            own = Q(**{f"{self.instructor_field}__user": user})
            if action in self.own_only or self.organization_field is None:
                return self.filter(own)
            return super().scoped(user, action) | self.filter(own)
        return super().scoped(user, action)

    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= in_subtree(f"{self.instructor_field}__region", jurisdiction.region_path)
            if self.organization_field:
                q |= in_subtree(f"{self.organization_field}__region", jurisdiction.region_path)
        if jurisdiction.organization_ids is not None and self.organization_field:
            q |= Q(**{f"{self.organization_field}__in": jurisdiction.organization_ids})
        return q


# --- Roster and assignments (INS-1) --------------------------------------------------------------

class InstructorQuerySet(ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= in_subtree("region", jurisdiction.region_path)
        if jurisdiction.organization_ids is not None:
            # A subquery, not a join: an instructor of several organizations is listed once.
            q |= Q(pk__in=Assignment.objects.filter(organization__in=jurisdiction.organization_ids).values("instructor"))
        return q

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
    phone = models.CharField("联系电话", max_length=20, blank=True)
    selected_on = models.DateField("选派日期", null=True, blank=True)
    left_on = models.DateField("离任日期", null=True, blank=True, help_text="不再担任指导员的，填写离任日期。")
    notes = models.TextField("备注", blank=True)

    objects = InstructorQuerySet.as_manager()

    class Meta:
        verbose_name = "党建工作指导员"
        verbose_name_plural = "党建工作指导员"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssignmentQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= in_subtree("organization__region", jurisdiction.region_path)
            q |= in_subtree("instructor__region", jurisdiction.region_path)
        if jurisdiction.organization_ids is not None:
            q |= Q(organization__in=jurisdiction.organization_ids)
        return q

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

    class Meta:
        verbose_name = "指导员联系组织"
        verbose_name_plural = "指导员联系组织"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.instructor} → {self.organization}"

    def jurisdiction_path(self) -> str:
        return self.organization.region.path

    def clean(self):
        super().clean()
        validate_period(self)


class TrainingRecordQuerySet(InstructorRecordQuerySet):
    organization_field = None


class TrainingRecord(BaseModel):
    """An instructor's training (MEM-7: at least once a year, 002 二(四))."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField("培训日期")
    title = models.CharField("培训名称", max_length=200)
    organizer = models.CharField("举办单位", max_length=200, blank=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)])

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "指导员培训记录"
        verbose_name_plural = "指导员培训记录"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.instructor} {self.date:%Y-%m-%d} {self.title}"

    def jurisdiction_path(self) -> str:
        return self.instructor.region.path


# --- Work plans (INS-2) --------------------------------------------------------------------------

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

    objects = InstructorRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["instructor", "organization", "year"], name="work_plan_unique_year")]

    def __str__(self):
        return f"{self.year}年 {self.organization} 工作计划"

    def jurisdiction_path(self) -> str:
        return self.organization.region.path

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

    objects = InstructorRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录（工作日志）"
        ordering = ["-date", "-arrived_at", "-pk"]
        indexes = [models.Index(fields=["instructor", "date"]), models.Index(fields=["organization", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organization}"

    def jurisdiction_path(self) -> str:
        return self.organization.region.path

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


class VisitPhotoQuerySet(InstructorRecordQuerySet):
    instructor_field = "visit__instructor"
    organization_field = "visit__organization"


class VisitPhoto(BaseModel):
    """A photo of a visit, stored under MEDIA_ROOT and served only by the scoped view
    `instructors:visitphoto_file`, never as public media."""

    visit = models.ForeignKey(Visit, verbose_name="走访记录", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=_photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    objects = VisitPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.visit} 照片{self.pk or ''}"

    def jurisdiction_path(self) -> str:
        return self.visit.organization.region.path


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

    objects = InstructorRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "重大事项报告"
        verbose_name_plural = "重大事项报告"
        ordering = ["-report_date", "-pk"]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()}（{self.event_date:%Y-%m-%d}）"

    def jurisdiction_path(self) -> str:
        return self.organization.region.path

    def clean(self):
        super().clean()
        if self.event_date and self.report_date and self.report_date < self.event_date:
            raise ValidationError({"report_date": "报告日期不能早于发生日期。"})
        _check_assigned(self, self.report_date or self.event_date)

    def save(self, *args, **kwargs):
        if self.event_date and self.report_date:
            self.days_to_report = (self.report_date - self.event_date).days
        super().save(*args, **kwargs)


# --- Leave (INS-7) -------------------------------------------------------------------------------

class LeaveQuerySet(InstructorRecordQuerySet):
    organization_field = None

    def long(self, params=None):
        """Leaves longer than the reassignment threshold in force for the instructor's street."""
        from liangxin.instructors.rules import LEAVE_DAYS
        from liangxin.rules.parameters import ParameterValues

        params = params or ParameterValues()
        return self.annotate(_threshold=params.expr(LEAVE_DAYS, "instructor__region__path")).filter(days__gt=models.F("_threshold"))


class Leave(BaseModel):
    """A leave request (art. 17). `days` counts both ends (1 to 30 March is 30 days)."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="leaves")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    days = models.PositiveIntegerField("天数", default=0, editable=False)
    reason = models.CharField("事由", max_length=255)

    objects = LeaveQuerySet.as_manager()

    class Meta:
        verbose_name = "请假记录"
        verbose_name_plural = "请假记录"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.instructor} 请假 {self.start_date:%Y-%m-%d}至{self.end_date:%Y-%m-%d}（{self.days}天）"

    def jurisdiction_path(self) -> str:
        return self.instructor.region.path

    def clean(self):
        super().clean()
        validate_period(self)

    def save(self, *args, **kwargs):
        if self.start_date and self.end_date:
            self.days = (self.end_date - self.start_date).days + 1
        super().save(*args, **kwargs)


# --- Committee work: quarterly meetings (INS-4), spot checks (INS-5) -----------------------------

class CommitteeQuerySet(ScopedQuerySet):
    """Records a street/town/park committee keeps about its own instructors."""

    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= in_subtree("region", jurisdiction.region_path)
        return q


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

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "指导员工作例会"
        verbose_name_plural = "指导员工作例会"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.region} {self.date:%Y-%m-%d} {self.title}"

    def clean_instructors_present(self, instructors):
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

    objects = CommitteeQuerySet.as_manager()

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


# --- Half-yearly evaluation (INS-8) --------------------------------------------------------------

class EvaluationQuerySet(InstructorRecordQuerySet):
    organization_field = None


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

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "半年考评"
        verbose_name_plural = "半年考评"
        ordering = ["-year", "-half", "instructor__name"]
        constraints = [models.UniqueConstraint(fields=["instructor", "year", "half"], name="evaluation_unique_half")]

    def __str__(self):
        return f"{self.instructor} {self.year}年{self.get_half_display()}考评"

    def jurisdiction_path(self) -> str:
        return self.instructor.region.path

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.half == 1:
            return datetime.date(self.year, 1, 1), datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 7, 1), datetime.date(self.year, 12, 31)

    def save(self, *args, **kwargs):
        from liangxin.instructors.evaluation import score

        score(self)
        super().save(*args, **kwargs)
