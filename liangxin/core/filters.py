"""Shared filter pieces: the styled FilterSet base and a search box (the region subtree filter
is the regions app's: regions/filters.py)."""

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Model, Q
from django_filters.utils import get_model_field

from liangxin.core import personal

# What a 64-bit signed integer column holds (SQLite's INTEGER, PostgreSQL's bigint): the widest
# range any number filter may pass to the database.
INT64_RANGE = (-(2**63), 2**63 - 1)


def integer_range(model: type[Model], field_name: str) -> tuple[int, int]:
    """The values the column behind `field_name` can hold on this database (a foreign key's
    are its target's); the 64-bit range for anything that is not an integer column."""
    try:
        field = get_model_field(model, field_name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.is_relation and field.many_to_one:
        field = field.target_field
    if field is None:
        return INT64_RANGE
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (INT64_RANGE[0] if low is None else low, INT64_RANGE[1] if high is None else high)


class BaseFilterSet(django_filters.FilterSet):
    """Bootstrap widgets and Chinese "all" choices, so every list's filter bar looks the same.

    Every number filter is bounded to the range its column can hold: a value beyond it is a
    form error (400 in the API, a message on the page), never a number the database driver
    cannot convert (an OverflowError, a server error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.NumberFilter):
                low, high = integer_range(model, filter_.field_name) if model else INT64_RANGE
                filter_.extra.setdefault("min_value", low)
                filter_.extra.setdefault("max_value", high)

    @property
    def qs(self):
        """Nothing when a filter's value is invalid: the page shows the field's message over an
        empty list and an export is empty, where django-filter would drop the filter and return
        every row (an export of everything for a mistyped number). The API answers 400 before
        it gets here (DjangoFilterBackend checks the form first)."""
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return super().qs

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.NullBooleanSelect):
                    widget.choices = [("", "全部"), ("true", "是"), ("false", "否")]
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css)
                if isinstance(widget, forms.TextInput):
                    widget.input_type = "search"
                    widget.attrs.setdefault("placeholder", field.label)
            form._styled = True
        return form


class SearchFilter(django_filters.CharFilter):
    """A search box over several text fields (`fields` are icontains lookups)."""

    def __init__(self, *args, fields: tuple[str, ...], **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", "搜索")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        # Personal data the user does not see in full is not searched: a match would tell it.
        request = getattr(self.parent, "request", None)
        user = getattr(request, "user", None)
        q = Q()
        for field in self.search_fields:
            kind = personal.kind_of(qs.model, field)
            if kind is None or personal.level(user, kind) == personal.Level.FULL:
                q |= Q(**{f"{field}__icontains": value})
        return qs.filter(q)
