"""Grid management (seed 002): the adjustments of the grid layout that street, town and park
committees make inside their jurisdiction (GRID-1, 002 二(一)).

The grids themselves are regions (liangxin.regions); a GridChange records one adjustment as a
whole (a split, a merge, organizations moved), beside the change log's row for every object it
touched, so that a grid's page can say what happened to it and when.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel


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
