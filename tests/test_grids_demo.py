"""The demo district shows a few cases of each grid rule added with service centres, the
roll-out and the contact and demonstration points, never most rows."""

import pytest

from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    DemonstrationPoint,
    JointMeeting,
    RolloutState,
    ServiceCentre,
)
from liangxin.regions.models import Region
from liangxin.rules.registry import get_rule
from tests.test_demo import run_demo


@pytest.mark.django_db
def test_the_demo_shows_cases_of_the_new_grid_rules(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run_demo()
    for rule_id, model in (("GRID-6", None), ("GRID-7", None), ("GRID-7B", JointMeeting), ("REP-3", ContactPoint),
                           ("REP-3B", DemonstrationPoint)):
        found = get_rule(rule_id).violations(None).count()
        assert found >= 1, rule_id
        if model is not None:
            assert found < model.objects.count(), rule_id
    # The district and its streets: some flagged, some in order.
    assert get_rule("GRID-7").violations(None).count() < Region.objects.filter(level__lte=Region.Level.STREET, level__gte=3).count()
    assert RolloutState.objects.filter(pilot=True).exists()
    assert ServiceCentre.objects.filter(grids__isnull=False).exists()
    assert CentreSubsidy.objects.filter(amount="12345.67").exists()
