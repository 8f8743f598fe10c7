"""Party life (组织生活): the activities a party organization holds, recorded by its secretary
with attendees and photos, and the one classification they are filed under (STD-5, 001 二(一)4:
按照统一标准分类建档). The 三会一课 cadence (MEM-5, MEM-6 and the 条例) is read from them by
liangxin.partylife.rules."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liangxin.core.jurisdiction import Jurisdiction, Scope, is_tree_root
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.core.personal import Kind, Personal
from liangxin.members.models import Member
from liangxin.partylife.parameters import DEFAULT_KINDS
from liangxin.partyorgs.models import PartyOrg


class ClassificationQuerySet(ScopedQuerySet):
    """Reference data kept by the district (the activity kinds, the checklists' items)."""

    def jurisdiction_filter(self, jurisdiction: Jurisdiction, action: str = "view") -> Q:
        """One classification for everyone who records or reads: every row is read by every
        role that may read it; a kind is changed only by the district that
        keeps it (its region in the user's subtree); the district-wide rows (no region) by the
        users of the tree's root (the administrator)."""
        if action == "view":
            return Q(pk__isnull=False)
        q = super().jurisdiction_filter(jurisdiction, action)
        if jurisdiction.region_path and is_tree_root(jurisdiction.region_path):
            q |= Q(region__isnull=True)
        return q


class ActivityKindQuerySet(ClassificationQuerySet):
    def usable(self) -> ActivityKindQuerySet:
        return self.filter(active=True)

    def install_defaults(self) -> None:
        """The classification's first rows, where missing (after a flush: the demo's reset)."""
        for order, (code, name, three, description) in enumerate(DEFAULT_KINDS, start=1):
            if not self.filter(code=code).exists():
                self.create(code=code, name=name, three_meetings=three, description=description, order=order * 10)


class ActivityKind(BaseModel):
    """One class of the unified classification (支部党员大会, 支委会, 党小组会, 党课, 组织生活会 …).
    Rows are data: an administrator adds more. `code` names the kinds policy counts (the
    三会一课 and the 政策法规学习, liangxin.partylife.parameters); an added kind has none."""

    name = models.CharField("类别名称", max_length=50, unique=True)
    code = models.CharField("规则代码", max_length=30, blank=True, editable=False,
                            help_text="规则按此代码统计（三会一课、政策法规学习）；新增的类别没有。")
    three_meetings = models.BooleanField("属于三会一课", default=False)
    description = models.CharField("说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True, help_text="停用的类别不再供选择，已有记录保留。")
    region = models.ForeignKey("regions.Region", verbose_name="维护区域", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="留空为全区统一的分类。")

    objects = ActivityKindQuerySet.as_manager()
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "活动类别"
        verbose_name_plural = "活动类别"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="partylife_kind_code_unique")]

    def __str__(self):
        return self.name


# Where an activity sits: its party organization's region; a secretary reaches it through the
# party organization (their own and those below).
ACTIVITY_SCOPE = Scope(region=("party_org__region",), party_org=("party_org",))


class ActivityQuerySet(ScopedQuerySet):
    def in_year(self, year: int) -> ActivityQuerySet:
        return self.filter(date__year=year)


