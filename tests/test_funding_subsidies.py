"""FUND-4 (002 四 2): the service centres' subsidies on the funding page, per region and year
exact to the fen, with what the seed requires and is not recorded (park centres below the city's
subsidy, counties that launched their pilots below the work subsidy's floor), in the export,
by role; the amounts are the grids' parameters."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from liangxin.funding.services import funding
from liangxin.grids.models import CentreSubsidy, RolloutState, ServiceCentre
from liangxin.regions.models import Region
from liangxin.rules.models import ParameterOverride
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def centre(region, location, name):
    return ServiceCentre.objects.create(region=region, name=name, location=location, address="中心路1号",
                                        opened_on=datetime.date(2016, 3, 1))


def grant(centre_, kind, amount, year=YEAR):
    return CentreSubsidy.objects.create(centre=centre_, year=year, kind=kind, amount=Decimal(amount))


@pytest.fixture
def centres(world):
    """street1 is a park with a centre (two grants this year, one last year), street2 a town; the
    district launched a pilot town (street2) and a pilot street (street1)."""
    Region.objects.filter(pk=world.street1.pk).update(street_kind=Region.StreetKind.STREET)
    Region.objects.filter(pk=world.street2.pk).update(street_kind=Region.StreetKind.TOWN)
    world.park = centre(world.street1, ServiceCentre.Location.PARK, "东园区党群服务中心")
    world.town = centre(world.street2, ServiceCentre.Location.TOWN, "西镇党群服务中心")
    grant(world.park, CentreSubsidy.Kind.PARK_CENTRE, "60000.01")
    grant(world.park, CentreSubsidy.Kind.OTHER, "0.10")
    grant(world.park, CentreSubsidy.Kind.PARK_CENTRE, "39999.97", year=YEAR - 1)
    grant(world.town, CentreSubsidy.Kind.COUNTY_PILOT, "30000.50")
    for region in (world.street1, world.street2):
        RolloutState.objects.create(region=region, pilot=True, pilot_since=datetime.date(2016, 6, 1))
    return world


def test_the_subsidies_are_summed_by_year_and_region_exact_to_the_fen(centres):
    s = funding(centres.district, YEAR).subsidies
    assert (s.park_centre, s.county_pilot, s.other, s.total) == (
        Decimal("60000.01"), Decimal("30000.50"), Decimal("0.10"), Decimal("90000.61"))
    assert funding(centres.district, YEAR - 1).subsidies.total == Decimal("39999.97")
    street1 = next(row for row in funding(centres.district, YEAR).children if row.region == centres.street1)
    assert street1.subsidies.total == Decimal("60000.11") and street1.subsidies.county_pilot == Decimal("0.00")
    assert all(isinstance(v, Decimal) for v in (s.park_centre, s.total, s.shortfall))


def test_what_002_requires_and_is_missing(centres):
    s = funding(centres.district, YEAR).subsidies
    # The park centre has 99,999.98 of its 100,000 over the years (GRID-6B's row); the county
    # that launched both pilots has 30,000.50 of at least 50,000.
    assert (s.park_short, s.park_shortfall) == (1, Decimal("0.02"))
    assert (s.county_short, s.county_shortfall) == (1, Decimal("19999.50"))
    assert set(get_rule("GRID-6B").violations(None)) == {centres.park}
    grant(centres.park, CentreSubsidy.Kind.PARK_CENTRE, "0.02")
    grant(centres.town, CentreSubsidy.Kind.COUNTY_PILOT, "19999.50", year=YEAR - 1)
    s = funding(centres.district, YEAR).subsidies
    assert (s.park_short, s.park_shortfall, s.county_short, s.county_shortfall) == (0, Decimal("0.00"), 0, Decimal("0.00"))
    # The amounts are the grids' parameters, per region.
    ParameterOverride.objects.create(key="grid_park_centre_subsidy", region=centres.street1, value=150000,
                                     effective_from=datetime.date(2000, 1, 1), reason="测试")
    assert funding(centres.district, YEAR).subsidies.park_shortfall == Decimal("50000.00")


def test_a_county_without_both_pilots_is_not_asked_for_the_work_subsidy(centres):
    RolloutState.objects.filter(region=centres.street2).update(pilot=False)
    assert funding(centres.district, YEAR).subsidies.county_short == 0


def test_fund4_is_a_figure_of_the_funding_page_by_role(centres, login):
    rule = get_rule("FUND-4")
    assert rule.kind == "figure" and not rule.has_list and rule.link == "funding:funding"
    assert rule.parameters == ("grid_park_centre_subsidy", "grid_county_pilot_subsidy")
    admin = login(centres.admin)
    page = admin.get("/funding/", {"year": YEAR}).content.decode()
    assert 'id="subsidy-total">90000.61<' in page and "差 19999.50 元" in page and "缺市级资金补助 0.02 元" in page
    assert "/rules/GRID-6B/" in page
    assert 'href="/funding/"' in admin.get("/rules/").content.decode()
    # The street sees its own: its park centre's grants, no county.
    street = login(centres.street_user).get("/funding/", {"year": YEAR}).content.decode()
    assert 'id="subsidy-total">60000.11<' in street and "县区工作补贴不足" not in street
    assert 'id="subsidy-total">30000.50<' in login(centres.other_street_user).get("/funding/", {"year": YEAR}).content.decode()
    # The leader reads the sums.
    assert 'id="subsidy-total">90000.61<' in login(centres.leader).get("/funding/", {"year": YEAR}).content.decode()
    book = openpyxl.load_workbook(io.BytesIO(admin.get("/funding/export/", {"year": YEAR}).content))
    rows = list(book.active.iter_rows(values_only=True))
    header, district = rows[0], rows[1]
    assert district[header.index("补助合计（元）")] == 90000.61
    assert district[header.index("补助应到未到（累计，元）")] == 19999.52
