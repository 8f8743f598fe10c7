from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django_tables2.utils import call_with_appropriate

from liangxin.core import personal


class BaseTable(tables.Table):
    """On a phone only `phone_columns` show; the rest appear from tablet width up.

    Every table is built for a user: a column holding personal data (the model's declared
    fields, by column name or by the first step of its accessor) is left out when the user's
    role may not see it, and its cells are masked when the role sees it masked
    (liangxin.core.personal)."""

    phone_columns: tuple[str, ...] = ("name",)
    # For a table of rows that are not model instances: its personal columns, by kind.
    personal_columns: dict[str, personal.Kind] = {}

    class Meta:
        attrs = {"class": "table table-hover align-middle mb-0"}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        model = self._meta.model
        kinds = dict(self.personal_columns)
        if model is not None:
            for name, column in self.base_columns.items():
                accessor = str(column.accessor or name).replace(".", "__")
                kind = personal.kind_of(model, name) or personal.kind_of(model, accessor)
                if kind is not None:
                    kinds[name] = kind
        hidden = {name for name, kind in kinds.items() if personal.level(user, kind) == personal.Level.HIDDEN}
        if hidden:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), *hidden)
        super().__init__(*args, **kwargs)
        for bound in self.columns:
            if bound.name not in self.phone_columns:
                column = bound.column
                column.attrs = {**column.attrs, "th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
            kind = kinds.get(bound.name)
            if kind is not None and personal.level(user, kind) == personal.Level.MASKED:
                bound.render = _masked(bound.render, kind)

    def person(self, obj) -> str | None:
        """A row's object named for this table's user (a person's name per the NAME level)."""
        return personal.label(self.user, obj)


def _masked(render, kind):
    def render_masked(**kwargs):
        value = personal.apply(kind, personal.Level.MASKED, kwargs["value"])
        return call_with_appropriate(render, {**kwargs, "value": value})

    return render_masked


class PostButtonColumn(tables.TemplateColumn):
    """A button that POSTs an action on its row (revoke a token, unlock an account): a small form
    per row, with the row's hidden fields. `url(record)`, `label` (a string or `label(record)`)
    and `fields(record, request) -> dict` say what it sends."""

    def __init__(self, url, label, icon: str, *, variant: str = "btn-outline-primary", fields=None, **kwargs):
        self.url, self.label, self.icon, self.variant = url, label, icon, variant
        self.fields: Callable[[Any, Any], dict] = fields or (lambda record, request: {})
        kwargs.setdefault("verbose_name", "")
        super().__init__(template_name="core/includes/post_button.html", orderable=False,
                         attrs={"td": {"class": "text-end"}}, **kwargs)

    def render(self, record, table, value, bound_column, **kwargs):
        request = getattr(table, "context", {}).get("request")
        self.extra_context = {
            "action": self.url(record), "label": self.label(record) if callable(self.label) else self.label,
            "icon": self.icon, "variant": self.variant, "hidden": list(self.fields(record, request).items()),
        }
        return super().render(record, table, value, bound_column, **kwargs)