class Activity(BaseModel):
    """One activity of a party organization: kind, date, place, duration, attendees (with
    absentees and their reasons, see Attendance), topic, minutes and photos."""

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT,
                                  related_name="activities")
    kind = models.ForeignKey(ActivityKind, verbose_name="活动类别", on_delete=models.PROTECT, related_name="activities")
    date = models.DateField("日期", default=timezone.localdate)
    place = models.CharField("地点", max_length=100)
    hours = models.DecimalField("时长（小时）", max_digits=4, decimal_places=1, default=Decimal("1.5"),
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
                                help_text="按实际开展时间填写，计入每月活动时间（半天）。")
    topic = models.CharField("主题", max_length=200)
    minutes = models.TextField("内容纪要", help_text="会议议程、学习内容、讨论和决定事项。")
    host = models.CharField("主持人", max_length=50, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    attendees = models.ManyToManyField("members.Member", through="Attendance", verbose_name="参加人员", blank=True,
                                       related_name="activities")

    objects = ActivityQuerySet.as_manager()
    scope = ACTIVITY_SCOPE
    # The host is a person named in free text; the attendees are links to members (persons).
    personal = Personal(host=Kind.NAME)

    class Meta:
        verbose_name = "组织生活记录"
        verbose_name_plural = "组织生活记录"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["party_org", "date"]), models.Index(fields=["date", "kind"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.kind} · {self.topic}"

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "日期不能晚于今天：请在活动开展后记录。"
        if self.party_org_id and self.date and self.party_org.founded_on and self.date < self.party_org.founded_on:
            errors["date"] = f"日期早于该党组织的成立日期（{self.party_org.founded_on:%Y-%m-%d}），请核对。"
        for name in ("place", "topic", "minutes"):
            if not (getattr(self, name) or "").strip():
                errors[name] = f"请填写{self._meta.get_field(name).verbose_name}（按统一标准建档要求逐项记载）。"
        if errors:
            raise ValidationError(errors)

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendance.all() if a.present)

    @property
    def absent_count(self) -> int:
        return sum(1 for a in self.attendance.all() if not a.present)


class Attendance(BaseModel):
    """A member of the roster at an activity: present, or absent with the reason (请假事由)."""

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField("出席", default=True)
    reason = models.CharField("缺席原因", max_length=100, blank=True)

    scope = Scope(region=("activity__party_org__region",), party_org=("activity__party_org",))

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        ordering = ["-present", "member__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="partylife_attendance_once")]

    def __str__(self):
        return f"{self.member} {'出席' if self.present else '缺席'}"


class CrossAppointment(BaseModel):
    """交叉任职 (STD-6, 001 二(二)1; 003 §二 第四): whether the party organization's secretary and
    committee sit in the management and the union, and the reverse; 一肩挑 where a member owner is
    the secretary. One record per party organization, kept by its secretary or the street."""

    party_org = models.OneToOneField("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.CASCADE,
                                     related_name="cross_appointment")
    secretary_in_management = models.BooleanField("书记进入经营管理层", default=False,
                                                  help_text="例如书记兼任副总经理、行政负责人。")
    secretary_union_chair = models.BooleanField("书记兼任工会主席", default=False)
    one_shoulder = models.BooleanField("党员出资人与书记“一肩挑”", default=False)
    members_in_management = models.PositiveSmallIntegerField("班子成员进入管理层人数", default=0)
    managers_in_committee = models.PositiveSmallIntegerField("管理层党员进入党组织班子人数", default=0)
    notes = models.CharField("说明", max_length=255, blank=True)

    scope = Scope(region=("party_org__region",), party_org=("party_org",))

    class Meta:
        verbose_name = "交叉任职"
        verbose_name_plural = "交叉任职"
        ordering = ["party_org__name"]

    def __str__(self):
        return f"{self.party_org} 交叉任职"

    @property
    def any(self) -> bool:
        return bool(self.secretary_in_management or self.secretary_union_chair or self.one_shoulder
                    or self.members_in_management or self.managers_in_committee)


def _photo_path(instance, filename: str) -> str:
    # A random name: the file's name says nothing, and it is never under a public URL.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"partylife/activities/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ActivityPhoto(BaseModel):
    """A photo of an activity (the 图片资料 of STD-5), served only by `partylife:activityphoto_file`."""

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=_photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    scope = Scope(region=("activity__party_org__region",), party_org=("activity__party_org",))

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.activity} 照片{self.pk or ''}"


