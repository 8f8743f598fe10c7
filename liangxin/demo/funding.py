"""The demo district's year of Party-building funding (FUND-1…3): this year's and last year's
allocations to the active party organizations at 50 yuan a member (a few late), their spending
through the year, last year's dues returned (a few short) and the organizations' set-asides
(a few below 0.5% of payroll). Decimal yuan throughout."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.members.models import Member

CENT = Decimal("0.01")
DESCRIPTIONS = {
    Expense.Purpose.EDUCATION: ("购买党课教材", "党员集中培训"), Expense.Purpose.ACTIVITY: ("主题党日活动", "七一组织生活会"),
    Expense.Purpose.VENUE: ("党员活动室桌椅", "党务公开栏制作"), Expense.Purpose.CARE: ("走访慰问困难党员",),
    Expense.Purpose.OTHER: ("党建资料印制",),
}


def build_funding(builder: Any, root, seed: int = 4017) -> None:
    rng, today = random.Random(seed), builder.today
    members: dict[int, int] = {}
    for member in builder.members:
        if member.party_org_id and member.category in (Member.Category.FULL, Member.Category.PROBATIONARY):
            members[member.party_org_id] = members.get(member.party_org_id, 0) + 1
    streets = {street.pk: street for street in root.children.all()}
    party_orgs = [po for level in builder.party_orgs for po in level if po.pk in members]
    allocations, expenses, dues = [], [], []
    for year in (today.year - 1, today.year):
        first_day = datetime.date(year, 1, 1)
        for party_org in party_orgs:
            street = next((s for pk, s in streets.items() if party_org.region.path.startswith(s.path)), root)
            if year == today.year and rng.random() < 0.15:
                continue  # not yet allocated this year
            amount = Decimal(members[party_org.pk] * 50)
            date = min(today, first_day + datetime.timedelta(days=rng.randint(20, 90)))
            allocations.append(Allocation(region=street, party_org=party_org, year=year, date=date, amount=amount))
            spend_until = today if year == today.year else datetime.date(year, 12, 31)
            for _ in range(rng.randint(0, 3)):
                purpose = rng.choice(Expense.Purpose.values)
                share = Decimal(str(rng.uniform(0.1, 0.4))).quantize(CENT)
                day = date + datetime.timedelta(days=rng.randint(0, max(0, (spend_until - date).days)))
                expenses.append(Expense(party_org=party_org, year=year, date=day, amount=(amount * share).quantize(CENT),
                                        purpose=purpose, description=rng.choice(DESCRIPTIONS[purpose])))
        if year == today.year - 1:
            for party_org in party_orgs:
                retained = (Decimal(members[party_org.pk]) * Decimal(str(rng.uniform(60, 240)))).quantize(CENT)
                returned = retained if rng.random() > 0.08 else (retained * Decimal("0.5")).quantize(CENT)
                dues.append(DuesReturn(party_org=party_org, year=year, retained=retained, returned=returned,
                                       returned_on=datetime.date(year + 1, 1, rng.randint(5, 25)) if returned else None))
    set_asides = []
    for plan in builder.plans:
        org = plan.org
        if plan.party_org is None or not org.payroll or rng.random() < 0.3:
            continue
        rate = Decimal(str(rng.uniform(0.3, 1.5) if rng.random() < 0.12 else rng.uniform(0.5, 1.8)))
        set_asides.append(SetAside(organization=org, year=today.year - 1,
                                   amount=(org.payroll * 10000 * rate / 100).quantize(CENT)))
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    Expense.objects.bulk_create(expenses, batch_size=1000)
    DuesReturn.objects.bulk_create(dues, batch_size=1000)
    SetAside.objects.bulk_create(set_asides, batch_size=1000)
