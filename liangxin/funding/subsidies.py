"""FUND-4 (002 四 2): the subsidies granted to service centres, read from the grids'
CentreSubsidy, and what the seed requires that is not recorded: the city's subsidy for each park
centre in use (GRID-6B's own query, so the funding page and the rule never disagree) and the
one-off work subsidy for each county that launched both its urban and rural pilots. Amounts
are the grids' parameters; every figure is an exact Decimal aggregate in the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, Func, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from liangxin.grids.models import CentreSubsidy, RolloutState, ServiceCentre
from liangxin.grids.parameters import COUNTY_PILOT_SUBSIDY
from liangxin.grids.rules import grid6_subsidy
from liangxin.regions.models import Region
from liangxin.rules.values import ParameterValues

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _yuan(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


@dataclass
class Subsidies:
    """A region's subsidies of one year by kind, and the shortfalls to date (all years)."""

    park_centre: Decimal = ZERO
    county_pilot: Decimal = ZERO
    other: Decimal = ZERO
    park_short: int = 0  # park centres in use below the city subsidy
    park_shortfall: Decimal = ZERO
    county_short: int = 0  # counties that launched both pilots below the work subsidy's floor
    county_shortfall: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.park_centre + self.county_pilot + self.other

    @property
    def shortfall(self) -> Decimal:
        return self.park_shortfall + self.county_shortfall


def subsidies(region: Region, year: int, params: ParameterValues | None = None) -> Subsidies:
    params = params or ParameterValues()
    path = region.path
    kinds = CentreSubsidy.Kind
    granted = CentreSubsidy.objects.filter(year=year, centre__region__path__startswith=path).aggregate(**{
        kind.value: Coalesce(Sum("amount", filter=Q(kind=kind)), Value(ZERO), output_field=MONEY) for kind in kinds})
    result = Subsidies(park_centre=_yuan(granted[kinds.PARK_CENTRE]), county_pilot=_yuan(granted[kinds.COUNTY_PILOT]),
                       other=_yuan(granted[kinds.OTHER]))
    # Each park centre below its subsidy (GRID-6B's rows): how many, and how much is missing.
    park = grid6_subsidy(ServiceCentre.objects.filter(region__path__startswith=path), params).order_by().aggregate(
        n=Count("pk"), missing=Sum(F("limit") - F("granted"), output_field=MONEY))
    result.park_short, result.park_shortfall = park["n"], _yuan(park["missing"])
    # Each county in the region that launched a pilot town and a pilot street (002 三 2) whose
    # recorded work subsidies (all years) fall below the floor.
    pilots = RolloutState.objects.filter(pilot=True, region__path__startswith=OuterRef("path"), region__closed_on__isnull=True)
    recorded = Subquery(
        CentreSubsidy.objects.filter(kind=kinds.COUNTY_PILOT, centre__region__path__startswith=OuterRef("path"))
        .order_by().annotate(total=Func("amount", function="SUM", output_field=MONEY)).values("total")[:1],
        output_field=MONEY)
    counties = (
        Region.objects.filter(path__startswith=path, level=Region.Level.DISTRICT, closed_on__isnull=True)
        .filter(Exists(pilots.filter(region__street_kind=Region.StreetKind.TOWN)),
                Exists(pilots.filter(region__street_kind=Region.StreetKind.STREET)))
        .annotate(recorded=Coalesce(recorded, Value(ZERO), output_field=MONEY),
                  floor=params.expr(COUNTY_PILOT_SUBSIDY, "path", transform=Decimal, output_field=MONEY))
        .filter(recorded__lt=F("floor"))
        .aggregate(n=Count("pk"), missing=Sum(F("floor") - F("recorded"), output_field=MONEY))
    )
    result.county_short, result.county_shortfall = counties["n"], _yuan(counties["missing"])
    return result
