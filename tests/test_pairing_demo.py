"""The demo's pairing part: each PAIR rule added since the register (PAIR-4 self-assessments,
PAIR-5 evaluations, PAIR-6 bulletins) has a few cases to show, not most."""

import pytest

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
from tests.test_demo import demo, fast_hashing  # noqa: F401 -- fixtures

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
