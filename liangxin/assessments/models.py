"""Standardization (规范化建设) of party organizations: the 六有 and 五个一 checklists (STD-1,
STD-2), filled by the secretary with evidence and verified or returned by the street, and the
yearly 双强六好 and 五个好 ratings (STD-3, STD-4) of a street, approved by its committee and then
read-only. They feed COV-1's rates and ORG-10's stages (liangxin.assessments.standing)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from liangxin.assessments.parameters import (
    AREA,
    DEFAULT_ITEMS,
    DIMENSIONS,
    FIVE_GOOD,
    FIVE_ONES,
    PHOTO,
    SIX_HAVE,
    SSH,
    SYSTEMS,
)
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.partylife.models import ClassificationQuerySet

STANDARDS = [(SIX_HAVE, "六有"), (FIVE_ONES, "五个一")]


class ChecklistItemQuerySet(ClassificationQuerySet):
    def usable(self):
        return self.filter(active=True)

    def install_defaults(self) -> None:
        """The checklists' first items, where missing (after a flush: the demo's reset)."""
        for order, (standard, code, name, requirement, evidence, citation) in enumerate(DEFAULT_ITEMS, start=1):
            if not self.filter(standard=standard, code=code).exists():
                self.create(standard=standard, code=code, name=name, requirement=requirement, evidence=evidence,
                            source=citation.reference, quote=citation.text, order=order * 10)


class ChecklistItem(BaseModel):
    """One item of a checklist, with its citation and the evidence it asks for. Data: an
    administrator adds, words or retires items."""

    class Evidence(models.TextChoices):
        PHOTO = PHOTO, "照片"
        AREA = AREA, "面积和照片"
        SYSTEMS = SYSTEMS, "制度清单"

    standard = models.CharField("标准", max_length=20, choices=STANDARDS)
    code = models.CharField("代码", max_length=30, blank=True, editable=False)
    name = models.CharField("项目", max_length=50)
    requirement = models.CharField("要求", max_length=200)
    evidence = models.CharField("佐证", max_length=20, choices=Evidence.choices, default=Evidence.PHOTO)
    source = models.CharField("出处", max_length=100, blank=True)
    quote = models.TextField("原文", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)
    region = models.ForeignKey("regions.Region", verbose_name="维护区域", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="留空为全区统一的项目。")

    objects = ChecklistItemQuerySet.as_manager()
    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "规范化建设项目"
        verbose_name_plural = "规范化建设项目"
        ordering = ["standard", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["standard", "name"], name="assessments_item_once")]

    def __str__(self):
        return f"{self.get_standard_display()}：{self.name}"


CHECKLIST_SCOPE = Scope(region=("party_org__region",), party_org=("party_org",))


class Checklist(BaseModel):
    """A party organization's 六有 or 五个一 checklist: one entry per item."""

    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", on_delete=models.CASCADE,
                                  related_name="checklists")
    standard = models.CharField("标准", max_length=20, choices=STANDARDS)

    scope = CHECKLIST_SCOPE

    class Meta:
        verbose_name = "规范化建设清单"
        verbose_name_plural = "规范化建设清单"
        ordering = ["party_org__name", "standard"]
        constraints = [models.UniqueConstraint(fields=["party_org", "standard"], name="assessments_checklist_once")]

    def __str__(self):
        return f"{self.party_org} · {self.get_standard_display()}"

    def save(self, *args, **kwargs):
        new = self.pk is None
        super().save(*args, **kwargs)
        if new:
            items = ChecklistItem.objects.usable().filter(standard=self.standard)
            ChecklistEntry.objects.bulk_create([ChecklistEntry(checklist=self, item=item) for item in items])

    @property
    def progress(self) -> dict[str, int]:
        counts = {status: 0 for status, _ in ChecklistEntry.Status.choices}
        for entry in self.entries.all():
            counts[entry.status] += 1
        return counts

    @property
    def status_label(self) -> str:
        counts, total = self.progress, self.entries.count()
        if total and counts[ChecklistEntry.Status.VERIFIED] == total:
            return "已全部核实"
        if counts[ChecklistEntry.Status.RETURNED]:
            return f"{counts[ChecklistEntry.Status.RETURNED]}项被退回"
        if counts[ChecklistEntry.Status.SUBMITTED]:
            return f"{counts[ChecklistEntry.Status.SUBMITTED]}项待核实"
        return f"已核实{counts[ChecklistEntry.Status.VERIFIED]}/{total}项"


