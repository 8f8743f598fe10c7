"""Form fields for what people paste rather than type."""

from collections.abc import Callable

from django import forms

from liangxin.core.validators import normalize_code, normalize_phone, validate_phone


class CodeFormField(forms.CharField):
    """A code pasted from a document or a chat: spaces, full-width characters, lower case.

    The box takes whatever is pasted (no maxlength that would cut a code carrying a space
    before its last character), the value is normalized before any check, and the checks are
    the validators' own, whose messages name the code and say how to fix it."""

    def __init__(self, *, normalize: Callable[[str | None], str] = normalize_code, **kwargs):
        self.normalize = normalize
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.normalize(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        if isinstance(widget, forms.TextInput):
            attrs.update(spellcheck="false", autocapitalize="characters")
        return attrs


class PhoneFormField(CodeFormField):
    """A phone number as pasted (spaces, dashes, brackets, full-width), normalized and checked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(normalize=normalize_phone, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.TextInput):
            attrs.update(inputmode="tel", autocapitalize="off")
        return attrs
