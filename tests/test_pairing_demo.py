"""The demo's pairing part: each PAIR rule added since the register (PAIR-4 self-assessments,
PAIR-5 evaluations, PAIR-6 bulletins) has a few cases to show, not most."""

import pytest
from django.test import Client
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.pairing.models import (
    Inspection,
    Invitation,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.regions.models import Region
from liangxin.rules.registry import get_rule
from tests.identity import force_login_verified
from tests.test_demo import demo, fast_hashing, run_demo  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_few_cases_of_each_new_pair_rule(demo):  # noqa: F811
    pairings = Pairing.objects.filter(organization__region__path__startswith=demo.path)
    units = PairedUnit.objects.filter(pairings__in=pairings).distinct()
    assert SelfAssessment.objects.submitted().exists() and UnitEvaluation.objects.exists()
    assert Invitation.objects.filter(answered_at__isnull=False).count() > Invitation.objects.filter(answered_at__isnull=True).count()
    regions = Region.objects.filter(path__startswith=demo.path, level__in=(Region.Level.DISTRICT, Region.Level.STREET))
    assert Inspection.objects.issued().exists() and PointsRecord.objects.filter(example=True).exists()
    for rule_id, rows in (("PAIR-4", units), ("PAIR-5", pairings), ("PAIR-6", regions)):
        flagged = get_rule(rule_id).violations(None, demo)
        assert 0 < flagged.count() <= rows.count() / 3, (rule_id, flagged.count(), rows.count())


def test_secretary1_has_an_evaluation_to_fill_in_and_a_second_run_adds_none(demo):  # noqa: F811
    secretary = User.objects.get(username="secretary1")
    pending = Invitation.objects.filter(evaluator=Invitation.Evaluator.PARTY_ORG, answered_at__isnull=True,
                                        evaluation__pairing__organization__party_orgs=secretary.party_org)
    assert pending.count() == 1
    client = Client()
    force_login_verified(client, secretary)
    home = client.get("/").content.decode()
    assert f"请填写评议：{pending.get().evaluation}（两新组织党组织）" in home
    href = "/pairing/evaluate/" + home.split('<a href="/pairing/evaluate/')[1].split('"')[0]
    assert client.get(href).status_code == 200
    # PAIR-5 reads the rounds already due: the pending one is the round being collected now.
    assert not get_rule("PAIR-5").violations(None, demo).filter(evaluations__invitations__in=pending).exists()

    invitations = Invitation.objects.count()
    assert "已存在" in run_demo()
    assert Invitation.objects.count() == invitations and pending.count() == 1
    # Answered, it is not asked again on the next run.
    pending.update(score=80, answered_at=timezone.now())
    run_demo()
    assert Invitation.objects.count() == invitations and not pending.exists()
