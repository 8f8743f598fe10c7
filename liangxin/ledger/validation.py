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

Field cleaning is a function of the value alone for Django's own form and model fields (and
ours in liangxin.core.fields), so each field's result — cleaned value or errors — is kept per
distinct value (`ValueMemo`): a ledger repeats the same kinds, flags, dates and counts on most
rows, and each is then parsed once. Fields of other classes (relations asking the database,
encrypted fields) are cleaned every time.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import AutoField, CheckConstraint, Q
from django.forms import BaseModelForm
from django.forms.models import model_to_dict

from liangxin.core import fields as core_fields
from liangxin.core.formfields import CodeFormField, PhoneFormField
from liangxin.core.forms import ScopedModelForm
from liangxin.core.scoping import run_m2m_clean
from liangxin.ledger.bulk import any_of
from liangxin.ledger.columns import ValueMemo

_COMPARE = {"exact": operator.eq, "gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


class ChoiceInstances(dict):
    """pk → object of a field's (scoped) queryset, read as needed instead of all at once (a
    city has 40,000 regions; a chunk of rows names a few dozen): `load(pks)` reads those not
    yet known in one query; looking up another pk reads it alone. A pk outside the queryset
    is a KeyError, as for a dict of all of it."""

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset
        self.absent: set = set()

    def load(self, pks) -> None:
        missing = {pk for pk in pks if pk not in self and pk not in self.absent}
        if missing:
            for obj in self.queryset.filter(pk__in=missing):
                self[obj.pk] = obj
            self.absent.update(missing - self.keys())

    def __missing__(self, pk):
        self.load([pk])
        if pk in self.absent:
            raise KeyError(pk)
        return dict.__getitem__(self, pk)


class PrefetchedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over the same (scoped) choices, evaluated once: `instances` maps pk
    to object (a dict, or ChoiceInstances read as needed). An id outside them is refused with
    the field's own message, as in the UI."""

    instances: dict = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.instances[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class PrefetchedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over the same (scoped) choices, with the ids known to be
    among them in `instances` (filled per batch in one query). An id outside them is refused
    with the field's own message; the cleaned value is the list of ids."""

    instances: set = set()

    def clean(self, value):
        value = self.prepare_value(value)
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not value:
            return []
        ids = []
        for item in value:
            try:
                pk = int(item)
            except (TypeError, ValueError):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}) from None
            if pk not in self.instances:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item})
            ids.append(pk)
        self.run_validators(ids)
        return ids


# Form fields whose clean() depends on the value only (exact classes: ModelChoiceField, for
# one, is a ChoiceField that asks the database).
_PURE_FORM_FIELDS = {
    forms.CharField, forms.IntegerField, forms.DecimalField, forms.FloatField, forms.DateField,
    forms.BooleanField, forms.NullBooleanField, forms.ChoiceField, forms.TypedChoiceField,
    forms.EmailField, forms.URLField, PrefetchedChoiceField, CodeFormField, PhoneFormField,
}


def _pure_model_field(field) -> bool:
    """Django's own non-relational model fields and our code field clean a value the same
    way every time; an encrypted field or a relation is not assumed to."""
    if field.is_relation or field.generated:
        return False
    cls = type(field)
    return cls.__module__.startswith("django.db.models.fields") or cls is core_fields.CodeField


