"""Validating many rows exactly as a model form does, without building a form per row.

A bound ModelForm per row costs a deep copy of every field and widget, and its model
validation asks the database once per row for each unique field, each foreign key and each
check constraint. An import of 100,000 rows spent most of its time there. `RowValidator`
runs the *same* steps with the form's own (scoped) fields, built once:

1. each form field's `clean()` on the value its widget reads from the data (the form's
   messages, choices, required/empty rules);
2. the model fields set as `construct_instance` sets them;
3. `instance.full_clean(exclude=<the form's validation exclusions>, validate_unique=False,
   validate_constraints=False)`: every model field validator and the model's `clean()`;
4. check constraints evaluated in memory when their condition is a plain comparison of the
   instance's own fields (else by the constraint itself, one query as in the form);
5. unique fields checked for a whole chunk at once (`check_unique`: one query per field).

So no rule is written twice: the rules are the form's fields and the model's. A form with
hooks this path would skip (`clean()`, `clean_<field>()`) is refused by `supports()`, and the
caller then uses the form itself, row by row. Foreign keys whose form field reads its
choices from a prefetched, scoped dict (`PrefetchedChoiceField`) are not checked again by the
model (the model's check is one query asking whether the same object exists).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import AutoField, CheckConstraint, Q
from django.forms import BaseModelForm
from django.forms.models import model_to_dict

from liangxin.core.forms import ScopedModelForm

_COMPARE = {"exact": operator.eq, "gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


def supports(form_class) -> bool:
    """Whether the form validates nothing beyond its fields, the model and the m2m hooks."""
    if form_class.clean is not BaseModelForm.clean:
        return False
    if form_class._post_clean not in (BaseModelForm._post_clean, ScopedModelForm._post_clean):
        return False
    return not any(name.startswith("clean_") and callable(getattr(form_class, name)) for name in dir(form_class))


def _evaluate(condition, instance) -> bool | None:
    """A check constraint's condition over the instance's attributes, or None when it is not
    a plain comparison this can evaluate (then the constraint validates itself)."""
    if isinstance(condition, Q):
        results = []
        for child in condition.children:
            value = _evaluate(child, instance)
            if value is None:
                return None
            results.append(value)
        result = all(results) if condition.connector == Q.AND else any(results)
        return not result if condition.negated else result
    if not isinstance(condition, tuple) or len(condition) != 2:
        return None
    lookup, expected = condition
    if hasattr(expected, "resolve_expression"):
        return None
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    try:
        field = instance._meta.get_field(name)
    except Exception:  # noqa: BLE001 — not a plain field: let the constraint decide
        return None
    actual = getattr(instance, field.attname)
    if kind == "isnull":
        return (actual is None) == bool(expected)
    if kind == "in":
        return actual in expected
    if kind not in _COMPARE:
        return None
    if actual is None or expected is None:
        return False  # SQL: a comparison with NULL is not true
    return _COMPARE[kind](actual, expected)


class RowValidator:
    def __init__(self, form_class, user, prefetched: Iterable[str] = ()):
        self.form_class = form_class
        self.model = form_class._meta.model
        self.meta = form_class._meta
        # One form, as the UI builds it for this user: its fields carry the scoped choices.
        self.prototype = form_class(user=user, instance=self.model())
        self.fields = self.prototype.fields
        self.prefetched = set(prefetched)
        self.constraints = [c for model, cs in self.model().get_constraints() for c in cs]
        self.m2m_names = [f.name for f in self.model._meta.many_to_many if f.name in self.fields]

    def initial(self, instance) -> dict:
        return model_to_dict(instance, fields=list(self.fields), exclude=self.meta.exclude)

    def validate(self, data: dict, instance) -> tuple[dict, dict[str, list[str]], set[str]]:
        """Fill `instance` from `data` as a bound form would; return (cleaned_data, errors by
        field name as the form reports them, the exclusions used for the model checks)."""
        errors: dict[str, list[str]] = {}
        cleaned: dict = {}
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(data, {}, name)
            try:
                cleaned[name] = field.clean(value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        exclude = self._exclusions(cleaned, errors)
        opts = instance._meta
        for f in opts.fields:
            if not f.editable or isinstance(f, AutoField) or f.name not in cleaned:
                continue
            if self.meta.fields is not None and f.name not in self.meta.fields:
                continue
            if self.meta.exclude and f.name in self.meta.exclude:
                continue
            widget = self.fields[f.name].widget
            if (f.has_default() and widget.value_omitted_from_data(data, {}, f.name)
                    and cleaned.get(f.name) in self.fields[f.name].empty_values):
                continue
            f.save_form_data(instance, cleaned[f.name])
        model_exclude = exclude | self.prefetched
        try:
            instance.full_clean(exclude=model_exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._merge(errors, cleaned, error)
        constraint_exclude = model_exclude | {k for k in errors if k != NON_FIELD_ERRORS}
        for constraint in self.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue  # unique constraints: check_unique, per chunk (none on the ledger's models today)
            holds = None
            referenced = {lookup.split("__")[0] for lookup in _lookups(constraint.condition)}
            if referenced & constraint_exclude:
                continue  # as Django: a constraint over an excluded field is not checked
            holds = _evaluate(constraint.condition, instance)
            try:
                if holds is None:
                    constraint.validate(self.model, instance, exclude=constraint_exclude)
                elif not holds:
                    raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
            except ValidationError as error:
                self._merge(errors, cleaned, error)
        m2m = {name: cleaned[name] for name in self.m2m_names if name in cleaned}
        from liangxin.core.scoping import run_m2m_clean

        try:
            run_m2m_clean(instance, m2m)
        except ValidationError as error:
            self._merge(errors, cleaned, error)
        return cleaned, errors, self._exclusions(cleaned, errors)

    def _exclusions(self, cleaned: dict, errors: dict) -> set[str]:
        """The form's `_get_validation_exclusions`, for these cleaned values and errors."""
        exclude = set()
        for f in self.model._meta.fields:
            outside = f.name not in self.fields or (self.meta.fields and f.name not in self.meta.fields)
            if outside or (self.meta.exclude and f.name in self.meta.exclude) or f.name in errors:
                exclude.add(f.name)
            else:
                form_field = self.fields[f.name]
                if not f.blank and not form_field.required and cleaned.get(f.name) in form_field.empty_values:
                    exclude.add(f.name)
        return exclude

    def _merge(self, errors: dict, cleaned: dict, error: ValidationError) -> None:
        """The form's `_update_errors`: model errors join the form's, by field."""
        if hasattr(error, "error_dict"):
            items = error.error_dict.items()
        else:
            items = [(NON_FIELD_ERRORS, error.error_list)]
        for name, error_list in items:
            key = name if name in self.fields else NON_FIELD_ERRORS
            for item in error_list:
                errors.setdefault(key, []).extend(ValidationError(item).messages)
            cleaned.pop(name, None)

    def has_changed(self, initial: dict, data: dict) -> bool:
        """The form's `has_changed()`: initial is `initial(instance)` taken before `validate`."""
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(data, {}, name)
            start = initial.get(name, field.initial)
            if callable(start):
                start = start()
            if field.has_changed(start, value):
                return True
        return False

    def unique_fields(self, exclude: set[str]) -> list[str]:
        """The single-field unique checks the form would run for an instance."""
        return [f.name for f in self.model._meta.fields
                if f.unique and not f.primary_key and f.name not in exclude]

    def check_unique(self, candidates: list[tuple[object, object, set[str]]]) -> dict[object, dict[str, list[str]]]:
        """Unique fields for a chunk: candidates are (key, instance, exclusions). Returns errors
        by key, each with the model's own message. One query per unique field; within the
        chunk the first instance holding a value keeps it, as row-by-row saving would."""
        errors: dict[object, dict[str, list[str]]] = {}
        by_field: dict[str, dict] = {}
        for key, instance, exclude in candidates:
            for name in self.unique_fields(exclude):
                value = getattr(instance, self.model._meta.get_field(name).attname)
                if value is None or value == "":
                    continue
                by_field.setdefault(name, {}).setdefault(value, []).append((key, instance))
        for name, values in by_field.items():
            taken: dict = {}
            for start in range(0, len(values), 5000):
                batch = list(values)[start:start + 5000]
                for value, pk in self.model._default_manager.filter(**{f"{name}__in": batch}).values_list(name, "pk"):
                    taken.setdefault(value, set()).add(pk)
            for value, holders in values.items():
                owners = set(taken.get(value, ()))
                for key, instance in holders:
                    if owners - {instance.pk}:
                        message = instance.unique_error_message(self.model, (name,))
                        errors.setdefault(key, {}).setdefault(name, []).extend(message.messages)
                    else:
                        owners.add(instance.pk if instance.pk is not None else object())
        return errors


def _lookups(condition):
    if isinstance(condition, Q):
        for child in condition.children:
            yield from _lookups(child)
    elif isinstance(condition, tuple) and len(condition) == 2:
        yield condition[0]
