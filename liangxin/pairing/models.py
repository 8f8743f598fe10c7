"""结对共建 (seed 004): government units paired with organizations.

The foundation keeps who is paired with whom, which is a paired unit's jurisdiction; the
points system of seed 004 builds on these two models.
"""

from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, PeriodQuerySetMixin, ScopedQuerySet, validate_period


class PairedUnit(BaseModel):
    class Level(models.TextChoices):
        DISTRICT = "district", "区直单位"
        STREET = "street", "街道单位"

    name = models.CharField("单位名称", max_length=200, unique=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.DISTRICT)

    # Where its paired organizations are.
    scope = Scope(region=("pairings__organization__region",), organization=("pairings__organization",))

    class Meta:
        verbose_name = "结对共建单位"
        verbose_name_plural = "结对共建单位"
        ordering = ["name"]

    def __str__(self):
        return self.name


class PairingQuerySet(PeriodQuerySetMixin, ScopedQuerySet):
    """Pairings, current or over a period."""


class Pairing(BaseModel):
    unit = models.ForeignKey(PairedUnit, verbose_name="结对单位", on_delete=models.CASCADE, related_name="pairings")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="结对组织", on_delete=models.CASCADE, related_name="pairings"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    objects = PairingQuerySet.as_manager()
    scope = Scope(region=("organization__region",), organization=("organization",))

    class Meta:
        verbose_name = "结对关系"
        verbose_name_plural = "结对关系"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.unit} ↔ {self.organization}"

    def clean(self):
        super().clean()
        validate_period(self)
