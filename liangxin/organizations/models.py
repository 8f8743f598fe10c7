"""两新组织: non-public enterprises and new social organizations."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.core.fields import CodeField
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind as PersonalKind  # Organization.Kind is the organization's kind
from liangxin.core.personal import Personal
from liangxin.core.validators import validate_credit_code

# An organization "has member records" once any member is on its roll; from then on the roll,
# not the ledger's reported counts, is its figure of record.
HAS_RECORDS = Q(recorded_formal__gt=0) | Q(recorded_probationary__gt=0)


def figure_of_record(recorded: str, reported: str, label: str) -> models.GeneratedField:
    """The member count the rules and statistics read: the roll's where there is one, else the
    reported count (0 when none was reported), computed and stored by the database."""
    return models.GeneratedField(
        expression=models.Case(models.When(HAS_RECORDS, then=F(recorded)), default=Coalesce(reported, 0)),
        output_field=models.IntegerField(verbose_name=label), db_persist=True, verbose_name=label,
    )


class OrganizationQuerySet(ScopedQuerySet):
    def with_member_figures(self) -> "OrganizationQuerySet":
        """Annotate `member_figures_differ`: member records and reported counts both exist and
        disagree. The figures themselves are columns (see Organization.formal_members)."""
        has_reports = Q(reported_formal_members__isnull=False) | Q(reported_probationary_members__isnull=False)
        differ = ~Q(recorded_formal=Coalesce("reported_formal_members", 0)) | ~Q(
            recorded_probationary=Coalesce("reported_probationary_members", 0)
        )
        return self.annotate(
            member_figures_differ=models.ExpressionWrapper(HAS_RECORDS & has_reports & differ, output_field=models.BooleanField())
        )

    def refresh_member_counts(self) -> int:
        """Recount the member records of these organizations in one UPDATE. Member.save() and
        delete() call it for the organizations they touch; bulk loaders call it once at the end."""
        # The member model through the reverse relation: members.models imports this module.
        Member = self.model._meta.get_field("members").related_model

        def count(category):
            return Coalesce(
                models.Subquery(
                    Member.objects.filter(organization=models.OuterRef("pk"), category=category)
                    .order_by().values("organization").annotate(n=Count("pk")).values("n")[:1]
                ),
                0,
            )

        return self.update(recorded_formal=count(Member.Category.FULL), recorded_probationary=count(Member.Category.PROBATIONARY))

    def active(self) -> "OrganizationQuerySet":
        """In operation (正常 or 停产): closed and deregistered organizations are not counted
        by any rule, figure or census."""
        return self.exclude(status__in=Organization.INACTIVE_STATUSES)

    def covered(self) -> "OrganizationQuerySet":
        """组织覆盖 (see covered_by_party_org)."""
        return self.filter(covered_by_party_org())

    def uncovered(self) -> "OrganizationQuerySet":
        return self.exclude(covered_by_party_org())

    def overview(self) -> dict:
        """Headline figures for the home page, computed in the database."""
        return self.active().aggregate(
            total=Count("pk"),
            enterprises=Count("pk", filter=Q(kind=Organization.Kind.ENTERPRISE)),
            social=Count("pk", filter=Q(kind=Organization.Kind.SOCIAL)),
            employees=Coalesce(models.Sum("employees"), 0),
            covered=Count("pk", filter=covered_by_party_org()),
        )


def existed_on(on: datetime.date, prefix: str = "") -> Q:
    """In the ledger on a past day (organizations and party organizations alike): founded by
    then (成立日期), or, where the ledger gives no founding date, entered into it by then (the
    row's creation, which the change log dates too)."""
    entered_before = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    return Q(**{f"{prefix}founded_on__lte": on}) | Q(**{f"{prefix}founded_on__isnull": True, f"{prefix}created__lt": entered_before})


def active_on(on: datetime.date, prefix: str = "") -> Q:
    """In operation on a past day, for the coverage history (the monthly trend): in the ledger
    by then, and in operation now or closed after that day as the change log dates the
    closure (an update setting 关闭 or 注销). A closure the log does not date (a ledger
    imported already closed) counts from the start. Organizations deleted since are not in
    the history."""
    after = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    closed_later = {
        int(object_id) for object_id in ChangeLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Organization), action=ChangeLog.Action.UPDATE, time__gte=after,
            after__status__in=list(Organization.INACTIVE_STATUSES),
        ).values_list("object_id", flat=True) if object_id.isdigit()
    }
    in_operation = ~Q(**{f"{prefix}status__in": Organization.INACTIVE_STATUSES})
    if closed_later:
        in_operation |= Q(**{f"{prefix}pk__in": sorted(closed_later)})
    return existed_on(on, prefix) & in_operation


