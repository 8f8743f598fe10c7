"""A branch secretary, on a phone, moves an activist of more than a year to 发展对象 with the
step's checklist; the list and the person's page fit the phone and the desktop."""

import datetime

import pytest

from liangxin.members import pipeline
from liangxin.members.models import DevelopmentStep, Member
from tests.browser import browser_page, log_in, requires_browser, screenshot
from tests.conftest import PASSWORD, id_number

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]
DOCS = {stage: [key for key, _ in spec.documents] for stage, spec in pipeline.STEPS.items()}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_secretary_moves_an_activist_to_candidate_with_the_checklist(live_server, transactional_world):
    w = transactional_world
    today = datetime.date.today()
    second = Member.objects.create(name="刘洋", id_number=id_number("11010119800202002"), organization=w.org1,
                                   party_org=w.party_org1)
    person = Member.people.create(name="吴晓", id_number=id_number("44030319970303003"), organization=w.org1,
                                  party_org=w.party_org1, category=pipeline.ACTIVIST)
    applied, activist = today - datetime.timedelta(days=500), today - datetime.timedelta(days=400)
    DevelopmentStep.objects.create(member=person, stage=pipeline.APPLICANT, date=applied, talked_on=applied + datetime.timedelta(days=9),
                                   documents=DOCS[pipeline.APPLICANT])
    DevelopmentStep.objects.create(member=person, stage=pipeline.ACTIVIST, date=activist, documents=DOCS[pipeline.ACTIVIST],
                                   decision="branch_committee", contact_1=w.member1, contact_2=second)

    with browser_page() as page:
        log_in(page, live_server.url, "secretary1", PASSWORD)
        page.goto(f"{live_server.url}/members/development/")
        assert "吴晓" in page.inner_text("main") and fits(page)
        screenshot(page, "development-list-phone")
        page.click("main a:text('吴晓')")
        page.wait_for_selector("text=下一步")
        assert "已满培养期" in page.inner_text("main") and fits(page)
        page.click("main a:text('列为发展对象')")
        page.wait_for_selector("#id_date")
        page.fill("#id_date", today.isoformat())
        page.select_option("#id_contact_1", str(w.member1.pk))
        page.select_option("#id_contact_2", str(second.pk))
        boxes = page.locator("input[name=documents]")
        assert boxes.count() == len(DOCS[pipeline.CANDIDATE])
        for index in range(boxes.count() - 1):  # one left out: refused, the rest kept
            boxes.nth(index).check()
        page.click("main button[type=submit]")
        page.wait_for_selector(".invalid-feedback")
        assert "本步骤所需材料尚未备齐" in page.inner_text("main")
        assert page.locator("input[name=documents]:checked").count() == boxes.count() - 1
        boxes.nth(boxes.count() - 1).check()
        screenshot(page, "development-step-phone")
        assert fits(page)
        page.click("main button[type=submit]")
        page.wait_for_selector("text=已保存")
        assert "发展对象" in page.inner_text("main") and "发展历程" in page.inner_text("main")
        screenshot(page, "development-candidate-phone")

    person.refresh_from_db()
    assert person.category == pipeline.CANDIDATE
    step = person.development_steps.get(stage=pipeline.CANDIDATE)
    assert (step.contact_1_id, step.contact_2_id, sorted(step.documents)) == (w.member1.pk, second.pk, sorted(DOCS["candidate"]))

    with browser_page(viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, "secretary1", PASSWORD)
        page.goto(f"{live_server.url}/members/development/")
        assert "发展对象" in page.inner_text("main") and fits(page)
        page.goto(f"{live_server.url}/members/development/{person.pk}/")
        assert fits(page)
        screenshot(page, "development-person-desktop")
