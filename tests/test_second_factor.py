"""The second factor (issue 10, 身份鉴别): TOTP after the password for the roles that change
other users or see full 身份证号, with recovery codes; tests/identity.py marks sessions of the
other tests as verified."""

from django.contrib.auth import get_user_model

from liangxin.accounts.roles import ROLE_PERMISSIONS, SECOND_FACTOR_ROLES, permissions_for
from liangxin.accounts.secondfactor import needs_second_factor

SENSITIVE = ("accounts.change_user", "members.view_id_number")


def test_every_role_that_changes_users_or_sees_full_id_numbers_needs_the_second_factor():
    for role in ROLE_PERMISSIONS:
        if any(permission in permissions_for(role) for permission in SENSITIVE):
            assert role in SECOND_FACTOR_ROLES, role


def test_administrators_street_committees_and_superusers_need_it_and_no_one_else(world):
    needing = {u.username for u in get_user_model().objects.all() if needs_second_factor(u)}
    assert needing == {"admin", "street1", "street2"}
    world.leader.is_superuser = True
    assert needs_second_factor(world.leader)