def supports(form_class) -> bool:
    """Whether the form validates nothing beyond its fields, the model and the m2m hooks
    (and the model nothing beyond its fields and clean(), which `validate` runs itself)."""
    if form_class.clean is not BaseModelForm.clean:
        return False
    if form_class._post_clean not in (BaseModelForm._post_clean, ScopedModelForm._post_clean):
        return False
    model = form_class._meta.model
    if model.full_clean is not models.Model.full_clean or model.clean_fields is not models.Model.clean_fields:
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
        self.constraints = [
            (c, {lookup.split("__")[0] for lookup in _lookups(c.condition)})
            for model, cs in self.model().get_constraints() for c in cs
            # unique constraints: check_unique, per chunk (none on the ledger's models today)
            if isinstance(c, CheckConstraint)
        ]
        self.m2m_names = [f.name for f in self.model._meta.many_to_many if f.name in self.fields]
        self.plan: list | None = None  # at the first row: callers may still swap a field's class
        opts = self.model._meta
        # Model.clean_fields, per field: (name, attname, blank, empty values, memoized clean or None).
        self.model_plan = [
            (f.name, f.attname, f.blank, f.empty_values,
             ValueMemo(lambda value, f=f: f.clean(value, None), ValidationError) if _pure_model_field(f) else None)
            for f in opts.fields if not f.generated
        ]
        self.model_fields = {f.name: f for f in opts.fields}
        meta = self.meta
        self.always_excluded = {f.name for f in opts.fields
                                if f.name not in self.fields or (meta.fields and f.name not in meta.fields)
                                or (meta.exclude and f.name in meta.exclude)}
        # Fields outside the form are excluded from the model's checks on every row.
        self.model_plan = [step for step in self.model_plan if step[0] not in self.always_excluded]
        self.model_field_names = {f.name for f in opts.fields}
        self.optional_unless_filled = [f.name for f in opts.fields
                                       if f.name not in self.always_excluded and not f.blank and not self.fields[f.name].required]

    def _plan(self) -> list:
        """Per form field, what a bound form does with it, decided once: how its widget reads
        the data, its clean() (memoized when it depends on the value alone), and the model
        field construct_instance sets from it (None when it sets none)."""
        meta = self.meta
        plan = []
        for name, field in self.fields.items():
            widget = field.widget
            plain_read = type(widget).value_from_datadict is forms.Widget.value_from_datadict
            plain_omitted = type(widget).value_omitted_from_data is forms.Widget.value_omitted_from_data
            cleaner = ValueMemo(field.clean, ValidationError) if type(field) in _PURE_FORM_FIELDS else field.clean
            f = self.model_fields.get(name)
            if f is not None and not (f.editable and not isinstance(f, AutoField)
                                      and (meta.fields is None or name in meta.fields)
                                      and not (meta.exclude and name in meta.exclude)):
                f = None
            plain_set = f is not None and type(f).save_form_data is models.Field.save_form_data
            plan.append((name, field, widget, plain_read, plain_omitted, cleaner, f, plain_set,
                         f is not None and f.has_default()))
        return plan

    def initial(self, instance) -> dict:
        return model_to_dict(instance, fields=list(self.fields), exclude=self.meta.exclude)

    def validate(self, data: dict, instance) -> tuple[dict, dict[str, list[str]], set[str]]:
        """Fill `instance` from `data` as a bound form would; return (cleaned_data, errors by
        field name as the form reports them, the exclusions used for the model checks)."""
        errors: dict[str, list[str]] = {}
        cleaned: dict = {}
        plan = self.plan
        if plan is None:
            plan = self.plan = self._plan()
        for name, _field, widget, plain_read, _omitted, cleaner, _f, _set, _default in plan:
            value = data.get(name) if plain_read else widget.value_from_datadict(data, {}, name)
            try:
                cleaned[name] = cleaner(value)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
        exclude = self._exclusions(cleaned, errors)
        # construct_instance: the cleaned values onto the instance (a field with a default
        # keeps it when the data omits the field and the value is empty).
        for name, field, widget, _read, plain_omitted, _cleaner, f, plain_set, has_default in plan:
            if f is None or name not in cleaned:
                continue
            value = cleaned[name]
            if has_default and value in field.empty_values and (
                    name not in data if plain_omitted else widget.value_omitted_from_data(data, {}, name)):
                continue
            if plain_set:
                setattr(instance, name, value)
            else:
                f.save_form_data(instance, value)
        model_exclude = exclude | self.prefetched
        try:
            self._full_clean(instance, model_exclude)
        except ValidationError as error:
            self._merge(errors, cleaned, error)
        if self.constraints:
            constraint_exclude = model_exclude | {k for k in errors if k != NON_FIELD_ERRORS}
            for constraint, referenced in self.constraints:
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
        if self.m2m_names:
            m2m = {name: cleaned[name] for name in self.m2m_names if name in cleaned}
            try:
                run_m2m_clean(instance, m2m)
            except ValidationError as error:
                self._merge(errors, cleaned, error)
        return cleaned, errors, self._exclusions(cleaned, errors) if errors else exclude

    def _full_clean(self, instance, exclude: set[str]) -> None:
        """`instance.full_clean(exclude, validate_unique=False, validate_constraints=False)`:
        Model.clean_fields — each field's clean() through its memo — then the model's clean()
        (supports() refuses a model that overrides either of Django's two)."""
        errors = {}
        for name, attname, blank, empty_values, cleaner in self.model_plan:
            if name in exclude:
                continue
            raw_value = getattr(instance, attname)
            if blank and raw_value in empty_values:
                continue
            try:
                setattr(instance, attname, cleaner(raw_value) if cleaner else self.model_fields[name].clean(raw_value, instance))
            except ValidationError as error:
                errors[name] = list(error.error_list)
        if errors:
            errors = ValidationError(errors).update_error_dict({})
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _exclusions(self, cleaned: dict, errors: dict) -> set[str]:
        """The form's `_get_validation_exclusions`, for these cleaned values and errors."""
        exclude = self.always_excluded | (errors.keys() & self.model_field_names)
        for name in self.optional_unless_filled:
            if cleaned.get(name) in self.fields[name].empty_values:
                exclude.add(name)
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

    def check_unique(self, candidates: list[tuple[object, object, set[str]]]) -> dict[object, dict[str, list[str]]]:
        """Unique fields for a chunk: candidates are (key, instance, exclusions). Returns errors
        by key, each with the model's own message. One query per unique field; within the
        chunk the first instance holding a value keeps it, as row-by-row saving would."""
        errors: dict[object, dict[str, list[str]]] = {}
        by_field: dict[str, dict] = {}
        unique = [(f.name, f.attname) for f in self.model._meta.fields if f.unique and not f.primary_key]
        for key, instance, exclude in candidates:
            for name, attname in unique:
                if name in exclude:
                    continue
                value = getattr(instance, attname)
                if value is None or value == "":
                    continue
                by_field.setdefault(name, {}).setdefault(value, []).append((key, instance))
        for name, values in by_field.items():
            taken: dict = {}
            listed = list(values)
            for start in range(0, len(listed), 5000):
                batch = listed[start:start + 5000]
                for value, pk in self.model._default_manager.filter(any_of(self.model, name, batch)).order_by().values_list(name, "pk"):
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
