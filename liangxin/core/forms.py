from typing import Any

from django import forms
from django.db.models import BLANK_CHOICE_DASH

from liangxin.core.fields import EncryptedCharField
from liangxin.core.masking import mask
from liangxin.core.scoping import run_m2m_clean, scope_choices

# What an unchosen dropdown reads (Django's is "---------").
EMPTY_CHOICE_LABEL = "请选择…"


def _with_empty_label(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = EMPTY_CHOICE_LABEL
    elif isinstance(field, forms.ChoiceField):
        blank = BLANK_CHOICE_DASH[0]
        choices: Any = field.choices  # a list by now; the stubs allow callables too
        field.choices = [("", EMPTY_CHOICE_LABEL) if choice == blank else choice for choice in choices]


class UnshownInput(forms.TextInput):
    """A one-line box that never shows the stored value (what was typed is shown again)."""

    def __init__(self, stored, attrs=None):
        super().__init__(attrs)
        self.stored = stored

    def format_value(self, value):
        return None if value == self.stored else super().format_value(value)


class ScopedModelForm(forms.ModelForm):
    """A model form that offers only choices inside the user's jurisdiction and runs the
    model's many-to-many rules. Bootstrap classes are added here so templates stay plain.

    Editing never shows stored personal data: an encrypted field (a phone, a 身份证号) starts
    empty with the masked value as a hint, and keeps the stored value when left empty."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self.fields.values(), user)
        for name, field in self.fields.items():
            model_field = next((f for f in self._meta.model._meta.concrete_fields if f.name == name), None)
            if isinstance(model_field, EncryptedCharField):
                self._blank_encrypted(name, field, model_field)
        for field in self.fields.values():
            _with_empty_label(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def _blank_encrypted(self, name: str, field: forms.Field, model_field: EncryptedCharField) -> None:
        stored: str = (getattr(self.instance, name) or "") if self.instance.pk else ""
        field.widget = UnshownInput(stored, attrs={**field.widget.attrs, "autocomplete": "off"})
        if self.instance.pk:
            # Left empty, the field keeps the stored value, and that is not a change (an import
            # compares forms). On the field, not in the form's clean(): the ledger's bulk path
            # relies on forms without a clean() of their own (ledger.validation.supports).
            field.required = False
            clean, compare = field.clean, field.has_changed
            field.clean = lambda value: clean(value) if value not in (None, "") else stored  # type: ignore[method-assign]
            field.has_changed = lambda initial, data: bool(data) and compare(initial, data)  # type: ignore[method-assign]
            if stored:
                field.help_text = f"当前为 {mask(stored, model_field.mask)}；留空则保持不变。"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]  # Django's hook for model validation, private in the stubs
        m2m = {f.name: self.cleaned_data[f.name] for f in self.instance._meta.many_to_many if f.name in self.cleaned_data}
        try:
            run_m2m_clean(self.instance, m2m)
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]  # the same path as the model's own errors
