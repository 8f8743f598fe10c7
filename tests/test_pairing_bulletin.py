"""The quarterly inspection and bulletin (PAIR-6) by persona: the committee runs an inspection,
the bulletin is drafted from the record with the exact points table (read back from the .docx
with python-docx and from the PDF's text), good practice is marked, the bulletin issued; the
annual commendation list; PAIR-6 flags quarters without a bulletin."""

import datetime
import io

import docx
import pypdf
import pytest
from django.utils import timezone

from liangxin.core import documents
from liangxin.pairing.bulletin import POINTS_HEADERS, annual, build
from liangxin.pairing.models import Inspection, PairedUnit, Pairing, PointsRecord
from liangxin.pairing.rules import bulletin_quarter
from liangxin.rules.registry import get_rule

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year - 1
EXPECTED = [["1", "区司法局", "11", "11"], ["2", "区审计局", "2", "2"]]


def _record(pairing, kind, month, day, points, status=PointsRecord.Status.CONFIRMED, **kw):
    kw.setdefault("content", f"{kind}内容")
    return PointsRecord.objects.create(pairing=pairing, kind=kind, date=datetime.date(YEAR, month, day),
                                       participants="3人", results="成效", status=status, points=points, **kw)


@pytest.fixture
def quarter(world):
    """The first quarter of last year: 区司法局 visits every month and holds an activity; 区审计局
    visits once; a pending record counts for nobody."""
    Pairing.objects.filter(unit=world.unit).update(start_date=datetime.date(YEAR - 1, 1, 1))
    justice = Pairing.objects.get(unit=world.unit)
    audit = Pairing.objects.create(unit=PairedUnit.objects.create(name="区审计局", region=world.district), organization=world.org1,
                                   start_date=datetime.date(YEAR - 1, 6, 1))
    for month in (1, 2, 3):
        _record(justice, "visit", month, 10, 2)
    _record(justice, "activity", 2, 20, 5, content="双方党员联合开展主题党日活动")
    _record(audit, "visit", 1, 15, 2)
    _record(audit, "activity", 3, 1, 0, status=PointsRecord.Status.PENDING)
    _record(audit, "visit", 4, 2, 2)  # the next quarter
    return Inspection.objects.create(region=world.district, year=YEAR, quarter=1, inspected_on=datetime.date(YEAR, 4, 10),
                                     findings="采取查阅积分行动记录本、走访结对组织的方式检查。")


