"""The reports in the API by persona (read-only): quarterly bulletins of the jurisdiction with
their Word document (logged as the page's download is), and the annual report's tables for
?region=&year= with the page's permission and regions (outside 404, roles without a region
403), the same figures as the page, and an export row in the change log."""

import io
from decimal import Decimal

import pytest
from docx import Document

from liangxin.audit.models import ChangeLog
from liangxin.reports import annual
from liangxin.reports.bulletin_docx import docx
from liangxin.reports.models import QuarterlyBulletin
from tests.test_bulletins import YEAR as BULLETIN_YEAR
from tests.test_bulletins import drafted  # noqa: F401 -- fixture
from tests.test_reports_annual import YEAR, district  # noqa: F401 -- fixture

pytestmark = pytest.mark.django_db


def test_bulletins_are_listed_and_downloaded_inside_the_jurisdiction(world, drafted, login):  # noqa: F811
    client, bulletin = drafted
    street = QuarterlyBulletin.objects.create(region=world.street2, year=BULLETIN_YEAR, quarter=bulletin.quarter,
                                              figures={"label": "测试"})
    listed = client.get("/api/quarterly-bulletins/").json()
    assert {row["id"] for row in listed["results"]} == {bulletin.pk, street.pk}
    detail = client.get(f"/api/quarterly-bulletins/{bulletin.pk}/").json()
    assert detail["title"] == bulletin.title and detail["figures"] == bulletin.figures
    assert detail["issuer_name"] == "中共测试区委组织部" and "reviewed_by" not in detail

    east = login(world.street_user)
    assert {row["id"] for row in east.get("/api/quarterly-bulletins/").json()["results"]} == set()
    assert east.get(f"/api/quarterly-bulletins/{street.pk}/").status_code == 404
    assert east.get(f"/api/quarterly-bulletins/{street.pk}/document/").status_code == 404
    west = login(world.other_street_user)
    assert {row["id"] for row in west.get("/api/quarterly-bulletins/").json()["results"]} == {street.pk}
    for user in (world.secretary, world.paired_user):
        assert login(user).get("/api/quarterly-bulletins/").status_code == 403

    # Frozen: the stored document, whatever the client accepts, logged like the page's download.
    for step in ("review", "freeze"):
        client.post(f"/reports/bulletins/{bulletin.pk}/act/", {"step": step})
    bulletin.refresh_from_db()
    logged = ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).count()
    response = client.get(f"/api/quarterly-bulletins/{bulletin.pk}/document/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content == bytes(bulletin.frozen_docx) == docx(bulletin)
    assert "filename" in response["Content-Disposition"]
    assert bulletin.title in "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    row = ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).latest("pk")
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).count() == logged + 1
    assert row.user == world.admin and "下载" in row.detail and "DOCX" in row.detail
    # Read-only.
    assert client.delete(f"/api/quarterly-bulletins/{bulletin.pk}/").status_code == 405
    assert client.patch(f"/api/quarterly-bulletins/{bulletin.pk}/", {"issuer": "x"}, content_type="application/json").status_code == 405


def test_the_annual_report_tables_are_the_pages_by_persona_and_logged(district, login):  # noqa: F811
    street = login(district.street_user)
    logged = ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).count()
    data = street.get(f"/api/annual-report/?region={district.street1.pk}&year={YEAR}").json()
    report = annual.build(district.street_user, district.street1, YEAR)
    assert (data["region"], data["year"], data["title"]) == (district.street1.pk, YEAR, report.title)
    tables = {t["key"]: t for t in data["tables"]}
    assert list(tables) == [t.key for t in report.tables]
    assert tables["coverage"]["rows"] == report.table("coverage").rows
    assert tables["inspection"]["totals"] == report.table("inspection").totals
    assert tables["funding"]["totals"] == [str(v) if isinstance(v, Decimal) else v for v in report.table("funding").totals]
    assert any(isinstance(v, str) and "." in v for v in tables["funding"]["totals"][2:])  # yuan as decimal strings
    row = ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).latest("pk")
    assert ChangeLog.objects.filter(action=ChangeLog.Action.EXPORT).count() == logged + 1
    assert row.user == district.street_user and row.detail == f"导出{report.title}（API）"

    # The user's own region by default; another street 404; a bad year says which field and why.
    assert street.get("/api/annual-report/").json()["region"] == district.street1.pk
    assert login(district.other_street_user).get(f"/api/annual-report/?region={district.street1.pk}").status_code == 404
    bad = street.get(f"/api/annual-report/?region={district.street1.pk}&year=1990")
    assert bad.status_code == 400 and "年度：应在2000年至" in bad.json()["year"][0]
    assert login(district.leader).get(f"/api/annual-report/?region={district.district.pk}&year={YEAR}").status_code == 200
    for user in (district.secretary, district.instructor_user, district.paired_user):
        assert login(user).get("/api/annual-report/").status_code == 403
