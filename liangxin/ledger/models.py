"""Import jobs (an uploaded file on its way in), large export jobs and census campaigns (摸底, REP-1)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils import timezone

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind, Personal
from liangxin.ops.signals import task_lost
from liangxin.organizations.models import Organization, covered_by_party_org
from liangxin.regions.models import Region


class BackgroundJob(BaseModel):
    """What an import job and an export job share: the jurisdiction of who asked, the background
    task running it (liangxin.ledger.tasks), what its page says, and being marked failed when that
    task's worker died (liangxin.ops.worker). Each names its own statuses: the ones a running job
    is in (RUNNING), and FAILED."""

    region_path = models.CharField(max_length=255, blank=True, db_index=True)
    message = models.TextField("说明", blank=True)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True, db_index=True)

    # A job carries the jurisdiction path of the user who asked for it.
    scope = Scope(path="region_path")

    RUNNING: tuple[str, ...] = ()
    INTERRUPTED = ""  # the page's message when the worker died mid-way
    LOST_FIELDS: dict = {}  # more fields to set then

    class Meta:
        abstract = True

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @classmethod
    def mark_lost(cls, task_id: str) -> None:
        cls.objects.filter(task_id=task_id, status__in=cls.RUNNING).update(
            status=cls.Status.FAILED, message=cls.INTERRUPTED, updated=timezone.now(), **cls.LOST_FIELDS,
        )


class ImportJob(BackgroundJob):
    """One uploaded file: validated first (the preview), then imported when confirmed."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", "两新组织台账"
        REGIONS = "regions", "区域网格"
        CENSUS = "census", "摸底表"
        PAIRINGS = "pairings", "结对共建工作安排表"

    class Status(models.TextChoices):
        VALIDATING = "validating", "正在检查"
        VALID = "valid", "检查通过，待确认"
        INVALID = "invalid", "有错误，未导入"
        REFUSED = "refused", "文件被拒绝"
        IMPORTING = "importing", "正在导入"
        DONE = "done", "已导入"
        FAILED = "failed", "导入失败，未保存任何数据"

    class Action(models.TextChoices):
        PREVIEW = "preview", "检查"
        CONFIRM = "confirm", "导入"

    class Stage(models.TextChoices):
        QUEUED = "queued", "排队等待后台任务进程"
        ROWS = "rows", "逐行检查"
        FINISH = "finish", "汇总检查"
        WRITING = "writing", "写入数据库"
        REPORT = "report", "生成错误标注文件"
        ENDED = "ended", "已结束"

    # Shown when the worker running the job died (liangxin.ops.worker): nothing was saved, since
    # the import's transaction ended with its connection, and the file is kept to run it again.
    INTERRUPTED = ("后台任务进程在处理这个文件时意外中止（例如服务器重启或进程被强行结束），"
                   "没有保存任何数据。文件仍然保留，可以点击“重新运行”再试一次。")
    RUNNING = (Status.VALIDATING, Status.IMPORTING)
    LOST_FIELDS = {"stage": Stage.ENDED}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField("导入内容", max_length=20, choices=Kind.choices, default=Kind.LEDGER)
    census = models.ForeignKey("ledger.Census", verbose_name="摸底", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to="ledger/imports/")
    report = models.FileField("错误标注文件", upload_to="ledger/reports/", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.VALIDATING)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("修改", default=0)
    unchanged_count = models.PositiveIntegerField("未变", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（前若干条）", default=list, blank=True)
    preview = models.JSONField("预览", default=dict, blank=True)
    # Where the background job stands, written by the worker as it goes (liangxin.ledger.jobs):
    # in the row, so a page reload, a restarted web server or another web process all see it.
    action = models.CharField("操作", max_length=10, choices=Action.choices, default=Action.PREVIEW)
    stage = models.CharField("进度阶段", max_length=10, choices=Stage.choices, default=Stage.QUEUED)
    progress_done = models.PositiveIntegerField("已处理行数", default=0)
    progress_total = models.PositiveIntegerField("估计总行数", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ledger:import_detail", args=[self.pk])

    @property
    def can_rerun(self) -> bool:
        """A job that failed for a reason other than its file (an interrupted worker) can be run
        again, as long as its file is still kept."""
        return self.status == self.Status.FAILED and bool(self.file)


class ExportJob(BackgroundJob):
    """A large export (more rows than LEDGER_EXPORT_INLINE_ROWS), written by the background worker
    and downloaded from its page when ready; smaller exports are answered in the request."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队等待后台任务进程"
        RUNNING = "running", "正在导出"
        DONE = "done", "已完成，可以下载"
        FAILED = "failed", "导出失败"

    INTERRUPTED = "后台任务进程在导出时意外中止（例如服务器重启或进程被强行结束）。请点击“重新导出”再试一次。"
    RUNNING = (Status.QUEUED, Status.RUNNING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", null=True, on_delete=models.SET_NULL, related_name="+")
    key = models.CharField("导出内容", max_length=20)  # liangxin.ledger.exporting.EXPORTS
    title = models.CharField("名称", max_length=100)
    params = models.JSONField("筛选条件", default=list, blank=True)  # the query string as [name, [values…]] pairs
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField("行数", default=0)
    file = models.FileField("文件", upload_to="ledger/exports/", blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created"]

    def __str__(self):
        return f"导出{self.title}"

    @property
    def query_string(self) -> str:
        return urlencode([(name, value) for name, values in self.params for value in values])


@receiver(task_lost)
def mark_lost_jobs(sender, task_id: str, **kwargs) -> None:
    """The worker running this task died: say so on the job's page (liangxin.ops.worker)."""
    for model in (ImportJob, ExportJob):
        model.mark_lost(task_id)


class Census(BaseModel):
    """A census campaign over a region, with a deadline. Closing it freezes its records."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    name = models.CharField("摸底名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey("regions.Region", verbose_name="摸底范围", on_delete=models.PROTECT, related_name="censuses")
    deadline = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    # The policy parameter standalone_min_members in force for the region when the census
    # opened (liangxin.rules); kept here so the census can be re-read later exactly as it was.
    threshold = models.PositiveSmallIntegerField(
        "单独组建所需正式党员数", validators=[MinValueValidator(1)],
        help_text="开启摸底时按政策参数“单独组建的正式党员数”（县讲话、镇实施方案为3名，区结对共建通知为5名）在该区域的现行值填入。",
    )
    threshold_source = models.CharField("门槛依据", max_length=200, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)

    # A street sees the district's census (it fills its own part) and any census of its subtree.
    scope = Scope(region=("region",), ancestors=True)

    class Meta:
        verbose_name = "摸底"
        verbose_name_plural = "摸底"
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def progress_regions(self, user):
        """The regions whose progress a user follows: one level below the census's region, or
        below the user's own region when it lies inside the census (a street sees its communities)."""
        anchor = self.region
        if user.region_id and user.region.path.startswith(self.region.path):
            anchor = user.region
        return Region.objects.filter(parent=anchor).order_by("code")

    def previous(self) -> "Census | None":
        """Last year's (the latest earlier closed census of the same region), for comparison."""
        return (
            Census.objects.filter(region_id=self.region_id, status=self.Status.CLOSED, year__lt=self.year)
            .order_by("-year", "-pk").first()
        )

    def populate(self) -> int:
        """A record for every active organization of the region, prefilled from the ledger."""
        existing = set(self.records.values_list("organization_id", flat=True))
        organizations = (
            Organization.objects.filter(region__path__startswith=self.region.path)
            .active().with_member_figures().annotate(covered=covered_by_party_org())
        )
        batch = []
        for org in organizations.iterator(chunk_size=2000):
            if org.pk in existing:
                continue
            batch.append(CensusRecord(
                census=self, organization=org, region_id=org.region_id, kind=org.kind, scale=org.scale,
                operating_status=org.status, employees=org.employees, formal_members=org.formal_members,
                probationary_members=org.probationary_members, has_party_org=org.covered,
            ))
        CensusRecord.objects.bulk_create(batch, batch_size=1000)
        return len(batch)


class CensusRecordQuerySet(ScopedQuerySet):
    def scoped(self, user, action: str = "view"):
        qs = super().scoped(user, action)
        # A closed census is kept read-only: nothing in it can be changed by anyone.
        return qs if action == "view" else qs.filter(census__status=Census.Status.OPEN)

    def with_flags(self):
        """qualifies: formal members reach the census's threshold (具备单独组建条件)."""
        return self.annotate(
            qualifies_flag=Case(When(formal_members__gte=F("census__threshold"), then=True), default=False),
        )

    def figures(self) -> dict:
        """Headline figures computed in the database (one query)."""
        qualifies = Q(formal_members__gte=F("census__threshold"))
        return self.aggregate(
            total=Count("pk"),
            surveyed=Count("pk", filter=Q(surveyed=True)),
            qualifies=Count("pk", filter=qualifies),
            covered=Count("pk", filter=Q(has_party_org=True)),
            to_establish=Count("pk", filter=qualifies & Q(has_party_org=False)),
            planned=Count("pk", filter=qualifies & Q(has_party_org=False) & Q(plan_target_date__isnull=False)),
            employees=Coalesce(Sum("employees"), 0),
            formal_members=Coalesce(Sum("formal_members"), 0),
        )

    def progress_by_region(self, regions) -> list[dict]:
        """Surveyed / total under each of `regions` (their subtrees), in one query."""
        regions = list(regions)
        aggregates = {}
        for region in regions:
            under = Q(region__path__startswith=region.path)
            aggregates[f"t{region.pk}"] = Count("pk", filter=under)
            aggregates[f"s{region.pk}"] = Count("pk", filter=under & Q(surveyed=True))
        row = self.aggregate(**aggregates) if aggregates else {}
        result = []
        for region in regions:
            total, done = row[f"t{region.pk}"], row[f"s{region.pk}"]
            result.append({"region": region, "total": total, "surveyed": done, "percent": round(100 * done / total) if total else 0})
        return result


class CensusRecord(BaseModel):
    """One organization in one census: the REP-1 fields, and a plan or the reasons."""

    class Attitude(models.TextChoices):
        SUPPORTIVE = "supportive", "支持"
        NEUTRAL = "neutral", "一般"
        RELUCTANT = "reluctant", "不支持"

    census = models.ForeignKey(Census, verbose_name="摸底", on_delete=models.CASCADE, related_name="records")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="census_records"
    )
    region = models.ForeignKey("regions.Region", verbose_name="所属网格", on_delete=models.PROTECT, related_name="+")
    surveyed = models.BooleanField("已摸底", default=False)
    surveyed_on = models.DateField("摸底日期", null=True, blank=True)
    kind = models.CharField("组织类别", max_length=20, choices=[("enterprise", "非公企业"), ("social", "社会组织")], blank=True)
    scale = models.CharField("规模", max_length=10, choices=[("above", "规上"), ("below", "规下")], blank=True)
    operating_status = models.CharField(
        "经营状态", max_length=20, blank=True,
        choices=[("normal", "正常"), ("suspended", "停产"), ("closed", "关闭"), ("deregistered", "注销")],
    )
    employees = models.PositiveIntegerField("从业人员数", default=0)
    formal_members = models.PositiveIntegerField("正式党员数", default=0)
    probationary_members = models.PositiveIntegerField("预备党员数", default=0)
    has_party_org = models.BooleanField("已建党组织", default=False)
    secretary_candidate = models.CharField("书记人选", max_length=50, blank=True)
    owner_attitude = models.CharField("出资人态度", max_length=20, choices=Attitude.choices, blank=True)
    plan_target_date = models.DateField("计划组建日期", null=True, blank=True)
    plan_mode = models.CharField(
        "计划组建方式", max_length=20, blank=True,
        choices=[("standalone", "单独组建"), ("joint", "联合组建"), ("industry", "依托组建"), ("territorial", "属地组建")],
    )
    plan_responsible = models.CharField("组建责任人", max_length=50, blank=True)
    reasons = models.CharField("未建原因", max_length=255, blank=True)
    responsibility = models.CharField("责任人/责任单位", max_length=100, blank=True)
    countermeasures = models.CharField("措施", max_length=255, blank=True)
    notes = models.CharField("备注", max_length=255, blank=True)

    objects = CensusRecordQuerySet.as_manager()
    scope = Scope(region=("region",), organization=("organization",))
    personal = Personal(secretary_candidate=Kind.NAME, plan_responsible=Kind.NAME, responsibility=Kind.NAME)

    class Meta:
        verbose_name = "摸底记录"
        verbose_name_plural = "摸底记录"
        ordering = ["region__path", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["census", "organization"], name="census_record_unique_organization")]

    def __str__(self):
        return f"{self.organization}（{self.census}）"

    @property
    def members_suffice(self) -> bool:
        """Enough formal members for a standalone branch (ORG-2, the census's threshold)."""
        return self.formal_members >= self.census.threshold

    @property
    def needs_plan(self) -> bool:
        return self.members_suffice and not self.has_party_org

    @property
    def needs_reasons(self) -> bool:
        return not self.members_suffice and not self.has_party_org

    def clean(self):
        super().clean()
        if self.census_id and self.census.is_closed:
            raise ValidationError("该摸底已结束，记录只读，不能再修改。")
        if not self.surveyed:
            return
        errors = {}
        if self.needs_plan:
            # REP-1: a plan with a timetable for each organization that qualifies.
            for name, label in (("plan_target_date", "计划组建日期"), ("plan_mode", "计划组建方式"), ("plan_responsible", "组建责任人")):
                if not getattr(self, name):
                    errors[name] = f"正式党员已达 {self.census.threshold} 名、尚未建立党组织，请填写{label}（组建计划）。"
        elif self.needs_reasons:
            for name, label in (("reasons", "未建原因"), ("responsibility", "责任人/责任单位"), ("countermeasures", "措施")):
                if not getattr(self, name):
                    errors[name] = f"尚不具备单独组建条件、也未建立党组织，请填写{label}。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.census_id and Census.objects.filter(pk=self.census_id, status=Census.Status.CLOSED).exists():
            raise ValidationError("该摸底已结束，记录只读，不能再修改。")
        super().save(*args, **kwargs)

    def previous(self) -> "CensusRecord | None":
        previous = self.census.previous()
        if previous is None:
            return None
        return previous.records.filter(organization_id=self.organization_id).first()
