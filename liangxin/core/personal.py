"""Personal data: which fields hold it, and how much of it each user sees (data minimisation).

Two halves meet here, like the jurisdiction's, and neither names a domain app:
- *Which fields.* A model declares its personal fields once, by kind:
  `personal = Personal(owner_name=Kind.NAME, owner_is_member=Kind.POLITICAL)`; a model whose
  every row is a person says `person=True`, and then a link to it (a party organization's
  `secretary`) is a person's name too. Encrypted fields (EncryptedCharField) are personal by
  their mask without a declaration: phones and 身份证号.
- *Who sees how much.* The table of levels per role and kind (hidden / masked / full) is declared
  by the app that owns the roles (liangxin.accounts.roles.PERSONAL_DATA) and registered from its
  `AppConfig.ready()`; a user no table covers sees nothing.

`present` is the one function every output goes through: the pages' tables and detail rows,
the API's serializers, the spreadsheet exports, the change log's display and the search boxes
(a hidden field is not searchable either: a search would tell whether a name is there).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from liangxin.core.fields import EncryptedCharField
from liangxin.core.masking import mask_id_number, mask_name, mask_phone


class Kind(models.TextChoices):
    NAME = "name", "姓名"
    PHONE = "phone", "电话"
    ID_NUMBER = "id_number", "身份证号"
    POLITICAL = "political", "政治面貌"


class Level(enum.IntEnum):
    HIDDEN = 0
    MASKED = 1
    FULL = 2


# What a page shows for a value its viewer may not see: the same as for an empty value, so the
# placeholder does not even say whether there is one.
PLACEHOLDER = "—"

_MASKS: dict[str, Callable[[str | None], str]] = {
    Kind.NAME: mask_name, Kind.PHONE: mask_phone, Kind.ID_NUMBER: mask_id_number,
}
# An encrypted field's mask says what it holds.
_KIND_OF_MASK = {"mask_phone": Kind.PHONE, "mask_id_number": Kind.ID_NUMBER}


class Personal:
    """A model's personal fields by kind; `person=True` when each row is a person."""

    def __init__(self, *, person: bool = False, **fields: Kind):
        self.person = person
        self.fields = fields


Policy = Callable[[Any], Mapping[str, Level]]
_policy: list[Policy] = []


def register_policy(policy: Policy) -> None:
    """Declare how much of each kind a user sees (a function of the user giving kind → level).
    Called once, from the `ready()` of the app that owns the roles."""
    if _policy and _policy[0] is not policy:
        raise ImproperlyConfigured("the personal-data policy is already registered")
    _policy[:] = [policy]


def level(user, kind: str) -> Level:
    if user is None or not getattr(user, "is_authenticated", False) or not _policy:
        return Level.HIDDEN
    return _policy[0](user).get(kind, Level.HIDDEN)


def is_person(model) -> bool:
    declared = getattr(model, "personal", None)
    return bool(declared and declared.person)


@cache
def personal_fields(model) -> dict[str, Kind]:
    """Field name → kind for every personal field of the model (declared, encrypted, or a link
    to a person)."""
    found: dict[str, Kind] = {}
    for field in model._meta.get_fields():
        if isinstance(field, EncryptedCharField):
            if field.mask not in _KIND_OF_MASK:
                raise ImproperlyConfigured(f"{model.__name__}.{field.name}: declare its kind in `personal`")
            found[field.name] = _KIND_OF_MASK[field.mask]
        elif field.concrete and field.is_relation and field.related_model is not None and is_person(field.related_model):
            found[field.name] = Kind.NAME
    declared = getattr(model, "personal", None)
    for name, kind in (declared.fields.items() if declared else ()):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(f"{model.__name__}.personal names {name!r}, which is not a field") from None
        found[name] = Kind(kind)
    return found


def kind_of(model, name: str) -> Kind | None:
    """The kind of a field, or of a lookup path (`secretary__name`, `organization__owner_name`):
    the first personal field along it."""
    for part in name.split("__"):
        if model is None:
            return None
        kind = personal_fields(model).get(part)
        if kind is not None:
            return kind
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return None


def masker(kind: str) -> Callable[[str | None], str] | None:
    """The function that masks a kind of value (None for a kind that is shown or hidden whole)."""
    return _MASKS.get(kind)


def apply(kind: str, lvl: Level, value):
    """A value as a viewer at this level sees it: None when hidden, masked text when masked."""
    if value is None or value == "":
        return value
    if lvl == Level.FULL:
        return value
    if lvl == Level.HIDDEN or kind not in _MASKS:  # a yes/no cannot be half shown
        return None
    return _MASKS[kind](value if isinstance(value, str) else str(value))


def present(user, model, name: str, value):
    """The value of `model.name` as this user may see it (unchanged when it is not personal)."""
    kind = kind_of(model, name)
    return value if kind is None else apply(kind, level(user, kind), value)


def label(user, obj) -> str | None:
    """An object's name for this user: a person's name per the NAME level, others as they are."""
    if obj is None:
        return None
    if is_person(type(obj)):
        return apply(Kind.NAME, level(user, Kind.NAME), str(obj))
    return str(obj)


def hidden_fields(user, model) -> set[str]:
    return {name for name, kind in personal_fields(model).items() if level(user, kind) == Level.HIDDEN}
