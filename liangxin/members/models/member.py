"""Party members (党员), including flowing members (流动党员)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from liangxin.core.crypto import blind_index
from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind, Personal
from liangxin.core.validators import (
    id_number_birth_date,
    normalize_code,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from liangxin.organizations.models import Organization

# Party members (预备 and 正式): what every count of members counts. The earlier stages of the
# same record (入党申请人, 入党积极分子, 发展对象) are people in the development pipeline.
MEMBER_CATEGORIES = ("full", "probationary")
NOT_YET_MEMBERS = ("applicant", "activist", "candidate")
# The pipeline's pages list everyone not yet a full member: the probationary members still have
# their conversion (转正) ahead of them.
IN_DEVELOPMENT = (*NOT_YET_MEMBERS, "probationary")


class MemberQuerySet(ScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As save() does for one member: the derived fields (normalized number, blind index,
        birth date) for each, then one recount of the organizations touched. A bulk loader
        cannot forget the blind index and leave a number unsearchable and its uniqueness
        unchecked."""
        objs = list(objs)
        for member in objs:
            member.derive_fields()
        created = super().bulk_create(objs, *args, **kwargs)
        Member.refresh_counts(*{member.organization_id for member in objs})
        return created

    def with_id_number(self, id_number: str) -> "MemberQuerySet":
        """Exact search on the encrypted 身份证号, through its blind index."""
        return self.filter(id_number_index=blind_index(normalize_code(id_number)))


class MemberManager(models.Manager.from_queryset(MemberQuerySet)):  # type: ignore[misc]
    """`Member.objects`: Party members only (预备 and 正式). Every existing count, list, export
    and rule reads members through it (or through a relation to it), so a person in the
    development pipeline is never counted as a member; `Member.people` reads everyone."""

    def get_queryset(self):
        return super().get_queryset().filter(category__in=MEMBER_CATEGORIES)


class RecruitManager(models.Manager.from_queryset(MemberQuerySet)):  # type: ignore[misc]
    """`Recruit.objects`: the people of the development pipeline (申请人 to 预备党员)."""

    def get_queryset(self):
        return super().get_queryset().filter(category__in=IN_DEVELOPMENT)


