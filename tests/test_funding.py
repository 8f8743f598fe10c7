"""Party-building funding (FUND-1…3): the budget per member, allocations, spending and balance
exact to the fen, the dues returned in full, the set-aside against payroll, the page, the export
and the API by role."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.funding.services import funding
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.rules.registry import get_rule
from tests.conftest import id_number

YEAR = datetime.date.today().year
LAST = YEAR - 1


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


@pytest.fixture
def money(world):
    for n in range(4):  # five members in street1's branch (member1 and these), one applicant who does not count
        Member.objects.create(name=f"党员{n}", id_number=id_number(f"1101011980010{n}101"), organization=world.org1,
                              party_org=world.party_org1)
    Member.people.create(name="申请人", id_number=id_number("11010119800109101"), organization=world.org1,
                         party_org=world.party_org1, category="applicant")
    for amount in ("1234.56", "0.01", "99.99"):
        Allocation.objects.create(region=world.street1, party_org=world.party_org1, year=YEAR, date=datetime.date(YEAR, 1, 5),
                                  amount=Decimal(amount))
    Allocation.objects.create(region=world.street1, party_org=world.party_org1, year=LAST, date=datetime.date(LAST, 3, 1),
                              amount=Decimal("1000"))
    for amount in ("0.10", "333.33", "333.33"):
        Expense.objects.create(party_org=world.party_org1, year=YEAR, date=datetime.date(YEAR, 2, 1), amount=Decimal(amount),
                               purpose="education", description="党课教材")
    return world


def test_the_sums_are_exact_to_the_fen(money):
    data = funding(money.street1, YEAR)
    assert data.members == 5 and data.per_member == 50
    assert data.budget == Decimal("250.00")
    assert data.allocated == Decimal("1334.56") and data.spent == Decimal("666.76")
    assert data.balance == Decimal("667.80") and data.unallocated == Decimal("-1084.56")
    assert all(isinstance(v, Decimal) for v in (data.budget, data.allocated, data.spent, data.balance))
    community = next(row for row in funding(money.street1, YEAR).children if row.region == money.community1)
    assert community.allocated == Decimal("1334.56")
    assert funding(money.street2, YEAR).allocated == Decimal("0.00")


def test_the_page_and_export_by_role(money, login):
    client = login(money.street_user)
    page = client.get("/funding/", {"year": YEAR})
    assert page.status_code == 200 and page.context["data"].balance == Decimal("667.80")
    assert "667.80" in page.content.decode()
    export = client.get("/funding/export/", {"year": YEAR})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][3] == "预算（元）" and rows[1][0] == money.street1.name
    assert [round(Decimal(str(v)), 2) for v in rows[1][3:8]] == [Decimal("250.00"), Decimal("1334.56"), Decimal("-1084.56"),
                                                                 Decimal("666.76"), Decimal("667.80")]
    assert login(money.leader).get("/funding/", {"year": YEAR, "region": money.street1.pk}).status_code == 200
    assert login(money.other_street_user).get("/funding/", {"region": money.street1.pk}).status_code == 404
    assert login(money.secretary).get("/funding/").status_code == 403
    assert login(money.secretary).get("/funding/expenses/").status_code == 200


def test_dues_are_returned_in_full(world):
    short = DuesReturn.objects.create(party_org=world.party_org1, year=LAST, retained=Decimal("500.00"),
                                      returned=Decimal("499.99"))
    DuesReturn.objects.create(party_org=world.party_org2, year=LAST, retained=Decimal("300.00"), returned=Decimal("300.00"))
    found = flagged("FUND-2")
    assert list(found) == [short.pk] and found[short.pk].startswith(f"{LAST}年留存党费应返还500") and "已返还499.99元" in found[short.pk]
    short.returned = Decimal("500.00")
    short.save()
    assert flagged("FUND-2") == {}


def test_the_set_aside_is_at_least_half_a_percent_of_payroll(world):
    Organization.objects.filter(pk=world.org1.pk).update(payroll=Decimal("100.00"))  # 万元: 1,000,000 yuan
    Organization.objects.filter(pk=world.org2.pk).update(payroll=Decimal("100.00"))
    below = SetAside.objects.create(organization=world.org1, year=LAST, amount=Decimal("4999.99"))
    SetAside.objects.create(organization=world.org2, year=LAST, amount=Decimal("5000.00"))
    assert set(flagged("FUND-3")) == {world.org1.pk}
    assert SetAside.objects.get(pk=below.pk).rate == Decimal("0.50")  # 0.499999 %, shown to two places
    below.amount = Decimal("5000.00")
    below.save()
    assert flagged("FUND-3") == {}


def test_the_api_keeps_yuan_as_decimals_and_scopes_by_street(money, login):
    client = login(money.street_user)
    response = client.post("/api/funding-expenses/", {"party_org": money.party_org1.pk, "year": YEAR, "date": f"{YEAR}-03-01",
                                                      "amount": "12.34", "purpose": "activity", "description": "主题党日"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "12.34"
    assert funding(money.street1, YEAR).spent == Decimal("679.10")
    other = login(money.other_street_user)
    assert other.get("/api/funding-allocations/").json()["count"] == 0
    assert other.post("/api/funding-expenses/", {"party_org": money.party_org1.pk, "year": YEAR, "date": f"{YEAR}-03-01",
                                                 "amount": "1", "purpose": "activity", "description": "越界"},
                      content_type="application/json").status_code == 400
