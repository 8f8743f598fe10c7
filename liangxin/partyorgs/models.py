"""Party organizations (党组织) and the organizations they cover."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.core.personal import Kind, Personal
from liangxin.organizations.models import existed_on


class PartyOrgQuerySet(ScopedQuerySet):
    def subtree_ids(self, party_org_id: int):
        """A party organization and those below it (committee → general branch → branch)."""
        return self.filter(Q(pk=party_org_id) | Q(parent_id=party_org_id) | Q(parent__parent_id=party_org_id)).values("pk")

    def active(self):
        return self.filter(status=PartyOrg.Status.ACTIVE)

    def with_member_total(self):
        """Annotate the members each party organization holds (ORG-3), counted in the database:

        - `roster_members`: members in the register whose party relation (Member.party_org) is
          this party organization or an active one below it (the tree is at most three levels,
          as in `subtree_ids`);
        - `is_top`: no active party organization above it;
        - `member_total`: the roster where the hierarchy keeps one; otherwise, for the top of a
          hierarchy only, the figure of record (formal + probationary) of the active
          organizations it covers. A district that starts from a spreadsheet has counts and no
          roster yet; a subordinate branch covers its parent's organization, whose figure says
          nothing of the branch's own members, so without a roster it counts 0;
        - `member_source`: "roster", "organizations" or "" (nothing to count).

        Each count is a correlated subquery on an indexed foreign key (members by party
        organization, party organizations by parent, links by party organization): a join
        would multiply a committee's members by its branches'.
        """
        Member = self.model._meta.get_field("members").related_model
        Organization = self.model._meta.get_field("organizations").related_model
        active = PartyOrg.Status.ACTIVE

        def count(members):
            return Coalesce(Subquery(
                members.order_by().annotate(n=models.Func(F("pk"), function="COUNT")).values("n")[:1]
            ), 0)

        own = count(Member.objects.filter(party_org=OuterRef("pk")))
        children = count(Member.objects.filter(party_org__parent=OuterRef("pk"), party_org__status=active))
        grandchildren = count(Member.objects.filter(
            party_org__parent__parent=OuterRef("pk"), party_org__parent__status=active, party_org__status=active,
        ))
        links = self.model.organizations.through.objects.filter(partyorg=OuterRef("pk")).exclude(
            organization__status__in=Organization.INACTIVE_STATUSES
        )
        covered = Coalesce(Subquery(
            links.order_by().values("partyorg")
            .annotate(n=Sum(F("organization__formal_members") + F("organization__probationary_members"))).values("n")[:1]
        ), 0)
        is_top = Q(parent__isnull=True) | ~Q(parent__status=active)
        return self.annotate(
            roster_members=own + children + grandchildren,
            is_top=models.ExpressionWrapper(is_top, output_field=models.BooleanField()),
        ).annotate(
            member_total=Case(
                When(roster_members__gt=0, then=F("roster_members")),
                When(is_top, then=covered),
                default=Value(0), output_field=models.IntegerField(),
            ),
            member_source=Case(
                When(roster_members__gt=0, then=Value("roster")),
                When(is_top, then=Value("organizations")),
                default=Value(""), output_field=models.CharField(),
            ),
        )


class PartyOrg(BaseModel):
    class Type(models.TextChoices):
        COMMITTEE = "committee", "基层党委"
        GENERAL_BRANCH = "general_branch", "党总支"
        BRANCH = "branch", "党支部"
        JOINT_BRANCH = "joint_branch", "联合党支部"

    class Mode(models.TextChoices):
        STANDALONE = "standalone", "单独组建"
        JOINT = "joint", "联合组建"
        INDUSTRY = "industry", "依托组建"
        TERRITORIAL = "territorial", "属地组建"

    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        DISSOLVED = "dissolved", "已撤销"

    name = models.CharField("党组织名称", max_length=200)
    type = models.CharField("党组织类别", max_length=20, choices=Type.choices, default=Type.BRANCH)
    mode = models.CharField("组建方式", max_length=20, choices=Mode.choices, default=Mode.STANDALONE)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="party_orgs",
        help_text="党组织所在的网格或社区；联合党支部选择其牵头所在地。",
    )
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name="覆盖组织", blank=True, related_name="party_orgs",
        help_text="单独组建覆盖一个组织；联合党支部覆盖多个组织。",
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    secretary = models.ForeignKey(
        "members.Member", verbose_name="书记", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    secretary_name = models.CharField("书记姓名", max_length=50, blank=True, help_text="书记尚未录入党员名册时填写。")
    secretary_phone = EncryptedCharField("书记电话", blank=True, mask="mask_phone")
    deputy_secretary = models.ForeignKey(
        "members.Member", verbose_name="副书记", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    last_election_on = models.DateField("上次换届日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    dissolved_reason = models.CharField("撤销原因", max_length=255, blank=True)

    objects = PartyOrgQuerySet.as_manager()
    # Its region; for a secretary, the party organizations of their subtree; for the roles
    # scoped by organization, the party organizations covering their organizations.
    scope = Scope(region=("region",), organization=("organizations",), party_org=("pk",))
    # The secretary and deputy are links to members (persons), the phone is encrypted: both
    # personal without saying so here.
    personal = Personal(secretary_name=Kind.NAME)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["region__path", "name"]

    def __str__(self):
        return self.name

    @staticmethod
    def active_on(on: datetime.date, prefix: str = "") -> Q:
        """Active on a past day, for the coverage history: in the ledger by then (existed_on)
        and not dissolved by then (撤销日期 later, or active now; a dissolution always has its date)."""
        not_dissolved = Q(**{f"{prefix}dissolved_on__gt": on}) | Q(
            **{f"{prefix}dissolved_on__isnull": True, f"{prefix}status": PartyOrg.Status.ACTIVE})
        return existed_on(on, prefix) & not_dissolved

    @property
    def secretary_display(self) -> str:
        return self.secretary.name if self.secretary_id else self.secretary_name

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.DISSOLVED:
            if not self.dissolved_on:
                errors["dissolved_on"] = "已撤销的党组织请填写撤销日期。"
            if not self.dissolved_reason:
                errors["dissolved_reason"] = "已撤销的党组织请填写撤销原因。"
        elif self.dissolved_on or self.dissolved_reason:
            errors["status"] = "填写了撤销日期或原因，请把状态改为“已撤销”，或清空撤销信息。"
        for field in ("secretary", "deputy_secretary"):
            member = getattr(self, field)
            if member is not None and member.category == member.Category.PROBATIONARY:
                errors[field] = f"{member.name}是预备党员，预备党员不能担任党内职务，请选择正式党员。"
        if self.secretary_id and self.secretary_id == self.deputy_secretary_id:
            errors["deputy_secretary"] = "副书记不能与书记是同一人。"
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = "上级党组织不能是它自己。"
        if errors:
            raise ValidationError(errors)

    def clean_organizations(self, organizations) -> None:
        """Rules on the covered organizations, checked by forms and serializers before saving
        (many-to-many values are not on the instance when clean() runs)."""
        if self.status == self.Status.DISSOLVED and organizations:
            raise ValidationError({"organizations": "已撤销的党组织不能再覆盖组织，请先清空“覆盖组织”。"})
        if self.mode == self.Mode.STANDALONE and len(organizations) > 1:
            raise ValidationError({"organizations": "单独组建的党组织只能覆盖一个组织；覆盖多个组织请把组建方式改为“联合组建”。"})