class Training(BaseModel):
    """A party organization's secretary (or full-time Party worker) at a 集中培训 (MEM-7, 003 §二
    第二: 每年要對“兩新”組織黨組織書記和專職黨務工作者進行一次集中培訓; a grid lead
    organization's secretary is its head, 002 二(四)). Kept by the street that organizes or
    learns of it, or by the secretary; MEM-7 reads the attendee's latest."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", "党组织书记"
        WORKER = "worker", "专职党务工作者"

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT,
                                  related_name="trainings")
    attendee = models.ForeignKey("members.Member", verbose_name="参训人员", on_delete=models.PROTECT, related_name="trainings",
                                 help_text="党组织书记或专职党务工作者（须在党员名册中）。")
    role = models.CharField("参训身份", max_length=20, choices=Role.choices, default=Role.SECRETARY)
    date = models.DateField("培训日期", default=timezone.localdate)
    hours = models.DecimalField("学时（小时）", max_digits=5, decimal_places=1, default=Decimal("8"),
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))])
    organizer = models.CharField("举办单位", max_length=100, help_text="例如：区委组织部、区非公党工委、街道党工委。")
    topic = models.CharField("培训内容", max_length=200, blank=True)

    scope = Scope(region=("party_org__region",), party_org=("party_org",))

    class Meta:
        verbose_name = "书记培训"
        verbose_name_plural = "书记培训"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["attendee", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organizer}培训"

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "培训日期不能晚于今天：请在培训结束后录入。"
        if not (self.organizer or "").strip():
            errors["organizer"] = "请填写举办单位。"
        if errors:
            raise ValidationError(errors)


class PartyWorkerQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    def serving(self, on=None) -> PartyWorkerQuerySet:
        """Serving on a day (today): started, not ended, in an active party organization."""
        return self.current(on).filter(party_org__status=PartyOrg.Status.ACTIVE)


class PartyWorker(BaseModel):
    """专职党务工作者: a person working full-time on a party organization's Party affairs, from
    when to when — the list MEM-7 checks their yearly training against (003 §二 第二: 每年要對
    “兩新”組織黨組織書記和專職黨務工作者進行一次集中培訓). The person is a member of the roster, as
    a training's attendee is: their name, phone and 身份证号 stay where the roster keeps them
    (encrypted, masked by role), and a training recorded for the member counts. A change of person
    is a new row and the old one ends (结束任职), so who served when stays readable."""

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT,
                                  related_name="party_workers")
    member = models.ForeignKey("members.Member", verbose_name="专职党务工作者", on_delete=models.PROTECT,
                               related_name="party_work_posts", help_text="从党员名册中选择（本党组织或下级党组织的党员）。")
    position = models.CharField("岗位", max_length=100, blank=True, help_text="例如：党务专员、党群工作部主任。")
    start_date = models.DateField("任职日期", default=timezone.localdate)
    end_date = models.DateField("离任日期", null=True, blank=True,
                                help_text="不再专职从事党务工作时填写（“结束任职”）；接任者另行登记。")
    notes = models.CharField("备注", max_length=255, blank=True)

    objects = PartyWorkerQuerySet.as_manager()
    scope = Scope(region=("party_org__region",), party_org=("party_org",))

    class Meta:
        verbose_name = "专职党务工作者"
        verbose_name_plural = "专职党务工作者"
        ordering = ["party_org__name", "-start_date", "-pk"]
        indexes = [models.Index(fields=["member", "end_date"])]

    def __str__(self):
        # No name: the title of a page and of a change-log row says which post, the member
        # link (masked by role like every name) says who.
        if not (self.party_org_id and self.start_date):
            return "专职党务工作者"
        return f"{self.party_org}专职党务工作者（{self.start_date:%Y-%m-%d}起）"

    def clean(self):
        super().clean()
        validate_period(self)
        errors = {}
        if self.end_date and self.end_date > timezone.localdate():
            errors["end_date"] = "离任日期不能晚于今天：请在离任后填写。"
        if self.party_org_id and self.member_id:
            roster = Member.objects.filter(pk=self.member_id, party_org__in=PartyOrg.objects.subtree_ids(self.party_org_id))
            if not roster.exists():
                errors["member"] = f"专职党务工作者：请选择“{self.party_org}”（或其下级党组织）党员名册中的党员；不在名册中的，请先在党员名册中登记。"
            elif self.start_date:
                others = PartyWorker.objects.filter(party_org_id=self.party_org_id, member_id=self.member_id).exclude(pk=self.pk)
                if others.overlapping(self.start_date, self.end_date or datetime.date.max).exists():
                    errors["member"] = "该党员在这段时间已登记为本党组织的专职党务工作者：请修改原记录，或先结束原任职。"
        if errors:
            raise ValidationError(errors)
