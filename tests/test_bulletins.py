"""The committee's quarterly bulletin (REP-3, 004 四(三)): drafted from the record with its
figures stored, reviewed, frozen (later changes do not alter it), as a .docx read back with
python-docx and a PDF read back with pypdf; the office's own Word template."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from liangxin.audit.models import ChangeLog
from liangxin.core import documents
from liangxin.core.periods import month_start
from liangxin.pairing.models import Pairing, PointsRecord
from liangxin.reports import bulletin_docx
from liangxin.reports.bulletins import quarter_range
from liangxin.reports.models import BulletinTemplate, QuarterlyBulletin
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.registry import violation_counts
from tests.browser import CHROMIUM, SCREENSHOTS, browser_page

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# The last quarter that has ended.
_LAST = month_start(TODAY, (TODAY.month - 1) % 3 + 1)
YEAR, QUARTER = _LAST.year, (_LAST.month - 1) // 3 + 1
START, END = quarter_range(YEAR, QUARTER)


def _snapshots(world):
    """The district and its streets at the quarter's start (the month before it) and end."""
    before, after = month_start(START, 1), month_start(END)
    for region, b, a in ((world.district, (10, 6, 1), (12, 9, 1)), (world.street1, (6, 3, 1), (7, 5, 0)),
                         (world.street2, (4, 3, 0), (5, 4, 1))):
        for month, (orgs, covered, work_only) in ((before, b), (after, a)):
            CoverageSnapshot.objects.create(region=region, month=month, organizations=orgs, organizations_economic=orgs,
                                            org_covered=covered, work_only_covered=work_only, party_orgs_economic=covered,
                                            members_economic=2 * covered)


