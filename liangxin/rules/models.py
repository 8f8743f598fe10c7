"""Policy parameters as data (per-region overrides) and monthly coverage snapshots."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.rules.types import PARAMETERS


class ParameterOverrideQuerySet(ScopedQuerySet):
    def in_force(self, on=None) -> "ParameterOverrideQuerySet":
        """Overrides whose effective date has come; for one key and region the latest wins."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on)


def _parameter_choices():
    # A callable: the registry fills PARAMETERS when the apps are ready, after this module loads.
    return [(key, f"{p.title}（{p.unit}）") for key, p in sorted(PARAMETERS.items(), key=lambda item: item[1].title)]


# What as_manager() builds, named so that `objects` can be typed as the ClassVar BaseModel's is.
ParameterOverrideManager = models.Manager.from_queryset(ParameterOverrideQuerySet)


class ParameterOverride(BaseModel):
    """A region's own value for a policy parameter, from a date on. The value in force for a
    region is the override of its nearest ancestor-or-self region in force, else the default
    declared in the registry. Rows are never edited in place by the engine: a change of policy
    is a new row with a new effective date, so the history stays readable."""

    key = models.CharField("参数", max_length=64, choices=_parameter_choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name="适用区域", on_delete=models.PROTECT, related_name="parameter_overrides",
        help_text="该区域及其下级区域适用此值，下级区域另有设定的除外。",
    )
    value = models.IntegerField("取值")
    effective_from = models.DateField("生效日期", default=timezone.localdate)
    reason = models.CharField("依据/说明", max_length=255, help_text="例如：依据龙岗区文件，单独组建门槛为5名正式党员。")

    objects: ClassVar[ParameterOverrideManager] = ParameterOverrideManager()
    # A street reads its own overrides and those above it that apply to it (the district's), so
    # it always knows where a value in force comes from; it writes only its own subtree's.
    scope = Scope(region=("region",), ancestors=("view",))

    class Meta:
        verbose_name = "规则参数设定"
        verbose_name_plural = "规则参数设定"
        ordering = ["key", "region__path", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "region", "effective_from"], name="parameter_override_unique_date"),
        ]

    def __str__(self):
        return f"{self.region} · {self.parameter_title} = {self.value}（{self.effective_from:%Y-%m-%d}起）"

    @property
    def parameter_title(self) -> str:
        parameter = PARAMETERS.get(self.key)
        return parameter.title if parameter else self.key

    def clean(self):
        super().clean()
        parameter = PARAMETERS.get(self.key)
        if parameter is None:
            raise ValidationError({"key": "没有这个参数，请从列表中选择。"})
        if self.value is not None:
            if self.value < parameter.minimum:
                raise ValidationError({"value": f"“{parameter.title}”不能小于{parameter.minimum}{parameter.unit}。"})
            if parameter.maximum is not None and self.value > parameter.maximum:
                raise ValidationError({"value": f"“{parameter.title}”不能大于{parameter.maximum}{parameter.unit}。"})


class CoverageSnapshot(models.Model):
    """The coverage figures of one region subtree at the end of one month, written by
    `liangxin snapshot`. The ledger keeps no history of coverage, so a month that was not
    snapshotted cannot be reconstructed later: run the command monthly (cron, 1st of month)."""

    # PROTECT: a month's figures are history that cannot be rebuilt later; a region with them is
    # closed (merged), not deleted (Region.deletion_refusal says so to the user).
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="coverage_snapshots")
    month = models.DateField("月份", help_text="该月第一天；数值为该月末（或生成时）的状态。")
    taken_at = models.DateTimeField("生成时间", auto_now=True)
    organizations = models.IntegerField("在营组织数", default=0)
    organizations_economic = models.IntegerField("新经济组织数", default=0)
    organizations_social = models.IntegerField("新社会组织数", default=0)
    employees_economic = models.IntegerField("新经济组织从业人员", default=0)
    employees_social = models.IntegerField("新社会组织从业人员", default=0)
    members_economic = models.IntegerField("新经济组织党员", default=0)
    members_social = models.IntegerField("新社会组织党员", default=0)
    party_orgs_economic = models.IntegerField("新经济组织党组织", default=0)
    party_orgs_social = models.IntegerField("新社会组织党组织", default=0)
    org_covered = models.IntegerField("组织覆盖数", default=0)
    work_only_covered = models.IntegerField("仅工作覆盖数", default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region=("region",), ancestors=True)

    class Meta:
        verbose_name = "覆盖情况月度快照"
        verbose_name_plural = "覆盖情况月度快照"
        ordering = ["region__path", "month"]
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="coverage_snapshot_region_month")]

    def __str__(self):
        return f"{self.region} {self.month:%Y-%m}"

    @property
    def org_coverage_rate(self) -> float | None:
        return self.org_covered / self.organizations if self.organizations else None

    @property
    def work_coverage_rate(self) -> float | None:
        return (self.org_covered + self.work_only_covered) / self.organizations if self.organizations else None
