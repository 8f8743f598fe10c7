"""The annual statistical report (REP-2): a fixture district whose totals are known by hand, the
same totals as `liangxin stats`, the workbook's sheets and totals rows, the Word narrative, the
download's log row, and who may read it (outside regions 404, roles without a region 403)."""

import datetime
import io
import json
from decimal import Decimal
from io import StringIO

import docx
import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.utils import timezone

from liangxin.audit.models import ChangeLog
from liangxin.core import documents
from liangxin.funding.models import Allocation
from liangxin.inspections.models import InspectionResult, InspectionRound
from liangxin.organizations.models import Organization
from liangxin.pairing import evaluations
from liangxin.pairing.bulletin import annual as commendation
from liangxin.pairing.models import Invitation, Pairing, PointsRecord, UnitEvaluation
from liangxin.reports import annual, annual_files
from liangxin.reports.annual_files import SHEETS
from tests import test_reports_overview

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
TODAY = timezone.localdate()


@pytest.fixture
def district(world):
    """The shared world plus a social organization and a year of inspection and funding:
    四个在营组织（三个企业、一个商会）、从业人员215人、党员4名（名册2名，商会报送2名）、党组织2个，
    组织覆盖2家，工作覆盖3家（东升物流有指导员），未覆盖1家（商会）。"""
    Organization.objects.create(name="西区商会", kind=Organization.Kind.SOCIAL, region=world.grid2, employees=15,
                                reported_formal_members=2, scale="", industry="S")
    Organization.objects.filter(pk=world.org1.pk).update(scale=Organization.Scale.ABOVE, industry="C")
    Organization.objects.create(name="已注销贸易公司", region=world.grid1, status=Organization.Status.DEREGISTERED, employees=9)
    social = Organization.objects.get(name="西区商会")
    east = InspectionRound.objects.create(region=world.street1, year=YEAR, department="东街道党工委")
    west = InspectionRound.objects.create(region=world.street2, year=YEAR, department="西街道党工委")
    InspectionResult.objects.create(round=east, organization=world.org1, result="passed", inspected_on=TODAY)
    InspectionResult.objects.create(round=east, organization=world.org1b, result="absent", remarks="停产")
    InspectionResult.objects.create(round=west, organization=world.org2, result="failed", inspected_on=TODAY, remarks="整改")
    InspectionResult.objects.create(round=west, organization=social)
    Allocation.objects.create(region=world.street1, party_org=world.party_org1, year=YEAR, date=TODAY, amount=Decimal("100.00"))
    return world


def test_a_fixture_district_reproduces_its_known_totals(district):
    report = annual.build(None, district.district, YEAR)
    f = report.figures
    assert (f["organizations"], f["employees"], f["members"], f["party_orgs"]) == (4, 215, 4, 2)
    assert report.table("overview").totals == ["合计", 4, 215, 4, 2]
    assert report.table("overview").rows == [["新经济组织", 3, 200, 2, 2], ["新社会组织", 1, 15, 2, 0]]
    # 规模: one 规上 enterprise, the rest unfilled; 经营状态 counts the deregistered one too.
    assert report.table("scale").rows == [["规上", 1, 0, 1], ["规下", 0, 0, 0], ["未填报", 2, 1, 3]]
    assert report.table("status").totals == ["合计", 4, 1, 5]
    assert report.table("party_orgs").totals == ["合计", 2, 0, 0, 0, 2]
    coverage = report.table("coverage")
    assert coverage.rows == [["东街道", 2, 1, 0.5, 2, 1.0, 0], ["西街道", 2, 1, 0.5, 1, 0.5, 1]]
    assert coverage.totals == ["合计", 4, 2, 0.5, 3, 0.75, 1]
    assert report.table("members_age").totals[1:] == [2, 0, 2]  # the register: 张伟 and 李娜, both full members
    assert report.table("inspection").totals == ["合计", 4, 1, 0, 1, 1, 1]
    assert report.table("inspection").rows == [["东街道", 2, 1, 0, 0, 1, 0], ["西街道", 2, 0, 0, 1, 0, 1]]
    funding = report.table("funding").totals
    assert funding[1:4] == [2, Decimal("100.00"), Decimal("100.00")]


