"""The points record (《积分行动记录本》, 附件2): what a paired unit did at its organization, and the
organization's Party leader's confirmation, which replaces the signature of 附件2 (004 四(二)).
Only confirmed records count, for the cadence (PAIR-2) and for points (PAIR-4)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind as PersonalKind  # PointsRecord.Kind is the record's kind
from liangxin.core.personal import Personal
from liangxin.pairing.models.register import Pairing
from liangxin.pairing.parameters import CAPS, POINT_KINDS
from liangxin.rules.values import ParameterValues

# Where a record sits: its organization's region (and the unit's own, for the street that keeps
# the unit); a paired unit and a secretary reach it through the organization.
RECORD_SCOPE = Scope(region=("pairing__organization__region", "pairing__unit__region"), organization=("pairing__organization",))


class PointsRecordQuerySet(ScopedQuerySet):
    def confirmed(self) -> PointsRecordQuerySet:
        return self.filter(status=PointsRecord.Status.CONFIRMED)

    def pending(self) -> PointsRecordQuerySet:
        return self.filter(status=PointsRecord.Status.PENDING)

    def in_year(self, year: int) -> PointsRecordQuerySet:
        return self.filter(date__year=year)

    def counted(self, year: int, until: datetime.date | None = None) -> PointsRecordQuerySet:
        """The records of this queryset that earn points in `year` (up to `until`, 31 December
        by default): confirmed, and among their unit's first records of their kind that year, up
        to the kind's yearly cap (附件3) in force on `until` for the organization's region; the
        rest are kept but earn nothing. The one definition of PAIR-4's points: the unit's page,
        the bulletin, the commendation, the leaders' overview and the annual report's table 13.

        The rank is taken over all of the year's confirmed records (before this queryset's own
        filters), so narrowing to a region or a kind never moves a record under its cap."""
        until = until or datetime.date(year, 12, 31)
        params = ParameterValues(until)
        path = "pairing__organization__region__path"
        cap = Case(*(When(kind=kind, then=params.expr(CAPS[kind], path)) for kind, *_ in POINT_KINDS),
                   default=Value(0), output_field=models.IntegerField())
        ranked = (PointsRecord.objects.confirmed().filter(date__year=year, date__lte=until)
                  .annotate(nth=Window(RowNumber(), partition_by=[F("pairing__unit"), F("kind")], order_by=[F("date"), F("pk")]),
                            cap=cap)
                  .filter(nth__lte=F("cap")))
        return self.filter(pk__in=ranked.values("pk"))


class PointsRecord(BaseModel):
    """One entry of the 积分行动记录本: date, kind, content, participants, results (PAIR-3)."""

    # The kinds of the points table (liangxin.pairing.parameters.POINT_KINDS), one list for both.
    Kind = models.TextChoices("Kind", [(kind.upper(), (kind, label)) for kind, label, *_ in POINT_KINDS])

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        RETURNED = "returned", "已退回"

    pairing = models.ForeignKey(Pairing, verbose_name="结对关系", on_delete=models.PROTECT, related_name="records")
    date = models.DateField("开展时间", default=timezone.localdate)
    kind = models.CharField("工作类别", max_length=20, choices=Kind.choices)
    content = models.TextField("工作内容")
    participants = models.CharField("参加人员", max_length=500)
    results = models.TextField("具体成效")
    status = models.CharField("确认状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey("accounts.User", verbose_name="确认人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField("确认日期", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=255, blank=True)
    # The points of the table in force for the organization's region on the record's date, set
    # when the record is confirmed, so that a later change of the table does not rewrite history.
    points = models.PositiveSmallIntegerField("积分", default=0)
    example = models.BooleanField("好的做法", default=False, help_text="督办检查时标为好的做法，在通报中推广。")

    objects = PointsRecordQuerySet.as_manager()
    scope = RECORD_SCOPE
    # Participants are people named in free text: hidden from the leader like every name.
    personal = Personal(participants=PersonalKind.NAME)

    class Meta:
        verbose_name = "积分行动记录"
        verbose_name_plural = "积分行动记录"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["pairing", "date"]), models.Index(fields=["status", "date"])]
        permissions = [("confirm_pointsrecord", "确认或退回积分行动记录")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.pairing.unit}"

    @property
    def editable(self) -> bool:
        """The unit changes a record until it is confirmed; a returned one is corrected and sent again."""
        return self.status != self.Status.CONFIRMED

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "开展时间不能晚于今天：请在开展后记录。"
        if self.pairing_id and self.date:
            pairing = self.pairing
            if self.date < pairing.start_date or (pairing.end_date and self.date > pairing.end_date):
                errors["date"] = "开展时间不在该结对关系的起止日期内，请核对日期或选择正确的结对关系。"
        for name in ("content", "participants", "results"):
            if not (getattr(self, name) or "").strip():
                errors[name] = f"请填写{self._meta.get_field(name).verbose_name}（附件2要求逐项记载）。"
        if errors:
            raise ValidationError(errors)


def _photo_path(instance, filename: str) -> str:
    # A random name: the file's name says nothing, and it is never under a public URL.
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"pairing/records/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RecordPhoto(BaseModel):
    """A photo of a record, served only by the scoped view `pairing:recordphoto_file`."""

    record = models.ForeignKey(PointsRecord, verbose_name="积分行动记录", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=_photo_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    scope = Scope(region=tuple(f"record__{f}" for f in RECORD_SCOPE.region),
                  organization=tuple(f"record__{f}" for f in RECORD_SCOPE.organization))

    class Meta:
        verbose_name = "记录照片"
        verbose_name_plural = "记录照片"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.record} 照片{self.pk or ''}"