def _evidence_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"assessments/evidence/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ChecklistEntry(BaseModel):
    """One item of a party organization's checklist: the secretary's evidence (a photo, the
    room's floor area, the list of systems), and the street's verification or return."""

    class Status(models.TextChoices):
        EMPTY = "empty", "未填报"
        SUBMITTED = "submitted", "待核实"
        VERIFIED = "verified", "已核实"
        RETURNED = "returned", "已退回"

    checklist = models.ForeignKey(Checklist, verbose_name="清单", on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(ChecklistItem, verbose_name="项目", on_delete=models.PROTECT, related_name="entries")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.EMPTY)
    area = models.DecimalField("面积（平方米）", max_digits=6, decimal_places=1, null=True, blank=True,
                               validators=[MaxValueValidator(10000)])
    systems = models.TextField("制度清单", blank=True, help_text="每行一项制度名称。")
    note = models.CharField("说明", max_length=255, blank=True)
    image = models.FileField("照片", upload_to=_evidence_path, max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=50, blank=True)
    submitted_on = models.DateField("填报日期", null=True, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", verbose_name="核实人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField("核实日期", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=255, blank=True)

    scope = Scope(region=("checklist__party_org__region",), party_org=("checklist__party_org",))

    class Meta:
        verbose_name = "规范化建设填报"
        verbose_name_plural = "规范化建设填报"
        ordering = ["item__order", "pk"]
        permissions = [("verify_checklistentry", "核实或退回规范化建设填报")]

    def __str__(self):
        return f"{self.checklist} · {self.item.name}"

    def clean(self):
        super().clean()
        evidence = self.item.evidence if self.item_id else None
        if self.status != self.Status.SUBMITTED:
            return
        errors = {}
        if evidence == AREA and not self.area:
            errors["area"] = "请填写活动场所的面积（平方米）。"
        if evidence == SYSTEMS and not self.systems.strip():
            errors["systems"] = "请逐行填写已建立的制度名称。"
        if evidence in (PHOTO, AREA) and not self.image:
            errors["image"] = "请上传现场照片作为佐证。"
        if errors:
            raise ValidationError(errors)

    @property
    def system_list(self) -> list[str]:
        return [line.strip() for line in self.systems.splitlines() if line.strip()]


class RatingRound(BaseModel):
    """A street's yearly round of one rating: 双强六好 (enterprises) or 五个好 (party organizations).
    Scored by the street, approved by its committee; read-only once approved."""

    class Scheme(models.TextChoices):
        SSH = SSH, "双强六好"
        FIVE_GOOD = FIVE_GOOD, "五个好"

    class Status(models.TextChoices):
        DRAFT = "draft", "评定中"
        APPROVED = "approved", "已审定"

    region = models.ForeignKey("regions.Region", verbose_name="街道（乡镇、园区）", on_delete=models.PROTECT,
                               related_name="rating_rounds")
    year = models.PositiveSmallIntegerField("年度")
    scheme = models.CharField("评定类别", max_length=20, choices=Scheme.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey("accounts.User", verbose_name="审定人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_on = models.DateField("审定日期", null=True, blank=True)
    notes = models.TextField("说明", blank=True)

    scope = Scope(region=("region",))

    class Meta:
        verbose_name = "评定"
        verbose_name_plural = "评定"
        ordering = ["-year", "region__path", "scheme"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "scheme"], name="assessments_round_once")]
        permissions = [("approve_ratinground", "审定评定结果")]

    def __str__(self):
        return f"{self.region} {self.year}年度“{self.get_scheme_display()}”评定"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def clean(self):
        super().clean()
        if self.year and not 2000 <= self.year <= timezone.localdate().year:
            raise ValidationError({"year": f"年度应在2000年至{timezone.localdate().year}年之间。"})


class RatingQuerySet(ScopedQuerySet):
    def approved(self):
        return self.filter(round__status=RatingRound.Status.APPROVED)


class Rating(BaseModel):
    """One subject's rating in a round: the score of each dimension (0–100), the suggestion the
    system computed from the data it holds, and whether it passed (liangxin.assessments.rating)."""

    round = models.ForeignKey(RatingRound, verbose_name="评定", on_delete=models.CASCADE, related_name="ratings")
    organization = models.ForeignKey("organizations.Organization", verbose_name="企业", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="ratings")
    party_org = models.ForeignKey("partyorgs.PartyOrg", verbose_name="党组织", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="ratings")
    scores = models.JSONField("各项得分", default=dict, blank=True)
    suggested = models.JSONField("建议得分", default=dict, blank=True)
    basis = models.JSONField("建议依据", default=dict, blank=True)
    average = models.DecimalField("平均分", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("达标", default=False)
    evidence = models.TextField("评定依据", blank=True)

    objects = RatingQuerySet.as_manager()
    scope = Scope(region=("round__region",))

    class Meta:
        verbose_name = "评定结果"
        verbose_name_plural = "评定结果"
        ordering = ["round", "pk"]

    def __str__(self):
        return f"{self.subject} · {self.round.get_scheme_display()}{self.round.year}"

    @property
    def subject(self):
        return self.organization if self.round.scheme == SSH else self.party_org

    @property
    def dimensions(self) -> tuple[tuple[str, str], ...]:
        return DIMENSIONS[self.round.scheme]