def test_the_bulletin_holds_the_exact_points_table_in_the_docx_and_the_pdf(world, quarter, login):
    draft = build(quarter)
    assert draft.points_table() == EXPECTED
    assert [(row.pairing.unit.name, row.summary) for row in draft.cadence] == [
        ("区司法局", "落实"), ("区审计局", "未落实：缺2月到访、3月到访、联合活动")]
    assert [row.unit.name for row in draft.commended] == ["区司法局"]

    admin = login(world.admin)
    page = admin.get(f"/pairing/inspections/{quarter.pk}/").content.decode()
    assert "区司法局" in page and "下载Word" in page and "印发通报" in page
    response = admin.get(f"/pairing/inspections/{quarter.pk}/bulletin/?format=docx")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    points = next(t for t in tables if tuple(t[0]) == POINTS_HEADERS)
    assert points[1:] == EXPECTED
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{YEAR}年第一季度结对共建督办检查通报" in text and "区司法局本季度工作突出，予以通报表扬" in text

    if not documents.pdf_available():
        pytest.skip("LibreOffice is not installed (make office-deps): the PDF is not offered")
    response = admin.get(f"/pairing/inspections/{quarter.pk}/bulletin/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    lines = [" ".join(line.split()) for line in pdf_text.splitlines()]
    assert " ".join(POINTS_HEADERS) in lines
    for row in EXPECTED:
        assert " ".join(row) in lines, (row, lines)


def test_the_committee_marks_good_practice_and_issues_the_bulletin(world, quarter, login):
    admin = login(world.admin)
    activity = PointsRecord.objects.get(kind="activity", status=PointsRecord.Status.CONFIRMED)
    response = admin.post(f"/pairing/inspections/{quarter.pk}/act/", {"example": [activity.pk]})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.example and [r.pk for r in build(quarter).examples] == [activity.pk]
    document = docx.Document(io.BytesIO(admin.get(f"/pairing/inspections/{quarter.pk}/bulletin/").content))
    assert any("双方党员联合开展主题党日活动" in p.text for p in document.paragraphs)
    admin.post(f"/pairing/inspections/{quarter.pk}/act/", {"issue": "1"})
    quarter.refresh_from_db()
    assert quarter.issued_on == TODAY

    # The east street neither sees nor acts on the district's inspection; a secretary has no inspections.
    east = login(world.street_user)
    assert east.get(f"/pairing/inspections/{quarter.pk}/").status_code == 404
    assert east.post(f"/pairing/inspections/{quarter.pk}/act/", {"issue": "1"}).status_code == 404
    assert login(world.secretary).get(f"/pairing/inspections/{quarter.pk}/bulletin/").status_code == 403


def test_a_street_runs_its_own_inspection_from_the_form(world, login):
    west = login(world.other_street_user)
    response = west.post("/pairing/inspections/add/", {"region": world.street2.pk, "year": YEAR, "quarter": 4,
                                                      "inspected_on": f"{YEAR}-12-28", "findings": "走访检查"})
    assert response.status_code == 302, response.context["form"].errors
    inspection = Inspection.objects.get(region=world.street2)
    assert inspection.created_by == world.other_street_user
    # The district is not a region a street may inspect; an inspection before its quarter is refused.
    response = west.post("/pairing/inspections/add/", {"region": world.district.pk, "year": YEAR, "quarter": 3,
                                                      "inspected_on": f"{YEAR}-10-10", "findings": "x"})
    assert response.status_code == 200 and not Inspection.objects.filter(region=world.district).exists()
    response = west.post("/pairing/inspections/add/", {"region": world.street2.pk, "year": YEAR, "quarter": 3,
                                                      "inspected_on": f"{YEAR}-05-10", "findings": "走访检查"})
    assert "检查日期早于所查季度" in response.content.decode() and response.context["form"]["findings"].value() == "走访检查"


def test_the_annual_commendation_list_follows_the_years_points(world, quarter, login):
    listing = annual(world.district, YEAR)
    assert [(row.unit.name, row.year_points) for row in listing.rows] == [("区司法局", 11), ("区审计局", 4)]
    assert [row.unit.name for row in listing.commended] == ["区司法局"]
    page = login(world.admin).get(f"/pairing/commendation/?year={YEAR}").content.decode()
    assert "区司法局（11分）" in page
    assert login(world.paired_user).get("/pairing/commendation/").status_code == 403


def test_pair6_flags_regions_with_pairings_and_no_bulletin_for_the_quarter(world):
    year, quarter, start, end = bulletin_quarter(TODAY, 30)
    assert (TODAY - end).days > 30
    assert bulletin_quarter(datetime.date(2026, 7, 31), 30)[:2] == (2026, 2)
    assert bulletin_quarter(datetime.date(2026, 7, 30), 30)[:2] == (2026, 1)
    flagged = {str(r): r.finding for r in get_rule("PAIR-6").violations(None, None)}
    assert flagged == {"测试区": f"{year}年第{quarter}季度未印发督办检查通报", "西街道": f"{year}年第{quarter}季度未印发督办检查通报"}
    inspection = Inspection.objects.create(region=world.district, year=year, quarter=quarter, findings="检查")
    assert len(get_rule("PAIR-6").violations(None, None)) == 2  # drafted, not issued
    Inspection.objects.filter(pk=inspection.pk).update(issued_on=TODAY)
    assert {str(r) for r in get_rule("PAIR-6").violations(None, None)} == {"西街道"}
    assert {str(r) for r in get_rule("PAIR-6").violations(world.other_street_user, world.street2)} == {"西街道"}
