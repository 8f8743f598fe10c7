"""The demo's reports: one quarterly bulletin issued (drafted, reviewed and frozen with its Word
document), so the bulletins page has one to open; a second run adds none."""

import io

import pytest
from django.test import Client
from docx import Document

from liangxin.accounts.models import User
from liangxin.core.periods import previous_quarter, quarter_of
from liangxin.reports.models import QuarterlyBulletin
from tests.identity import force_login_verified
from tests.test_demo import demo, fast_hashing, run_demo  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db


def test_the_demo_has_last_quarters_bulletin_frozen_with_its_document(demo):  # noqa: F811
    bulletin = QuarterlyBulletin.objects.get()
    start, _ = previous_quarter(bulletin.frozen_at.date())
    assert (bulletin.region, bulletin.year, bulletin.quarter) == (demo, start.year, quarter_of(start))
    assert bulletin.status == QuarterlyBulletin.Status.FROZEN and bulletin.reviewed_at and bulletin.frozen_docx
    assert bulletin.figures["coverage"]["rows"][0]["organizations_end"] > 0
    client = Client()
    force_login_verified(client, User.objects.get(username="admin"))
    assert f"/reports/bulletins/{bulletin.pk}/" in client.get("/reports/bulletins/").content.decode()
    page = client.get(f"/reports/bulletins/{bulletin.pk}/").content.decode()
    assert "已定稿" in page
    document = client.get(f"/reports/bulletins/{bulletin.pk}/download/")
    assert document.status_code == 200 and document.content == bytes(bulletin.frozen_docx)
    assert bulletin.title in "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)

    assert "已存在" in run_demo()
    assert QuarterlyBulletin.objects.count() == 1
