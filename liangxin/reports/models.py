"""The committee's quarterly bulletin (REP-3, 004 四(三)): drafted by the system from the record
(liangxin.reports.bulletins), reviewed, then frozen with its figures and its Word document, so
that later changes to the ledger do not alter what was issued. The office's own Word template
for it (BulletinTemplate) is kept per region."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel
from liangxin.regions.models import Region

QUARTERS = [(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]


class QuarterlyBulletin(BaseModel):
    """One committee's bulletin for one quarter. `figures` holds every number the document
    prints, computed when drafted (and refreshed while a draft); `frozen_docx` the issued
    document itself."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEWED = "reviewed", "已审核"
        FROZEN = "frozen", "已定稿"

    region = models.ForeignKey("regions.Region", verbose_name="通报范围", on_delete=models.PROTECT, related_name="quarterly_bulletins",
                               help_text="区委组织部选区县，街道党（工）委选本街道。")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=QUARTERS)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    issuer = models.CharField("发文单位", max_length=100, blank=True, help_text="如“中共××区委组织部”；不填按通报范围生成。")
    good_practice = models.TextField("好的做法和经验", blank=True, help_text="每段一行，写入通报第五部分（结对共建中标注为好的做法的记录自动列在其后）。")
    requirements = models.TextField("下一步工作要求", blank=True, help_text="每段一行，写入通报第六部分。")
    figures = models.JSONField("通报数据", default=dict, blank=True, editable=False)
    drafted_at = models.DateTimeField("数据生成时间", null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey("accounts.User", verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey("accounts.User", verbose_name="定稿人", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", editable=False)
    frozen_at = models.DateTimeField("定稿时间", null=True, blank=True, editable=False)
    frozen_docx = models.BinaryField("定稿文档", null=True, blank=True, editable=False)

    scope = Scope(region=("region",))
    # The document's bytes are not a change anyone reads in the log.
    audit_exclude_fields = ("frozen_docx", "figures")

    class Meta:
        verbose_name = "季度通报"
        verbose_name_plural = "季度通报"
        ordering = ["-year", "-quarter", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "quarter"], name="reports_bulletin_once_a_quarter")]

    def __str__(self):
        return f"{self.region.name}{self.title}"

    @property
    def title(self) -> str:
        return f"{self.year}年{self.get_quarter_display()}“两新”组织党建工作通报"

    @property
    def issuer_name(self) -> str:
        if self.issuer:
            return self.issuer
        if self.region.level == Region.Level.DISTRICT:
            return f"中共{self.region.name}委组织部"
        return f"中共{self.region.name}工作委员会"

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in (Region.Level.DISTRICT, Region.Level.STREET):
            raise ValidationError({"region": "通报范围应为区县（区委组织部）或街道（街道党（工）委）。"})


class BulletinTemplate(BaseModel):
    """A region's own Word template for its quarterly bulletins (the office's letterhead, fonts
    and wording), with the placeholders of liangxin.reports.bulletin_docx. A region without
    one uses its nearest ancestor's, else the built-in template."""

    region = models.OneToOneField("regions.Region", verbose_name="适用范围", on_delete=models.CASCADE, related_name="bulletin_template")
    name = models.CharField("文件名", max_length=200)
    content = models.BinaryField("模板文件", editable=False)

    scope = Scope(region=("region",))
    audit_exclude_fields = ("content",)

    class Meta:
        verbose_name = "通报模板"
        verbose_name_plural = "通报模板"

    def __str__(self):
        return f"{self.region.name}通报模板"
