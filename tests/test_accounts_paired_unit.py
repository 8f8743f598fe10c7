"""The district's administrator manages every kind of account: here a paired unit's, created,
edited, deactivated and given a new password through the pages, as the administrator would."""

from django.test import Client
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from tests.test_personas import form_payload

NEW_PASSWORD = "Pairing@2026new"


def _logs_in(username: str, password: str) -> bool:
    """Through the login page, as the paired unit's user would (the lockout backend needs the request)."""
    response = Client().post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def test_it_lets_the_administrator_manage_a_paired_units_account(world, login):
    admin = login(world.admin)
    add = reverse("accounts:user_add")
    form = admin.get(add).context["form"]
    assert world.unit.pk in {unit.pk for unit in form.fields["paired_unit"].queryset}

    response = admin.post(add, form_payload(form, username="pairing2", display_name="司法局联络员", role=Role.PAIRED_UNIT,
                                            paired_unit=world.unit.pk, is_active="on", new_password="Pairing@2026first"))
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="pairing2")
    assert user.paired_unit == world.unit and user.role == Role.PAIRED_UNIT

    edit = reverse("accounts:user_edit", args=[user.pk])
    payload = form_payload(admin.get(edit).context["form"], display_name="司法局新联络员", new_password=NEW_PASSWORD)
    assert admin.post(edit, payload).status_code == 302
    assert _logs_in("pairing2", NEW_PASSWORD)

    payload = form_payload(admin.get(edit).context["form"])
    payload.pop("is_active", None)  # the box unticked: deactivated
    assert admin.post(edit, payload).status_code == 302
    user.refresh_from_db()
    assert user.display_name == "司法局新联络员" and not user.is_active
    assert not _logs_in("pairing2", NEW_PASSWORD)