class Member(BaseModel):
    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", "研究生"
        BACHELOR = "bachelor", "大学本科"
        COLLEGE = "college", "大学专科"
        SECONDARY = "secondary", "中专/高中"
        JUNIOR = "junior", "初中及以下"

    class Category(models.TextChoices):
        """The stages of one person's record (MEM-4, 发展党员): the first three are people in
        the development pipeline, not yet Party members; only the last two are members."""

        APPLICANT = "applicant", "入党申请人"
        ACTIVIST = "activist", "入党积极分子"
        CANDIDATE = "candidate", "发展对象"
        PROBATIONARY = "probationary", "预备党员"
        FULL = "full", "正式党员"

    class FlowStatus(models.TextChoices):
        NONE = "", "非流动党员"
        INFLOW = "inflow", "流入"
        OUTFLOW = "outflow", "流出"

    class Position(models.TextChoices):
        STAFF = "staff", "普通员工"
        MANAGEMENT = "management", "经营管理人员"
        OWNER = "owner", "出资人"
        CROSS = "cross", "交叉任职"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    id_number = EncryptedCharField("身份证号", mask="mask_id_number", help_text="18位居民身份证号码。")
    # Blind index of the normalized 身份证号: uniqueness and exact search without the plain value.
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedCharField("联系电话", blank=True, mask="mask_phone")
    birth_date = models.DateField("出生日期", null=True, blank=True, help_text="留空则按身份证号计算。")
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    category = models.CharField("党员类别", max_length=20, choices=Category.choices, default=Category.FULL)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="工作单位", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    party_org = models.ForeignKey(
        "partyorgs.PartyOrg", verbose_name="组织关系所在党组织", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    flow_status = models.CharField("流动状态", max_length=10, choices=FlowStatus.choices, blank=True, default="")
    flow_certificate_no = models.CharField("流动党员活动证号", max_length=50, blank=True)
    flow_certificate_valid_until = models.DateField("活动证有效期至", null=True, blank=True)
    position = models.CharField("岗位", max_length=20, choices=Position.choices, default=Position.STAFF)

    objects = MemberManager()
    # Everyone with a record: members and the people in the development pipeline (one person,
    # one record: an applicant's record becomes a probationary member's when admitted).
    people = MemberQuerySet.as_manager()
    # Where they work, else where their membership is kept.
    scope = Scope(region=("organization__region", "party_org__region"), organization=("organization",), party_org=("party_org",))
    audit_exclude_fields = ("id_number_index",)
    # A person (身份证号 and phone are personal as encrypted fields); being in this roster at all
    # is their Party membership, and the category and date say more of it.
    personal = Personal(person=True, name=Kind.NAME, category=Kind.POLITICAL, joined_on=Kind.POLITICAL)

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["name", "pk"]
        permissions = [("view_id_number", "查看完整身份证号（每次查看均记录日志）")]

    def __str__(self):
        return self.name

    @property
    def is_member(self) -> bool:
        return self.category in MEMBER_CATEGORIES

    def get_absolute_url(self) -> str:
        # Before admission the person's page is the pipeline's (the roster lists members only).
        if self.category in NOT_YET_MEMBERS:
            return reverse("members:recruit_detail", args=[self.pk])
        return reverse("members:member_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        self.id_number = normalize_code(self.id_number)
        try:
            validate_id_number(self.id_number)
        except ValidationError as error:
            errors["id_number"] = error.messages
        else:
            clash = Member.people.with_id_number(self.id_number).exclude(pk=self.pk)
            if clash.exists():
                errors["id_number"] = ("该身份证号已登记为其他党员或发展党员对象，请核对，或搜索该身份证号找到已有记录："
                                       "同一人只建一条记录，发展的每一步都在这条记录上办理。")
            if not self.birth_date:
                self.birth_date = id_number_birth_date(self.id_number)
            elif self.birth_date != id_number_birth_date(self.id_number):
                errors["birth_date"] = "出生日期与身份证号中的出生日期不一致，请核对。"
        if self.phone:
            self.phone = normalize_phone(self.phone)
            try:
                validate_phone(self.phone)
            except ValidationError as error:
                errors["phone"] = error.messages
        # A flowing member without a certificate is a case for MEM-3 (发放活动证), not a refusal:
        # the flow is registered first, the certificate issued on its own page.
        if not self.flow_status and (self.flow_certificate_no or self.flow_certificate_valid_until):
            errors["flow_status"] = "填写了流动党员活动证，请选择流动状态（流入/流出），或清空活动证信息。"
        if self.joined_on and self.birth_date and self.joined_on < self.birth_date:
            errors["joined_on"] = "入党日期早于出生日期，请核对。"
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_organization_id = instance.__dict__.get("organization_id")
        return instance

    def derive_fields(self) -> None:
        """What is computed from the 身份证号 rather than typed: its normal form, its blind
        index (exact search and uniqueness of an encrypted value) and, if empty, the birth date."""
        self.id_number = normalize_code(self.id_number)
        self.id_number_index = blind_index(self.id_number)
        if self.birth_date is None:
            self.birth_date = id_number_birth_date(self.id_number)

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)
        self.refresh_counts(self.organization_id, getattr(self, "_stored_organization_id", None))
        self._stored_organization_id = self.organization_id

    def delete(self, *args, **kwargs):
        organization_id = self.organization_id
        result = super().delete(*args, **kwargs)
        self.refresh_counts(organization_id)
        return result

    @staticmethod
    def refresh_counts(*organization_ids) -> None:
        """Keep the organizations' member counts (their figure of record) current."""
        ids = {pk for pk in organization_ids if pk is not None}
        if ids:
            Organization.objects.filter(pk__in=ids).refresh_member_counts()


class Recruit(Member):
    """A person in the development pipeline (MEM-4): the same row as the member they become,
    seen through the pipeline's pages. Its change log is the member's (one person, one history:
    the log files a proxy under its concrete model)."""

    objects = RecruitManager()

    class Meta:
        proxy = True
        verbose_name = "发展党员"
        verbose_name_plural = "发展党员"
        ordering = ["name", "pk"]

    def get_absolute_url(self) -> str:
        if self.category == self.Category.FULL:
            return reverse("members:member_detail", args=[self.pk])
        return reverse("members:recruit_detail", args=[self.pk])
