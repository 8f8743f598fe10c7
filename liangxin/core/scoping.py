"""Helpers shared by the UI forms and the API serializers to keep choices inside the jurisdiction."""

from django.core.exceptions import ValidationError
from django.db.models import Manager

from liangxin.core.models import ScopedQuerySet

ACTION_FOR_METHOD = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def scope_choices(fields, user) -> None:
    """Every relation a user can pick from offers only what they may see: a hand-made POST with
    an outside id fails validation ("not a valid choice"), it never reaches the database."""
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if isinstance(queryset, Manager):
            # DRF's related fields hold the model's manager, Django's form fields a QuerySet.
            queryset = queryset.all()
        if isinstance(queryset, ScopedQuerySet):
            field.queryset = queryset.scoped(user, "view")


def check_still_in_scope(obj, user, action: str) -> None:
    """After a save, inside its transaction: an object the user moved out of their own
    jurisdiction is refused (the caller's transaction rolls the save back)."""
    if not type(obj).objects.scoped(user, action).filter(pk=obj.pk).exists():
        raise ValidationError("保存后该记录将不在您的管辖范围内，已取消保存。请选择您管辖范围内的区域、组织或党组织。")


def run_m2m_clean(instance, m2m_values: dict) -> None:
    """Models validate many-to-many values in `clean_<field>` hooks (they are not on the instance yet)."""
    for name, value in m2m_values.items():
        hook = getattr(instance, f"clean_{name}", None)
        if hook is not None:
            hook(list(value))
