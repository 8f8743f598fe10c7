"""A region's funding for a year (FUND-1…3): every figure an exact Decimal aggregate in the
database, never a float."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.funding.parameters import PER_MEMBER
from liangxin.funding.subsidies import Subsidies, subsidies
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.regions.models import Region
from liangxin.rules.values import ParameterValues

ZERO = Decimal("0.00")


def _sum(queryset, field_name: str) -> Decimal:
    total = queryset.aggregate(total=Coalesce(Sum(field_name), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2)))
    return total["total"].quantize(Decimal("0.01"))


@dataclass
class Funding:
    region: Region
    year: int
    members: int = 0
    per_member: int = 0
    budget: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    dues_retained: Decimal = ZERO
    dues_returned: Decimal = ZERO
    payroll: Decimal = ZERO  # of the organizations that recorded a set-aside, in yuan
    set_aside: Decimal = ZERO
    subsidies: Subsidies = field(default_factory=Subsidies)  # FUND-4, 002 四 2
    children: list[Funding] = field(default_factory=list)

    @property
    def unallocated(self) -> Decimal:
        return self.budget - self.allocated

    @property
    def balance(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def dues_outstanding(self) -> Decimal:
        return self.dues_retained - self.dues_returned


def funding(region: Region, year: int, params: ParameterValues | None = None, children: bool = True) -> Funding:
    """FUND-1: the budget is so much per member whose party relation sits in the region (按党组织
    隶属关系), allocations and spending of its party organizations; FUND-2 and FUND-3 sums."""
    params = params or ParameterValues()
    path = region.path
    in_region = {"party_org__region__path__startswith": path}
    result = Funding(region, year, per_member=params.value(PER_MEMBER, path))
    result.members = Member.objects.filter(**in_region).count()
    result.budget = (Decimal(result.members) * result.per_member).quantize(Decimal("0.01"))
    result.allocated = _sum(Allocation.objects.filter(year=year, **in_region), "amount")
    result.spent = _sum(Expense.objects.filter(year=year, **in_region), "amount")
    dues = DuesReturn.objects.filter(year=year, **in_region)
    result.dues_retained, result.dues_returned = _sum(dues, "retained"), _sum(dues, "returned")
    set_asides = SetAside.objects.filter(year=year, organization__region__path__startswith=path)
    result.set_aside = _sum(set_asides, "amount")
    orgs = Organization.objects.filter(pk__in=set_asides.values("organization"))
    result.payroll = _sum(orgs, "payroll") * 10000
    result.subsidies = subsidies(region, year, params)
    if children:
        for child in region.children.order_by("code"):
            result.children.append(funding(child, year, params, children=False))
    return result
