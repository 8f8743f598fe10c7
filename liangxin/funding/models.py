"""Party-building funding (FUND-1…3, 003 §三 三): the county's budget of so much per member a
year, allocated to party organizations by affiliation (拨付) and spent by them; the retained share
of dues returned in full; each organization's set-aside of 0.5%–2% of payroll. Amounts are
Decimal yuan to the fen, never floats."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel

YUAN = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"), "金额不能为负数。")]}


def _year_field():
    return models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000, "请填写四位年度，如2026。")])


class Allocation(BaseModel):
    """FUND-1: money allocated from a region's budget to a party organization for a year."""

    region = models.ForeignKey("regions.Region", verbose_name="经费所属区域", on_delete=models.PROTECT, related_name="+",
                               help_text="拨付经费的区县或街道（乡镇、园区）。")
    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="拨付党组织", on_delete=models.PROTECT, related_name="+")
    year = _year_field()
    date = models.DateField("拨付日期")
    amount = models.DecimalField("金额（元）", **YUAN)
    note = models.CharField("备注", max_length=200, blank=True)

    scope = Scope(region=("region", "party_org__region"), party_org=("party_org",))

    class Meta:
        verbose_name = "经费拨付"
        verbose_name_plural = "经费拨付"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.party_org}：{self.amount}元（{self.year}年）"

    def clean(self):
        super().clean()
        if self.party_org_id and self.region_id and not self.party_org.region.path.startswith(self.region.path):
            raise ValidationError({"party_org": "拨付的党组织不在经费所属区域内，请核对。"})


class Expense(BaseModel):
    """FUND-1: spending of a party organization against its allocation."""

    class Purpose(models.TextChoices):
        EDUCATION = "education", "党员教育培训"
        ACTIVITY = "activity", "组织生活和活动"
        VENUE = "venue", "阵地建设"
        CARE = "care", "走访慰问"
        OTHER = "other", "其他"

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    year = _year_field()
    date = models.DateField("支出日期")
    amount = models.DecimalField("金额（元）", **YUAN)
    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    description = models.CharField("摘要", max_length=200)

    scope = Scope(region=("party_org__region",), party_org=("party_org",))

    class Meta:
        verbose_name = "经费支出"
        verbose_name_plural = "经费支出"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.description}：{self.amount}元"


class DuesReturn(BaseModel):
    """FUND-2: the retained share of a party organization's dues for a year, and what was returned."""

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    year = _year_field()
    retained = models.DecimalField("留存党费应返还（元）", **YUAN)
    returned = models.DecimalField("已返还（元）", default=Decimal("0"), **YUAN)
    returned_on = models.DateField("返还日期", null=True, blank=True)

    scope = Scope(region=("party_org__region",), party_org=("party_org",))

    class Meta:
        verbose_name = "党费返还"
        verbose_name_plural = "党费返还"
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["party_org", "year"], name="one_dues_return_a_year")]

    def __str__(self):
        return f"{self.party_org} {self.year}年党费返还"


class SetAside(BaseModel):
    """FUND-3: what an organization set aside for Party education in a year, against its payroll
    (the ledger's 工资总额, in 万元)."""

    organization = models.ForeignKey("organizations.Organization", verbose_name="组织", on_delete=models.PROTECT,
                                     related_name="+")
    year = _year_field()
    amount = models.DecimalField("列支党员教育活动经费（元）", **YUAN)

    scope = Scope(region=("organization__region",), organization=("organization",))

    class Meta:
        verbose_name = "党员教育活动经费列支"
        verbose_name_plural = "党员教育活动经费列支"
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_set_aside_a_year")]

    def __str__(self):
        return f"{self.organization} {self.year}年"

    @property
    def payroll_yuan(self) -> Decimal | None:
        payroll = self.organization.payroll
        return payroll * 10000 if payroll is not None else None

    @property
    def rate(self) -> Decimal | None:
        """The share of payroll, in percent to two places."""
        payroll = self.payroll_yuan
        if not payroll:
            return None
        return (self.amount * 100 / payroll).quantize(Decimal("0.01"))