def covered_by_party_org(mode: str | None = None, on: datetime.date | None = None) -> models.Exists:
    """组织覆盖, as a condition on an organization row: an active party organization (its own or
    a joint one) covers it; `mode`: only party organizations formed that way; `on`: a party
    organization active on that past day (the coverage history; the links are today's). One
    EXISTS on the link table, which the database runs as a semi-join (or an anti-join when negated)."""
    # The party organization model holds the link and its app sits above this one, so it is
    # reached through the relation rather than imported.
    party_org = Organization._meta.get_field("party_orgs").related_model
    active = Q(partyorg__status=party_org.Status.ACTIVE) if on is None else party_org.active_on(on, "partyorg__")
    links = Organization.party_orgs.through.objects.filter(active, organization=models.OuterRef("pk"))
    if mode is not None:
        links = links.filter(partyorg__mode=mode)
    return models.Exists(links)


class Organization(BaseModel):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "非公企业"
        SOCIAL = "social", "社会组织"

    class Subtype(models.TextChoices):
        LIMITED = "limited", "有限责任公司"
        JOINT_STOCK = "joint_stock", "股份有限公司"
        SOLE = "sole", "个人独资企业"
        PARTNERSHIP = "partnership", "合伙企业"
        FOREIGN = "foreign", "外商投资企业"
        INDIVIDUAL = "individual", "个体工商户"
        ASSOCIATION = "association", "行业协会"
        CHAMBER = "chamber", "商会"
        SCHOOL = "school", "民办学校"
        MEDICAL = "medical", "民办医疗机构"
        LAW_FIRM = "law_firm", "律师事务所"
        ACCOUNTING = "accounting", "会计师事务所"
        SOCIAL_GROUP = "social_group", "其他社会团体"
        NONPROFIT = "nonprofit", "民办非企业单位"
        FOUNDATION = "foundation", "基金会"

    ENTERPRISE_SUBTYPES = {"limited", "joint_stock", "sole", "partnership", "foreign", "individual"}

    class Scale(models.TextChoices):
        ABOVE = "above", "规上"
        BELOW = "below", "规下"

    class Status(models.TextChoices):
        NORMAL = "normal", "正常"
        SUSPENDED = "suspended", "停产"
        CLOSED = "closed", "关闭"
        DEREGISTERED = "deregistered", "注销"

    INACTIVE_STATUSES = (Status.CLOSED, Status.DEREGISTERED)

    # Sections of GB/T 4754-2017, the classification the statistics bureaus and ledgers use.
    class Industry(models.TextChoices):
        A = "A", "农、林、牧、渔业"
        B = "B", "采矿业"
        C = "C", "制造业"
        D = "D", "电力、热力、燃气及水生产和供应业"
        E = "E", "建筑业"
        F = "F", "批发和零售业"
        G = "G", "交通运输、仓储和邮政业"
        H = "H", "住宿和餐饮业"
        I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741
        J = "J", "金融业"
        K = "K", "房地产业"
        L = "L", "租赁和商务服务业"
        M = "M", "科学研究和技术服务业"
        N = "N", "水利、环境和公共设施管理业"
        O = "O", "居民服务、修理和其他服务业"  # noqa: E741
        P = "P", "教育"
        Q = "Q", "卫生和社会工作"
        R = "R", "文化、体育和娱乐业"
        S = "S", "公共管理、社会保障和社会组织"

    name = models.CharField("组织名称", max_length=200)
    kind = models.CharField("组织类别", max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    subtype = models.CharField("细分类型", max_length=20, choices=Subtype.choices, blank=True)
    credit_code = CodeField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True, validators=[validate_credit_code],
        help_text="18位，见营业执照或登记证书；无则留空。",
    )
    industry = models.CharField("行业", max_length=2, choices=Industry.choices, blank=True)
    scale = models.CharField("规模", max_length=10, choices=Scale.choices, blank=True)
    status = models.CharField("经营状态", max_length=20, choices=Status.choices, default=Status.NORMAL)
    address = models.CharField("地址", max_length=255, blank=True)
    # No index of its own: (region, name) and the region figures index both lead with region,
    # and one index fewer is less to maintain on every write (a 100,000-row import).
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属网格", on_delete=models.PROTECT, related_name="organizations",
        help_text="通常选择网格；尚未划分网格的，选择所属社区/村。", db_index=False,
    )
    owner_name = models.CharField("出资人", max_length=50, blank=True)
    owner_is_member = models.BooleanField("出资人是否党员", default=False)
    employees = models.IntegerField("从业人员数", default=0, validators=[MinValueValidator(0, "从业人员数不能为负数，请填写0或正整数。")])
    payroll = models.DecimalField(
        "工资总额（万元）", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0, "工资总额不能为负数。")],
    )
    has_union = models.BooleanField("是否建立工会", default=False)
    has_youth_league = models.BooleanField("是否建立共青团", default=False)
    has_women_federation = models.BooleanField("是否建立妇联", default=False)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    reported_formal_members = models.IntegerField(
        "台账正式党员数", null=True, blank=True, validators=[MinValueValidator(0, "正式党员数不能为负数。")],
        help_text="台账或摸底报送的人数；录入党员名册后以名册为准。",
    )
    reported_probationary_members = models.IntegerField(
        "台账预备党员数", null=True, blank=True, validators=[MinValueValidator(0, "预备党员数不能为负数。")]
    )
    notes = models.TextField("备注", blank=True)
    # The figure of record: member records where there are any, else the reported counts.
    # Districts start from spreadsheets with counts and enter members later. The record counts
    # are kept up to date by Member.save()/delete() (refresh_member_counts); the figures are
    # computed by the database itself, so every rule and statistic reads plain columns.
    recorded_formal = models.IntegerField("名册正式党员数", db_default=0, editable=False)
    recorded_probationary = models.IntegerField("名册预备党员数", db_default=0, editable=False)
    formal_members = figure_of_record("recorded_formal", "reported_formal_members", "正式党员数")
    probationary_members = figure_of_record("recorded_probationary", "reported_probationary_members", "预备党员数")

    objects = OrganizationQuerySet.as_manager()
    scope = Scope(region=("region",), organization=("pk",))
    personal = Personal(owner_name=PersonalKind.NAME, owner_is_member=PersonalKind.POLITICAL)

    class Meta:
        verbose_name = "两新组织"
        verbose_name_plural = "两新组织"
        ordering = ["region__path", "name"]
        indexes = [
            models.Index(fields=["region", "name"]),
            # The ledger import finds a file's organizations by name (then keeps those in the
            # row's street): one probe per name instead of reading every organization of it.
            models.Index(fields=["name"], name="organization_name"),
            models.Index(fields=["status"]),
            models.Index(fields=["formal_members"]),
            # A street's figures and rules read its ~10,000 organizations through this index
            # alone (index-only scan by region, no heap visits): status filters, the columns
            # the coverage figures sum, and the flags of work coverage.
            models.Index(
                fields=["region", "status"], name="organization_region_figures",
                include=["id", "kind", "employees", "formal_members", "probationary_members",
                         "has_union", "has_youth_league", "has_women_federation"],
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(employees__gte=0), name="organization_employees_nonnegative"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.credit_code = self.credit_code or None  # blank fields skip to_python in full_clean
        if self.subtype:
            enterprise_subtype = self.subtype in self.ENTERPRISE_SUBTYPES
            if enterprise_subtype != (self.kind == self.Kind.ENTERPRISE):
                raise ValidationError({"subtype": f"“{self.get_subtype_display()}”与组织类别“{self.get_kind_display()}”不符，请重新选择细分类型。"})
