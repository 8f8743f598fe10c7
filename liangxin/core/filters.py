"""Shared filter pieces: the styled FilterSet base and a search box (the region subtree filter
is the regions app's: regions/filters.py)."""

import django_filters
from django import forms
from django.db.models import Q


class BaseFilterSet(django_filters.FilterSet):
    """Bootstrap widgets and Chinese "all" choices, so every list's filter bar looks the same."""

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
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return qs.filter(q)
