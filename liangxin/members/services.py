"""What the pipeline's pages say about a person: since when they are at their stage, what comes
next and by when (the same time rules as the model's checks and rule MEM-4)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from liangxin.members import pipeline
from liangxin.members.models import DevelopmentStep, FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.members.parameters import ACTIVIST_DAYS, DUE_WARNING, PROBATION_YEARS, TALK_DAYS
from liangxin.rules.values import ParameterValues


def with_stage_since(queryset):
    """`stage_since`: the date of the step that brought each person to their stage (the 入党日期
    for a probationary member recorded before the pipeline was)."""
    step = DevelopmentStep.objects.filter(member=OuterRef("pk"), stage=OuterRef("category")).values("date")[:1]
    return queryset.annotate(stage_since=Coalesce(Subquery(step), F("joined_on")))


@dataclass(frozen=True)
class NextStep:
    stage: str | None  # the stage the person moves to; None: a full member
    action: str  # what to do, in Chinese
    due: datetime.date | None = None  # a deadline (talk, conversion): warned before, overdue after
    earliest: datetime.date | None = None  # the first day the step may be taken
    state: str = ""  # "overdue", "due" (within the warning), "" otherwise

    @property
    def button(self) -> str:
        return pipeline.STEPS[self.stage].action if self.stage else ""

    @property
    def text(self) -> str:
        parts = [self.action]
        if self.earliest and not self.due:
            today = timezone.localdate()
            parts.append(f"最早{self.earliest:%Y-%m-%d}" if self.earliest > today else "已满培养期")
        if self.due:
            parts.append({"overdue": "已逾期", "due": "即将到期"}.get(self.state, "期限") + f" {self.due:%Y-%m-%d}")
        return "，".join(parts)


def _region_path(person: Member) -> str | None:
    if person.organization_id:
        return person.organization.region.path
    return person.party_org.region.path if person.party_org_id else None


def next_step(person: Member, params: ParameterValues | None = None, steps: dict | None = None) -> NextStep:
    params = params or ParameterValues()
    today = timezone.localdate()
    path = _region_path(person)
    if steps is None:
        steps = {step.stage: step for step in person.development_steps.all()}  # prefetched on list pages
    stage = pipeline.next_stage(person.category)
    if stage is None:
        return NextStep(None, "已转为正式党员")
    action = pipeline.STEPS[stage].action
    warn = datetime.timedelta(days=params.value(DUE_WARNING, path))

    def state(due: datetime.date) -> str:
        return "overdue" if due < today else ("due" if due <= today + warn else "")

    application = steps.get(pipeline.APPLICANT)
    if person.category == pipeline.APPLICANT and application is not None and not application.talked_on:
        due = application.date + datetime.timedelta(days=params.value(TALK_DAYS, path))
        return NextStep(stage, "谈话", due=due, state=state(due))
    if person.category == pipeline.ACTIVIST and pipeline.ACTIVIST in steps:
        earliest = steps[pipeline.ACTIVIST].date + datetime.timedelta(days=params.value(ACTIVIST_DAYS, path))
        return NextStep(stage, action, earliest=earliest)
    if person.category == pipeline.CANDIDATE:
        return NextStep(stage, "政治审查后" + action)
    if person.category == pipeline.PROBATIONARY and person.joined_on:
        due = pipeline.add_years(person.joined_on, params.value(PROBATION_YEARS, path))
        return NextStep(stage, "讨论转正", due=due, earliest=due, state=state(due))
    return NextStep(stage, action)


def describe_next(person: Member, params: ParameterValues | None = None) -> str:
    return next_step(person, params).text


def flowing_context(member: Member, user) -> dict | None:
    """The member page's 流动党员 card: registrations, certificates, contacts and what the user
    may do (None for a member who never flowed, to a user who cannot register one)."""
    registrations = list(FlowRegistration.objects.scoped(user).filter(member=member))
    certificates = list(FlowCertificate.objects.scoped(user).filter(member=member))
    contacts = list(FlowContact.objects.scoped(user).filter(member=member)[:10])
    can_add = user.has_perm("members.add_flowregistration") and Member.objects.scoped(user, "change").filter(pk=member.pk).exists()
    if not (member.flow_status or registrations or certificates or can_add):
        return None
    return {
        "registrations": registrations, "certificates": certificates, "contacts": contacts, "can_add": can_add,
        "valid_certificate": next((c for c in certificates if c.status == FlowCertificate.Status.VALID), None),
        "can_place": can_add and member.flow_status == Member.FlowStatus.INFLOW and member.party_org_id is None,
    }
