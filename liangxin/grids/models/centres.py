"""Service centres (GRID-6, 002 二(三) and 四 2): the open Party-and-mass service centres (党群服务中心)
and activity venues of parks, streets, towns, buildings, trade districts and markets, the grids
and organizations each serves, and the subsidies granted to them.

`CentreSubsidy` is deliberately plain, for the funding module (FUND-4, 003 §三 三 via 002 四 2)
to read: one row per centre, year and grant, `amount` in yuan as a Decimal (two places, never a
float), `kind` saying which of the seed's grants it is. Sum it with the database's Sum().
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.regions.models import Region


class ServiceCentreQuerySet(ScopedQuerySet):
    def in_use(self, on=None) -> "ServiceCentreQuerySet":
        """Open on the day (default today): opened by then and not closed by then."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(opened_on__lte=on).filter(models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=on))


class ServiceCentre(BaseModel):
    """A 党群服务中心 or an activity venue (阵地) serving the grids of an area (002 二(三):
    重点在工业园区、乡镇街道、商务楼宇、商贸区、专业市场等处……统筹建设开放式党群服务中心)."""

    class Kind(models.TextChoices):
        CENTRE = "centre", "党群服务中心"
        VENUE = "venue", "党员活动和服务阵地"

    class Location(models.TextChoices):
        PARK = "park", "工业园区"
        STREET = "street", "街道"
        TOWN = "town", "乡镇"
        BUILDING = "building", "商务楼宇"
        TRADE = "trade", "商贸区"
        MARKET = "market", "专业市场"
        COMMUNITY = "community", "社区（村）"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.CENTRE)
    location = models.CharField("所在场所", max_length=10, choices=Location.choices,
                                help_text="园区、街道、乡镇、商务楼宇、商贸区、专业市场或社区（村）。")
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="service_centres",
        help_text="建设和管理中心的街道（乡镇、园区）或社区（村、园区片区）。",
    )
    address = models.CharField("地址", max_length=200)
    area = models.DecimalField("面积（平方米）", max_digits=8, decimal_places=1, null=True, blank=True,
                               validators=[MinValueValidator(Decimal("1"), "面积：请填写大于0的平方米数，如 320。")])
    opened_on = models.DateField("启用日期", null=True, blank=True, help_text="尚未建成启用的留空。")
    closed_on = models.DateField("停用日期", null=True, blank=True)
    opening_hours = models.CharField("开放时间", max_length=100, blank=True, help_text="例如：周一至周六 9:00—18:00。")
    grids = models.ManyToManyField("regions.Region", verbose_name="服务网格", related_name="served_by_centres", blank=True,
                                   help_text="中心面向的网格（所属区域内）。")
    organizations = models.ManyToManyField("organizations.Organization", verbose_name="服务组织", related_name="service_centres",
                                           blank=True, help_text="网格以外另行服务的组织，如入驻楼宇的企业。")
    services = models.TextField("服务内容", blank=True,
                                help_text="为区域网格内企业提供的党建工作服务、指导和管理，如：党员教育、流动党员接纳、组织生活、政策咨询。")
    notes = models.TextField("备注", blank=True)

    objects = ServiceCentreQuerySet.as_manager()
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "党群服务中心"
        verbose_name_plural = "党群服务中心和阵地"
        ordering = ["region__path", "name"]

    def __str__(self):
        return self.name

    @property
    def in_use(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return bool(self.opened_on and self.opened_on <= today and not (self.closed_on and self.closed_on <= today))

    def clean(self):
        super().clean()
        if self.region_id and not Region.Level.DISTRICT <= self.region.level <= Region.Level.COMMUNITY:
            raise ValidationError({"region": "所属区域：请选择区县、街道（乡镇、园区）或社区（村、园区片区），网格请在“服务网格”中勾选。"})
        if self.closed_on and not self.opened_on:
            raise ValidationError({"closed_on": "停用日期：中心尚未启用，请先填写启用日期。"})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "停用日期不能早于启用日期。"})

    def clean_grids(self, grids) -> None:
        """The grids served lie in the centre's own area (run for forms and the API alike)."""
        if not self.region_id:
            return
        outside = [g.label for g in grids if not g.path.startswith(self.region.path)]
        if outside:
            raise ValidationError({"grids": f"服务网格：{'、'.join(outside)}不在“{self.region.name}”范围内，请只勾选本区域的网格。"})


class CentreSubsidy(BaseModel):
    """A subsidy granted to a centre for a year (002 四 2): the city's 100,000 yuan per park
    centre (市非公党工委将给予每个园区党群中心10万元的资金补助), the one-off work subsidy of at
    least 50,000 yuan for a county that launched its urban and rural pilots (重点用于对街道乡镇的
    奖励: recorded on the centre it went to), or another grant. Read by FUND-4."""

    class Kind(models.TextChoices):
        PARK_CENTRE = "park_centre", "园区党群中心资金补助（市非公党工委）"
        COUNTY_PILOT = "county_pilot", "城乡试点工作补贴（市非公党工委）"
        OTHER = "other", "其他补助"

    centre = models.ForeignKey(ServiceCentre, verbose_name="党群服务中心", on_delete=models.PROTECT, related_name="subsidies")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000, "年度：请填写四位年份，如 2016。")])
    kind = models.CharField("补助类型", max_length=20, choices=Kind.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"), "金额：请填写大于0的金额（元），最多两位小数，如 100000.00。")])
    granted_by = models.CharField("拨付单位", max_length=100, default="市非公党工委")
    granted_on = models.DateField("拨付日期", null=True, blank=True)
    document = models.CharField("文件依据", max_length=200, blank=True, help_text="例如：市委石党发32号文件。")
    notes = models.TextField("备注", blank=True)

    scope = Scope(region=("centre__region",))

    class Meta:
        verbose_name = "党群服务中心补助"
        verbose_name_plural = "党群服务中心补助"
        ordering = ["-year", "centre__name", "pk"]

    def __str__(self):
        return f"{self.centre} {self.year}年 {self.get_kind_display()}"
