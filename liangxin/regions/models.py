"""The region tree (GRID-1): district → street/town/park → community/village/zone → grid.

A materialized path ("1/5/23/", the ids from the root, each followed by "/") makes a subtree
one indexed prefix query; the trailing "/" keeps "1/5/" from matching "1/52/". Moving a node
rewrites the paths of its subtree in a single UPDATE.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.functions import Concat, Length, Substr

from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Jurisdiction, Scope, is_tree_root
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind, Personal


class RegionQuerySet(ScopedQuerySet):
    def subtree(self, region: "Region") -> "RegionQuerySet":
        return self.filter(path__startswith=region.path)

    def open(self) -> "RegionQuerySet":
        """The regions in use: a grid merged into another is kept (closed) with its history."""
        return self.filter(closed_on__isnull=True)

    def jurisdiction_filter(self, jurisdiction: Jurisdiction, action: str = "view") -> models.Q:
        """A region user sees their own region but changes only what lies below it: a street
        committee runs the communities and grids of its street (002 二(一)), not the street
        itself, which is the district's to define. The district's administrators hold the top
        of the tree and define it."""
        q = super().jurisdiction_filter(jurisdiction, action)
        if action != "view" and jurisdiction.region_path and not is_tree_root(jurisdiction.region_path):
            q &= ~models.Q(path=jurisdiction.region_path)
        return q


class Region(BaseModel):
    class Level(models.IntegerChoices):
        PROVINCE = 1, "省"
        CITY = 2, "市"
        DISTRICT = 3, "区/县"
        STREET = 4, "街道/乡镇/园区"
        COMMUNITY = 5, "社区/村/园区片区"
        GRID = 6, "网格"

    code = models.CharField(
        "区划代码", max_length=20, unique=True,
        help_text="统计用区划代码式编码，如 440307001003；只能是数字。",
    )
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区域", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    class StreetKind(models.TextChoices):
        STREET = "street", "街道"
        TOWN = "town", "乡镇"
        PARK = "park", "工业园区"

    # Seed 002 treats the three differently: parks build a 党群服务中心 by a deadline (四 2, GRID-6),
    # each county pilots at least one town and one street (三 2, GRID-7).
    street_kind = models.CharField("类别", max_length=10, choices=StreetKind.choices, blank=True,
                                   help_text="街道/乡镇/园区层级填写：街道、乡镇或工业园区。")
    path = models.CharField("路径", max_length=255, editable=False, db_index=True, default="")
    # GRID-3: a grid's lead party organization and responsible person.
    lead_party_org = models.ForeignKey(
        "partyorgs.PartyOrg", verbose_name="牵头党组织", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_regions",
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_phone = EncryptedCharField("责任人联系电话", blank=True, mask="mask_phone")
    # A grid merged into another is closed, not deleted: its coverage snapshots and change log
    # stay with the grid they were computed for (liangxin.grids.operations).
    closed_on = models.DateField("撤销日期", null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入区域", null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="merged_regions",
    )

    objects = RegionQuerySet.as_manager()
    # Its own subtree; the roles scoped by organization see the regions their organizations sit in.
    scope = Scope(region=("pk",), organization=("organizations",))
    personal = Personal(responsible_person=Kind.NAME)

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="region_path_like", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return f"{self.name}（已撤销）" if self.closed_on else self.name

    @property
    def label(self) -> str:
        """The name people recognise in a list: grids are numbered within their community
        ("第3网格"), so a grid is shown with its community's name. Lists select the parent
        with the region (select_related("region__parent")) so this costs no query."""
        if self.level == self.Level.GRID and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def clean(self):
        super().clean()
        if self.code and not re.fullmatch(r"\d{2,20}", self.code):
            raise ValidationError({"code": "区划代码只能由数字组成（2至20位），如 440307001003。"})
        if self.street_kind and self.level != self.Level.STREET:
            raise ValidationError({"street_kind": "类别：只有街道/乡镇/园区层级需要填写类别，其他层级请留空。"})
        if self.parent_id:
            parent = self.parent
            if self.pk and parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": "不能把区域移动到它自己或它的下级之下，请选择其他上级区域。"})
            if parent.closed_on:
                raise ValidationError({"parent": f"“{parent.name}”已撤销（并入{parent.merged_into}），请选择在用的上级区域。"})
            if self.level and self.level <= parent.level:
                raise ValidationError(
                    {"level": f"层级必须低于上级区域（上级“{parent.name}”为{parent.get_level_display()}）。"}
                )
        # GRID-3 (002 二(一)): the lead is an enterprise's party organization in the grid or the
        # community's own (村社区党组织及其它网格牵头党组织), not one from elsewhere.
        if (self.lead_party_org_id and self.parent_id and self.lead_party_org.region_id
                and not self.lead_party_org.region.path.startswith(self.parent.path)):
            raise ValidationError({"lead_party_org": f"牵头党组织应为本网格内企业的党组织或“{self.parent.name}”的党组织，请重新选择。"})

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Region, instance=self)):
            old_path = self.path
            if not self.pk:
                super().save(*args, **kwargs)
            new_path = (self.parent.path if self.parent_id else "") + f"{self.pk}/"
            if new_path != old_path:
                self.path = new_path
                if old_path:
                    # Move: the whole subtree follows in one statement.
                    Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(models.Value(new_path), Substr("path", Length(models.Value(old_path)) + 1))
                    )
            kwargs.pop("force_insert", None)
            super().save(*args, **kwargs)

    def deletion_refusal(self) -> str:
        """Why this region may not be deleted, or "" (the page and the API both ask): its monthly
        coverage snapshots are history (a month not snapshotted cannot be rebuilt), and a closed
        grid is kept with its history on purpose. The snapshots' foreign key PROTECTs them too."""
        if self.closed_on:
            return f"“{self.name}”已于{self.closed_on:%Y-%m-%d}撤销（并入{self.merged_into}），撤销的网格保留历史数据，不能删除。"
        if self.coverage_snapshots.exists():  # the reverse relation: regions imports nothing of rules
            return (f"“{self.name}”已有覆盖情况月度统计，删除会丢失历史数据，不能删除；"
                    "如需撤销网格，请在相邻网格页用“合并网格”把它并入。")
        return ""

    def ancestors(self) -> "RegionQuerySet":
        ids = [int(part) for part in self.path.split("/") if part][:-1]
        return Region.objects.filter(pk__in=ids).order_by("level")

    def ancestors_in_scope(self, user) -> list["Region"]:
        """The ancestors the user may open: a page's breadcrumb above this region."""
        return list(self.ancestors().filter(pk__in=Region.objects.scoped(user).values("pk")))
