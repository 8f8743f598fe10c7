"""Mid-year and year-end evaluations (附件4, 004 四(四), PAIR-5): the organization's party
organization, its mass organizations, employee representatives and the owner each answer a
short form about the unit's work, by a one-time link or QR code, with no account. The average
score is converted to points (parameter pairing_evaluation_max_points).

An invitation's link carries a signed token naming the invitation and a random nonce stored
with it (liangxin.pairing.evaluations): it cannot be guessed or altered, opens only its own
evaluation, and is answered once."""

from __future__ import annotations

import secrets

from django.db import models

from liangxin.core.jurisdiction import Scope
from liangxin.core.models import BaseModel, ScopedQuerySet
from liangxin.pairing.models.register import Pairing

EVALUATION_SCOPE = Scope(region=("pairing__organization__region", "pairing__unit__region"), organization=("pairing__organization",))


def new_nonce() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits


class UnitEvaluation(BaseModel):
    """One round of evaluation of one pairing: the unit's work as its organization sees it."""

    class Round(models.TextChoices):
        MID_YEAR = "mid_year", "年中评议"
        YEAR_END = "year_end", "年终评议"

    pairing = models.ForeignKey(Pairing, verbose_name="结对关系", on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度")
    round = models.CharField("轮次", max_length=20, choices=Round.choices)
    created_by = models.ForeignKey("accounts.User", verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope = EVALUATION_SCOPE

    class Meta:
        verbose_name = "评议"
        verbose_name_plural = "评议"
        ordering = ["-year", "-round", "pk"]
        constraints = [models.UniqueConstraint(fields=["pairing", "year", "round"], name="pairing_evaluation_once_a_round")]

    def __str__(self):
        return f"{self.year}年{self.get_round_display()}：{self.pairing.unit}"


class Invitation(BaseModel):
    """One evaluator's invitation: a kind of evaluator, a one-time link, and its answer."""

    class Evaluator(models.TextChoices):
        PARTY_ORG = "party_org", "两新组织党组织"
        MASS_ORG = "mass_org", "群团组织（工会、共青团、妇联）"
        EMPLOYEES = "employees", "员工代表"
        OWNER = "owner", "企业主（出资人）"

    class Rating(models.IntegerChoices):
        EXCELLENT = 100, "好"
        GOOD = 80, "较好"
        FAIR = 60, "一般"
        POOR = 30, "差"

    evaluation = models.ForeignKey(UnitEvaluation, verbose_name="评议", on_delete=models.CASCADE, related_name="invitations")
    evaluator = models.CharField("评议人", max_length=20, choices=Evaluator.choices)
    nonce = models.CharField("链接随机码", max_length=64, default=new_nonce, editable=False)
    answered_at = models.DateTimeField("提交时间", null=True, blank=True)
    # The items of 附件4, each rated; the score is their average (0–100).
    visits = models.PositiveSmallIntegerField("每月到访、指导帮助", choices=Rating.choices, null=True, blank=True)
    activities = models.PositiveSmallIntegerField("联合活动开展", choices=Rating.choices, null=True, blank=True)
    organization_building = models.PositiveSmallIntegerField("帮助建立健全党群组织和制度", choices=Rating.choices, null=True, blank=True)
    care = models.PositiveSmallIntegerField("关爱党员职工、解决实际问题", choices=Rating.choices, null=True, blank=True)
    overall = models.PositiveSmallIntegerField("总体评价", choices=Rating.choices, null=True, blank=True)
    score = models.PositiveSmallIntegerField("得分（百分制）", null=True, blank=True)
    comments = models.TextField("意见建议", blank=True)

    ITEMS = ("visits", "activities", "organization_building", "care", "overall")

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region=tuple(f"evaluation__{f}" for f in EVALUATION_SCOPE.region),
                  organization=tuple(f"evaluation__{f}" for f in EVALUATION_SCOPE.organization))

    class Meta:
        verbose_name = "评议邀请"
        verbose_name_plural = "评议邀请"
        ordering = ["evaluation", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "evaluator"], name="pairing_invitation_one_per_evaluator")]

    def __str__(self):
        return f"{self.evaluation} · {self.get_evaluator_display()}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
