"""The register of 结对共建 (seed 004 二): the units (机关、事业单位) and who is paired with whom.

A unit belongs to the district (区直、驻区单位) or to a street (街道机关、事业单位); its region says
which committee keeps it. A pairing joins a unit to one 两新 organization for a period; the
current pairings are a paired unit's jurisdiction (liangxin.pairing.jurisdiction).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liangxin.core.jurisdiction import Jurisdiction, Scope
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period
from liangxin.core.personal import Kind, Personal
from liangxin.regions.models import Region


class PairedUnitQuerySet(ScopedQuerySet):
    def jurisdiction_filter(self, jurisdiction: Jurisdiction, action: str = "view") -> Q:
        """A street sees the district's units paired in its street, but changes only the units
        it keeps itself (their region in its subtree): the district's units are the district's."""
        if action == "view" or jurisdiction.region_path is None:
            return super().jurisdiction_filter(jurisdiction, action)
        return Scope(region=("region",)).filter(self.model, jurisdiction, action)

    def eligible(self) -> PairedUnitQuerySet:
        """Units that must pair (PAIR-1, 004 二): district units with their own party organization
        at deputy-division level and above; every street unit."""
        return self.filter(Q(level=PairedUnit.Level.STREET) | Q(has_party_org=True, rank=PairedUnit.Rank.DEPUTY_DIVISION))


class PairedUnit(BaseModel):
    """A 机关 or 事业单位 that pairs with a 两新 organization."""

    class Level(models.TextChoices):
        DISTRICT = "district", "区直单位"
        STREET = "street", "街道单位"

    class Category(models.TextChoices):
        ORGAN = "organ", "机关"
        INSTITUTION = "institution", "事业单位"
        STATIONED = "stationed", "驻区（驻街）单位"

    class Rank(models.TextChoices):
        DEPUTY_DIVISION = "deputy_division", "副处级以上"
        SECTION = "section", "科级及以下"

    name = models.CharField("单位名称", max_length=200, unique=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.DISTRICT)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", null=True, on_delete=models.PROTECT, related_name="paired_units",
        help_text="区直单位选区县，街道单位选所在街道（乡镇、园区）：由该区域的党群共建办管理。",
    )
    category = models.CharField("单位类别", max_length=20, choices=Category.choices, default=Category.ORGAN)
    rank = models.CharField("机构级别", max_length=20, choices=Rank.choices, default=Rank.DEPUTY_DIVISION)
    has_party_org = models.BooleanField("单独组建党组织", default=True, help_text="党组织关系在本区、单独组建党组织。")
    party_org_name = models.CharField("单位党组织名称", max_length=200, blank=True)
    contact_name = models.CharField("联络人", max_length=50, blank=True)
    notes = models.TextField("备注", blank=True)

    objects = PairedUnitQuerySet.as_manager()
    # Where it is kept (its region) and where its paired organizations are.
    scope = Scope(region=("region", "pairings__organization__region"), organization=("pairings__organization",))
    personal = Personal(contact_name=Kind.NAME)

    class Meta:
        verbose_name = "结对共建单位"
        verbose_name_plural = "结对共建单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.region_id is None:
            raise ValidationError({"region": "请选择所属区域：区直单位选区县，街道单位选所在街道。"})
        wanted = Region.Level.STREET if self.level == self.Level.STREET else Region.Level.DISTRICT
        if self.region.level != wanted:
            raise ValidationError({"region": f"{self.get_level_display()}的所属区域应为{Region.Level(wanted).label}一级。"})


class PairingQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    """Pairings, current or over a period."""


class Pairing(BaseModel):
    """A unit paired with one organization (附件1 安排表: one row)."""

    unit = models.ForeignKey(PairedUnit, verbose_name="结对单位", on_delete=models.CASCADE, related_name="pairings")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="结对组织", on_delete=models.CASCADE, related_name="pairings"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    unit_contact = models.CharField("单位负责人", max_length=50, blank=True)
    organization_contact = models.CharField("组织负责人", max_length=50, blank=True,
                                            help_text="两新组织一方的负责人，例如党组织书记或党建联络员。")
    notes = models.TextField("备注", blank=True)

    objects = PairingQuerySet.as_manager()
    scope = Scope(region=("organization__region",), organization=("organization",))
    personal = Personal(unit_contact=Kind.NAME, organization_contact=Kind.NAME)

    class Meta:
        verbose_name = "结对关系"
        verbose_name_plural = "结对关系"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.unit} ↔ {self.organization}"

    def clean(self):
        super().clean()
        validate_period(self)
        if self.unit_id and self.organization_id and self.start_date:
            overlapping = Pairing.objects.filter(unit_id=self.unit_id, organization_id=self.organization_id)
            overlapping = overlapping.overlapping(self.start_date, self.end_date or self.start_date.replace(year=9999))
            if overlapping.exclude(pk=self.pk).exists():
                raise ValidationError({"organization": "该单位在这段时间已与这个组织结对，请修改已有的结对关系。"})