@pytest.fixture
def drafted(world, login):
    _snapshots(world)
    pairing = Pairing.objects.get(unit=world.unit)
    PointsRecord.objects.create(pairing=pairing, kind="visit", date=START + datetime.timedelta(days=3), content="到企业走访",
                                participants="3人", results="解决用工难题", status=PointsRecord.Status.CONFIRMED, points=2,
                                example=True)
    client = login(world.admin)
    response = client.post(reverse("reports:quarterlybulletin_add"), {
        "region": world.district.pk, "year": YEAR, "quarter": QUARTER, "issuer": "中共测试区委组织部",
        "good_practice": "东街道推行“红色楼长”做法。", "requirements": "各街道要在下季度末前补齐未覆盖组织。"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, QuarterlyBulletin.objects.get(region=world.district, year=YEAR, quarter=QUARTER)


def _docx(client, bulletin) -> Document:
    response = client.get(reverse("reports:bulletin_download", args=[bulletin.pk]), {"format": "docx"})
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _cells(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_it_drafts_the_quarters_coverage_change_into_the_word_document(world, drafted):
    client, bulletin = drafted
    rows = _cells(_docx(client, bulletin))
    # 测试区: 6/10 → 9/12 organizations covered (60% → 75%), work 7/10 → 10/12 (70% → 83.3%).
    assert ["测试区", "10", "12", "60", "75", "+15", "70", "83.3", "+13.3"] in rows
    assert ["东街道", "6", "7", "50", "71.4", "+21.4", "66.7", "71.4", "+4.7"] in rows
    # The pairing's figures are the PAIR-6 bulletin's: 区司法局 with the quarter's 2 points.
    assert any(row[1:3] == ["区司法局", "2"] for row in rows)
    text = "\n".join(p.text for p in _docx(client, bulletin).paragraphs)
    assert "测试区在营“两新”组织12家" in text and "组织覆盖率75%，较季初+15个百分点" in text
    assert "区司法局本季度工作突出，予以通报表扬" in text and "红色楼长" in text and "解决用工难题" in text
    assert "{{" not in text and "中共测试区委组织部" in text
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT, detail__contains="季度").exists()


def test_it_compares_rule_cases_with_the_previous_frozen_bulletin(world, drafted):
    client, bulletin = drafted
    counts = violation_counts(None, world.district)
    broken = next(rule for rule, n in sorted(counts.items()) if n)
    kept = next(rule for rule, n in sorted(counts.items()) if not n)
    previous_year, previous_quarter = (YEAR, QUARTER - 1) if QUARTER > 1 else (YEAR - 1, 4)
    QuarterlyBulletin.objects.create(region=world.district, year=previous_year, quarter=previous_quarter,
                                     status=QuarterlyBulletin.Status.FROZEN,
                                     figures={"rules": {"rows": [{"id": broken, "now": 0}, {"id": kept, "now": 4}]}})
    client.post(reverse("reports:bulletin_act", args=[bulletin.pk]), {"step": "refresh"})
    bulletin.refresh_from_db()
    assert bulletin.figures["rules"]["broken"] == [broken] and bulletin.figures["rules"]["kept"] == [kept]
    document = _docx(client, bulletin)
    assert [kept, bulletin.figures["rules"]["rows"][[r["id"] for r in bulletin.figures["rules"]["rows"]].index(kept)]["title"],
            "4", "0", "-4"] in _cells(document)
    assert f"新出现问题的规则：{broken}" in "\n".join(p.text for p in document.paragraphs)


def test_a_frozen_bulletin_keeps_its_figures_and_document(world, drafted):
    client, bulletin = drafted
    act = reverse("reports:bulletin_act", args=[bulletin.pk])
    assert client.post(act, {"step": "freeze"}).status_code == 302  # not yet reviewed: refused
    bulletin.refresh_from_db()
    assert bulletin.status == QuarterlyBulletin.Status.DRAFT
    client.post(act, {"step": "review"})
    client.post(act, {"step": "freeze"})
    bulletin.refresh_from_db()
    assert bulletin.status == QuarterlyBulletin.Status.FROZEN and bulletin.frozen_docx
    before = client.get(reverse("reports:bulletin_download", args=[bulletin.pk])).content
    # The record changes afterwards: the snapshots are rewritten, a template is uploaded.
    CoverageSnapshot.objects.filter(region=world.district).update(org_covered=1)
    BulletinTemplate.objects.create(region=world.district, name="新模板.docx", content=bulletin_docx.default_template())
    assert client.get(reverse("reports:bulletin_download", args=[bulletin.pk])).content == before
    # Nothing changes it any more: no refresh, no edit, no delete.
    client.post(act, {"step": "refresh"})
    bulletin.refresh_from_db()
    assert bulletin.figures["coverage"]["rows"][0]["org_covered_end"] == 9
    assert client.get(reverse("reports:quarterlybulletin_edit", args=[bulletin.pk])).status_code == 404
    assert client.post(reverse("reports:quarterlybulletin_delete", args=[bulletin.pk])).status_code == 404
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert "已定稿" in page and 'id="bulletin-refresh"' not in page and "修改</a>" not in page


def test_it_keeps_the_bulletin_inside_the_jurisdiction(world, drafted, login):
    _, bulletin = drafted
    assert login(world.street_user).get(bulletin.get_absolute_url()).status_code == 404
    assert login(world.street_user).get(reverse("reports:bulletin_download", args=[bulletin.pk])).status_code == 404
    assert login(world.leader).get(bulletin.get_absolute_url()).status_code == 200
    assert login(world.leader).post(reverse("reports:bulletin_act", args=[bulletin.pk]), {"step": "review"}).status_code == 403
    # A street drafts its own; not the district's, not a quarter to come.
    street = login(world.street_user)
    refused = street.post(reverse("reports:quarterlybulletin_add"), {"region": world.district.pk, "year": YEAR, "quarter": QUARTER})
    assert refused.status_code == 200 and not QuarterlyBulletin.objects.filter(region=world.district).exclude(pk=bulletin.pk).exists()
    if TODAY.month < 10:
        future = street.post(reverse("reports:quarterlybulletin_add"), {"region": world.street1.pk, "year": TODAY.year, "quarter": 4})
        assert "该季度尚未开始" in future.content.decode()


def test_the_office_uploads_its_own_word_template(world, login):
    client = login(world.admin)
    url = reverse("reports:bulletin_template")
    template = Document(io.BytesIO(bulletin_docx.default_template()))
    template.paragraphs[0].insert_paragraph_before("测试区委组织部红头")
    buffer = io.BytesIO()
    template.save(buffer)
    # A template without a block placeholder is refused, naming it.
    broken = Document(io.BytesIO(buffer.getvalue()))
    for p in broken.paragraphs:
        if p.text == "{{工作要求}}":
            p.text = "下一步要求"
    broken_bytes = io.BytesIO()
    broken.save(broken_bytes)
    refused = client.post(url, {"file": _upload("模板.docx", broken_bytes.getvalue())})
    assert "缺少占位符 {{工作要求}}" in refused.content.decode()
    assert "不是有效的 Word 文档" in client.post(url, {"file": _upload("模板.docx", b"not a docx")}).content.decode()
    assert client.post(url, {"file": _upload("模板.docx", buffer.getvalue())}).status_code == 302
    # The street inherits the district's template; the drafted document carries the letterhead.
    _snapshots(world)
    street = login(world.street_user)
    street.post(reverse("reports:quarterlybulletin_add"), {"region": world.street1.pk, "year": YEAR, "quarter": QUARTER})
    bulletin = QuarterlyBulletin.objects.get(region=world.street1)
    document = _docx(street, bulletin)
    assert document.paragraphs[0].text == "测试区委组织部红头"
    assert ["东街道", "6", "7", "50", "71.4", "+21.4", "66.7", "71.4", "+4.7"] in _cells(document)
    assert "测试区上传的模板" in street.get(url).content.decode()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.skipif(not documents.pdf_available(), reason="LibreOffice (soffice) is not installed: make office-deps")
def test_the_pdf_holds_the_figures_with_chinese_intact(world, drafted):
    client, bulletin = drafted
    response = client.get(reverse("reports:bulletin_download", args=[bulletin.pk]), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    assert "党建工作通报" in flat and "组织12家" in flat and "测试区" in flat
    assert "83.3" in flat and "区司法局" in flat and "东街道" in flat
    # The first page as the browser draws the PDF, for the guide (docs/img/bulletin-page1.png).
    if Path(CHROMIUM).exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SCREENSHOTS / "bulletin.pdf"
        pdf.write_bytes(response.content)
        with browser_page(viewport={"width": 800, "height": 1100}) as page:
            page.goto(pdf.as_uri())
            page.wait_for_timeout(2000)
            page.screenshot(path=str(SCREENSHOTS / "bulletin-page1.png"))
