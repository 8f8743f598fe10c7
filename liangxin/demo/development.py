"""The demo district's development pipeline (MEM-4): in some branches, people at every stage,
each with the steps that brought them there (dates counted back from today, so they never
age): applicants (a few not talked to after a month), activists (some a year on, ready to be
candidates), candidates, probationary members (a few past their year), and members converted
this year with their whole history. Contacts are full members of the same organization."""

from __future__ import annotations

import datetime
import random
from typing import Any

from liangxin.members import pipeline
from liangxin.members.models import DevelopmentStep, Member

ALL = {stage: [key for key, _ in spec.documents] for stage, spec in pipeline.STEPS.items()}
# How many people reach each final stage, per chosen organization (weights).
FINAL_STAGES = ((pipeline.APPLICANT, 3), (pipeline.ACTIVIST, 3), (pipeline.CANDIDATE, 2), (pipeline.PROBATIONARY, 2),
                (pipeline.FULL, 1))


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _timeline(rng: random.Random, today: datetime.date, final: str, n: int) -> dict[str, datetime.date]:
    """The date of each step up to `final`, counted back from today; the n-th person of a
    stage sometimes lands on a due or overdue date so each time rule has cases."""
    dates: dict[str, datetime.date] = {}
    if final == pipeline.FULL:
        dates[pipeline.FULL] = today - _days(rng, 10, 300)
        dates[pipeline.PROBATIONARY] = dates[pipeline.FULL] - _days(rng, 366, 380)
    elif final == pipeline.PROBATIONARY:
        low, high = ((370, 420), (340, 362), (20, 330))[min(n % 6, 2)]  # overdue, due soon, on time
        dates[pipeline.PROBATIONARY] = today - _days(rng, low, high)
    if pipeline.PROBATIONARY in dates:
        dates[pipeline.CANDIDATE] = dates[pipeline.PROBATIONARY] - _days(rng, 60, 200)
    elif final == pipeline.CANDIDATE:
        dates[pipeline.CANDIDATE] = today - _days(rng, 10, 200)
    if pipeline.CANDIDATE in dates:
        dates[pipeline.ACTIVIST] = dates[pipeline.CANDIDATE] - _days(rng, 366, 560)
    elif final == pipeline.ACTIVIST:
        dates[pipeline.ACTIVIST] = today - _days(rng, 20, 520)
    if pipeline.ACTIVIST in dates:
        dates[pipeline.APPLICANT] = dates[pipeline.ACTIVIST] - _days(rng, 60, 300)
    else:  # an applicant: most recent, some past the month without a talk
        dates[pipeline.APPLICANT] = today - (_days(rng, 35, 70) if n % 3 == 1 else _days(rng, 1, 40))
    return dates


def build_development(builder: Any, seed: int = 4015) -> int:
    """People of the pipeline in about one organization in 80 with a roster and two full
    members (at least a dozen): returns how many."""
    rng = random.Random(seed)
    today = builder.today
    full_by_org: dict[int, list[Member]] = {}
    for member in builder.members:
        if member.category == Member.Category.FULL and not member.flow_status and member.organization_id:
            full_by_org.setdefault(member.organization_id, []).append(member)
    plans = [p for p in builder.plans if p.roster and p.branches and len(full_by_org.get(p.org.pk, ())) >= 2]
    chosen = rng.sample(plans, min(len(plans), max(12, len(plans) // 80)))
    # And the first organizations of the district (the first street's, where the demo accounts are).
    chosen += [p for p in sorted(plans, key=lambda p: p.grid.region.path)[:4] if p not in chosen]
    people: list[Member] = []
    timelines: list[tuple[Member, dict[str, datetime.date], list[Member]]] = []
    for number, plan in enumerate(chosen):
        for _ in range(rng.randint(1, 3)):
            final = rng.choices([s for s, _ in FINAL_STAGES], weights=[w for _, w in FINAL_STAGES])[0]
            dates = _timeline(rng, today, final, number)
            applied = dates[pipeline.APPLICANT]
            birth = applied.replace(year=applied.year - rng.randint(19, 38)) - _days(rng, 0, 300)
            name, gender = builder.person()
            person = Member(
                name=name, gender=gender, id_number=builder.id_number(gender, birth, rng.random() < 0.5), birth_date=birth,
                phone=builder.mobile(), education=rng.choice(Member.Education.values), category=final,
                organization=plan.org, party_org=rng.choice(plan.branches),
                joined_on=dates.get(pipeline.PROBATIONARY),
            )
            people.append(person)
            timelines.append((person, dates, full_by_org[plan.org.pk]))
    Member.people.bulk_create(people, batch_size=1000)  # derives the blind index, recounts
    steps = []
    for person, dates, contacts in timelines:
        pair = rng.sample(contacts, 2)
        for stage in pipeline.ORDER:
            if stage not in dates:
                continue
            date = dates[stage]
            spec = pipeline.STEPS[stage]
            step = DevelopmentStep(member=person, stage=stage, date=date, decision=spec.decision, documents=ALL[stage])
            if stage == pipeline.APPLICANT:
                # Talked to within the month, except some recent ones (due) and the overdue few.
                talk = date + _days(rng, 3, 25)
                if pipeline.ACTIVIST in dates or (talk <= today and (today - date).days <= 30 and rng.random() < 0.6):
                    step.talked_on = talk
            if spec.contacts:
                step.contact_1, step.contact_2 = pair
            if stage == pipeline.PROBATIONARY:
                step.political_review_on = date - _days(rng, 10, 40)
            if spec.approval:
                approved = date + _days(rng, 10, 60)
                step.approved_on = approved if approved <= today else None
            steps.append(step)
    DevelopmentStep.objects.bulk_create(steps, batch_size=1000)
    return len(people)