def test_every_totals_row_adds_up_and_equals_liangxin_stats(district):
    out = StringIO()
    call_command("stats", "--region", district.district.code, "--json", stdout=out)
    stats = json.loads(out.getvalue())["figures"]
    report = annual.build(district.admin, district.district, YEAR)
    for key in ("organizations", "employees", "members", "party_orgs", "org_covered", "work_covered", "uncovered"):
        assert report.figures[key] == stats[key], key
    overview, coverage = report.table("overview").totals, report.table("coverage").totals
    assert overview[1:] == [stats["organizations"], stats["employees"], stats["members"], stats["party_orgs"]]
    assert coverage[1:3] == [stats["organizations"], stats["org_covered"]] and coverage[4] == stats["work_covered"]
    assert (coverage[3], coverage[5]) == (stats["org_coverage_rate"], stats["work_coverage_rate"])
    assert report.table("scale").totals[3] == report.table("industry").totals[3] == stats["organizations"]


def test_the_workbook_has_every_sheet_and_totals_that_add_up(district, login):
    client = login(district.admin)
    response = client.get(f"/reports/annual/download/?region={district.district.pk}&year={YEAR}&format=xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["说明", *SHEETS.values()]
    assert "组织覆盖率" in [workbook["说明"].cell(r, 1).value for r in range(1, 12)]
    for name in SHEETS.values():
        sheet = workbook[name]
        header = [c.value for c in sheet[4] if c.value is not None]
        rows = []
        for row in sheet.iter_rows(min_row=5, max_col=len(header), values_only=True):
            if row[0] is None:
                break
            rows.append(row)
        *body, totals = rows
        assert totals[0] == "合计", name
        for column in range(1, len(header)):
            if "率" in header[column]:
                continue
            assert sum((r[column] or 0) for r in body) == pytest.approx(totals[column]), (name, header[column])
    coverage = workbook["表6 覆盖情况"]
    assert [c.value for c in coverage[7]][:7] == ["合计", 4, 2, 0.5, 3, 0.75, 1]
    assert coverage.cell(7, 4).number_format == "0.0%"
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT, user=district.admin, detail__contains="统计年报").exists()


