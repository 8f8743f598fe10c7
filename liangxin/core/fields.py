"""Model fields for personal data."""

from django.core.validators import MaxLengthValidator
from django.db import models

from liangxin.core import crypto
from liangxin.core.formfields import CodeFormField
from liangxin.core.validators import normalize_code


class CodeField(models.CharField):
    """An identifier typed by people: full-width characters, spaces and lower case are
    normalized before validation; an empty value is stored as NULL (so unique allows many).

    When the field has validators of its own, they judge the length (with a message that
    names the code and says what to check), so Django's generic length check is dropped; the
    column keeps max_length."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._validators:  # type: ignore[attr-defined]  # the validators given to this field, not the defaults
            self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def formfield(self, **kwargs):  # type: ignore[override]  # passes everything on
        # No max_length on the form field: the box must take a pasted code with its spaces.
        return super().formfield(**{"form_class": CodeFormField, **kwargs, "max_length": None})

    def to_python(self, value):
        value = normalize_code(super().to_python(value))
        return value or None

    def get_prep_value(self, value):
        return super().get_prep_value(self.to_python(value))


class EncryptedCharField(models.TextField):
    """A string stored encrypted; Python code sees the plain value, the database never does.

    `mask` names a function of liangxin.core.masking used wherever the value is shown or
    logged. Encrypted columns cannot be filtered or ordered by value: pair them with a
    blind index where exact search or uniqueness is needed.
    """

    def __init__(self, *args, mask: str = "mask_all", **kwargs):
        self.mask = mask
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask"] = self.mask
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value)
