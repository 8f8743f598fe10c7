"""Grid management (seed 002): the adjustments of the grid layout that street, town and park
committees make inside their jurisdiction (GRID-1, 002 二(一)).

The grids themselves are regions (liangxin.regions); a GridChange records one adjustment as a
whole (a split, a merge, organizations moved), beside the change log's row for every object it
touched, so that a grid's page can say what happened to it and when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.core.personal import Kind, Personal
from liangxin.regions.models import Region


class GridChange(BaseModel):
    class Kind(models.TextChoices):
        SPLIT = "split", "拆分网格"
        MERGE = "merge", "合并网格"
        MOVE = "move", "调整组织所属网格"

    kind = models.CharField("调整类型", max_length=10, choices=Kind.choices)
    # The grid acted on: the one split, the one the others merged into, the one organizations left.
    region = models.ForeignKey("regions.Region", verbose_name="网格", on_delete=models.PROTECT, related_name="grid_changes")
    # The grids made by a split, merged into `region`, or receiving the organizations moved.
    other_regions = models.ManyToManyField("regions.Region", verbose_name="相关网格", related_name="+", blank=True)
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name="调整的组织", related_name="grid_changes", blank=True,
    )
    method = models.CharField("拆分方式", max_length=20, blank=True)
    changed_on = models.DateField("调整日期", default=timezone.localdate)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField("说明", max_length=500)

    # Where the grid is, and where the other grids are: both streets of a move see it.
    scope = Scope(region=("region", "other_regions"))

    class Meta:
        verbose_name = "网格调整记录"
        verbose_name_plural = "网格调整记录"
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.region.label}（{self.changed_on:%Y-%m-%d}）"


class OfficerQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    pass



class Officer(BaseModel):
    """GRID-4 (002 二(四)): each street, town, park, community and village names one leader in
    charge of non-public Party work (一名班子成员分管) and one staff member doing it (一名工作人员
    具体负责). A change of person is a new row: the old one ends, so who was in charge when stays
    readable."""

    class Duty(models.TextChoices):
        LEADER = "leader", "分管领导"
        STAFF = "staff", "具体负责工作人员"

    # Regions whose officers GRID-4 asks for: streets, towns and parks; communities and villages.
    LEVELS = (Region.Level.STREET, Region.Level.COMMUNITY)

    region = models.ForeignKey(
        "regions.Region", verbose_name="所属街道/社区", on_delete=models.PROTECT, related_name="officers",
        help_text="街道、乡镇、园区，或社区、村、园区片区。",
    )
    duty = models.CharField("职责", max_length=10, choices=Duty.choices)
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True, help_text="例如：街道党工委副书记。")
    phone = EncryptedCharField("联系电话", blank=True, mask="mask_phone")
    start_date = models.DateField("任职日期", default=timezone.localdate)
    end_date = models.DateField("离任日期", null=True, blank=True, help_text="不再分管或负责时填写；接任者另行登记。")

    objects = OfficerQuerySet.as_manager()
    scope = Scope(region=("region",))
    personal = Personal(person=True, name=Kind.NAME)

    class Meta:
        verbose_name = "分管领导和工作人员"
        verbose_name_plural = "分管领导和工作人员"
        ordering = ["region__path", "duty", "-start_date"]

    def __str__(self):
        return f"{self.region.label}{self.get_duty_display()} {self.name}"

    def clean(self):
        super().clean()
        validate_period(self)
        if self.region_id and self.region.level not in self.LEVELS:
            raise ValidationError({"region": "所属街道/社区：请选择您管辖范围内的街道（乡镇、园区）或社区（村、园区片区），网格不设分管领导。"})


class TrackingRecord(BaseModel):
    """GRID-5 (002 二(二)2): the grid's own record of what it learned in its dynamic contact with
    its organizations (增减、党员流入流出、优秀分子), dated; a grid with none for the period the
    parameter sets is flagged."""

    region = models.ForeignKey("regions.Region", verbose_name="网格", on_delete=models.PROTECT, related_name="tracking_records")
    recorded_on = models.DateField("记录日期", default=timezone.localdate)
    content = models.TextField("掌握情况", help_text="本期走访联络掌握的企业增减、党员流入流出、优秀分子等情况。")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "网格动态跟踪记录"
        verbose_name_plural = "网格动态跟踪记录"
        ordering = ["-recorded_on", "-pk"]

    def __str__(self):
        return f"{self.region.label} {self.recorded_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if self.region_id and self.region.level < Region.Level.COMMUNITY:
            raise ValidationError({"region": "网格：请选择网格，或尚未划分网格的社区（村、园区片区）。"})


class PromisingEmployee(BaseModel):
    """GRID-5 (002 二(二)2: 企业员工中优秀分子): an employee the grid noted as a possible activist.
    A person: shown and masked like members."""

    organization = models.ForeignKey("organizations.Organization", verbose_name="所在组织", on_delete=models.CASCADE,
                                     related_name="promising_employees")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("岗位", max_length=100, blank=True)
    reason = models.CharField("优秀表现", max_length=500, help_text="为什么值得培养，如：技术骨干、获评优秀员工、主动靠近党组织。")
    noted_on = models.DateField("记录日期", default=timezone.localdate)

    scope = Scope(region=("organization__region",), organization=("organization",))
    personal = Personal(person=True, name=Kind.NAME)

    class Meta:
        verbose_name = "优秀员工"
        verbose_name_plural = "优秀员工"
        ordering = ["-noted_on", "-pk"]

    def __str__(self):
        return self.name