def test_the_word_report_holds_the_figures(district, login):
    response = login(district.leader).get(f"/reports/annual/download/?region={district.district.pk}&year={YEAR}&format=docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全区共有“两新”组织4家，从业人员215人，党员4名" in text
    assert "组织覆盖率50.0%" in text and "工作覆盖率75.0%" in text
    assert "本年度纳入年检的组织4个，合格1个、基本合格0个、不合格1个、未参检1个，结果未录入1个。" in text
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["合计", "4", "2", "50.0%", "3", "75.0%", "1"] in cells


def test_the_page_shows_the_tables_to_region_roles_in_their_own_subtree(district, login):
    url = f"/reports/annual/?region={district.street1.pk}&year={YEAR}"
    page = login(district.street_user).get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "表16 党建工作年检" in body and "下载统计表（Excel）" in body
    assert login(district.other_street_user).get(url).status_code == 404
    assert login(district.other_street_user).get(
        f"/reports/annual/download/?region={district.street1.pk}&year={YEAR}").status_code == 404
    assert login(district.leader).get(url).status_code == 200
    bad = login(district.street_user).get(f"/reports/annual/?region={district.street1.pk}&year=1990").content.decode()
    assert "年度：应在2000年至" in bad


def test_roles_without_a_region_get_no_link_and_403(district, login):
    for user in (district.secretary, district.instructor_user, district.paired_user):
        client = login(user)
        assert client.get("/reports/annual/").status_code == 403
        assert client.get("/reports/annual/download/").status_code == 403
        assert "/reports/annual/" not in client.get("/").content.decode()
    assert "/reports/annual/" in login(district.leader).get("/").content.decode()


def test_the_command_writes_the_workbook_and_the_narrative(district, tmp_path):
    out = StringIO()
    target = tmp_path / "年报.xlsx"
    call_command("annual_report", "--region", district.district.code, "--year", str(YEAR), "--out", str(target), stdout=out)
    assert "组织 4 家" in out.getvalue()
    assert openpyxl.load_workbook(target)["表1 总体情况"].cell(7, 2).value == 4
    call_command("annual_report", "--region", district.district.code, "--year", str(YEAR), "--out", str(tmp_path / "年报.docx"),
                 stdout=out)
    assert "全区共有" in "\n".join(p.text for p in docx.Document(tmp_path / "年报.docx").paragraphs)


def test_a_past_year_is_reconstructed_as_on_its_last_day(district):
    # The world's organizations were entered today: on 31 December last year there were none.
    report = annual.build(None, district.district, YEAR - 1)
    assert report.as_of == datetime.date(YEAR - 1, 12, 31)
    assert report.figures["organizations"] == 0
    assert report.table("inspection").totals[1] == 0


# Seed 003 §一's county (tests/test_reports_overview.py builds it): 10,001 organizations, 32,400
# employees, 668 members, 42 party organizations (37 economic, 5 social).
county = test_reports_overview.county


def test_the_seed_county_report_reproduces_the_speech_figures(county):
    report = annual.build(None, county, YEAR)
    assert report.table("overview").rows == [["新经济组织", 9908, 31_336, 510, 37], ["新社会组织", 93, 1_064, 158, 5]]
    assert report.table("overview").totals == ["合计", 10_001, 32_400, 668, 42]
    assert report.table("coverage").totals[1:3] == [10_001, 42]
    assert report.table("status").totals == ["合计", 9_909, 93, 10_002]  # the deregistered one too
    from_the_speech = annual_files.narrative(report)[0][1][0]
    assert from_the_speech == test_reports_overview.SEED_SENTENCE
    workbook = openpyxl.load_workbook(io.BytesIO(annual_files.workbook_bytes(report)))
    assert [c.value for c in workbook["表1 总体情况"][7]] == ["合计", 10_001, 32_400, 668, 42]


def test_the_pdf_holds_the_figures_in_chinese(district, login):
    client = login(district.admin)
    page = client.get(f"/reports/annual/?region={district.district.pk}&year={YEAR}").content.decode()
    if not documents.pdf_available():
        assert "format=pdf" not in page
        pytest.skip("LibreOffice is not installed (make office-deps): the PDF is not offered")
    assert "format=pdf" in page
    response = client.get(f"/reports/annual/download/?region={district.district.pk}&year={YEAR}&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "全区共有“两新”组织4家，从业人员215人，党员4名" in text
    assert "本年度纳入年检的组织4个" in text


def test_table_13_counts_the_points_within_each_kinds_cap_as_the_commendation_list(world, login):
    """Two confirmed year-end meetings (附件3 caps them at one a year) and 14 visits (cap 12): the
    records past the cap are counted as confirmed but earn nothing, in table 13 as on the
    commendation list, evaluations included."""
    year = TODAY.year - 1
    pairing = Pairing.objects.get(unit=world.unit)

    def record(kind, day, points, status=PointsRecord.Status.CONFIRMED):
        PointsRecord.objects.create(pairing=pairing, kind=kind, date=datetime.date(year, 1, 1) + datetime.timedelta(days=day),
                                    content="内容", participants="3人", results="成效", status=status, points=points)
    for day in range(14):
        record("visit", day, 2)
    record("summary", 200, 10)
    record("summary", 300, 10)
    record("activity", 50, 5, status=PointsRecord.Status.PENDING)
    evaluation, _ = evaluations.open_round(pairing, year, UnitEvaluation.Round.YEAR_END, world.admin)
    Invitation.objects.filter(evaluation=evaluation).update(score=90, answered_at=timezone.now())

    table = annual.build(None, world.district, year).table("pairing")
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["到访"] == [14, 12, 24] and rows["年度总结会议"] == [2, 1, 10] and rows["联合活动"] == [0, 0, 0]
    assert rows["年中、年终评议折算（附件4）"] == [None, None, 18]  # 90 of 100 on a full mark of 20
    listing = commendation(world.district, year)
    assert table.totals == ["合计", 16, 13, 52] == ["合计", 16, 13, sum(row.year_points for row in listing.rows)]
    # The commendation page shows the same figure to the committee.
    page = login(world.admin).get(f"/pairing/commendation/?year={year}").content.decode()
    assert f"{world.unit.name}（52分）" in page
    # A region outside the pairing has none of it.
    assert annual.build(None, world.street1, year).table("pairing").totals == ["合计", 0, 0, 0]
