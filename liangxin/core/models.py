"""Thin base classes shared by every domain model."""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core.fields import EncryptedCharField
from liangxin.core.jurisdiction import Jurisdiction, Scope, jurisdiction_of
from liangxin.core.masking import mask
from liangxin.core.validators import unique_message


def may(user, model, action: str = "view") -> bool:
    """Whether the user's role may do `action` (view, add, change, delete) to this kind of
    object at all: the one place the permission name `app.action_model` is spelled."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


class ScopedQuerySet(models.QuerySet):
    """A QuerySet that knows how to restrict itself to a user's jurisdiction.

    `scoped(user, action)` is the single place where jurisdiction is applied; the base UI views,
    the base API viewset, exports and statistics all start from it. A model says where its rows
    sit by declaring `scope = Scope(...)` (liangxin.core.jurisdiction).
    """

    def scoped(self, user, action: str = "view") -> "ScopedQuerySet":
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not may(user, self.model, action):
            return self.none()
        jurisdiction = jurisdiction_of(user)
        if jurisdiction.everything:
            return self
        if jurisdiction.nothing:
            return self.none()
        return self.filter(self.jurisdiction_filter(jurisdiction, action))

    def jurisdiction_filter(self, jurisdiction: Jurisdiction, action: str = "view") -> models.Q:
        """The rows in `jurisdiction`, from the model's declared scope. A queryset whose rows
        follow a genuinely different rule adds to it here (the change log's unplaced rows)."""
        scope = getattr(self.model, "scope", None)
        if not isinstance(scope, Scope):
            raise NotImplementedError(f"{self.model.__name__} does not say how it is scoped: declare `scope = Scope(...)`")
        return scope.filter(self.model, jurisdiction, action)


class PeriodQuerySetMixin(models.QuerySet):
    """For models with `start_date` and an optional `end_date` (assignments, pairings, leave)."""

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))

    def overlapping(self, start, end):
        return self.filter(Q(start_date__lte=end), Q(end_date__isnull=True) | Q(end_date__gte=start))


def validate_period(obj) -> None:
    """The end of a period cannot come before its start (checked in the model's clean())."""
    if obj.start_date and obj.end_date and obj.end_date < obj.start_date:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})


class BaseModel(models.Model):
    """Timestamps, a scoped manager and a masked snapshot for the change log."""

    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])

    def unique_error_message(self, model_class, unique_check):
        if len(unique_check) == 1:
            field = model_class._meta.get_field(unique_check[0])
            return ValidationError(unique_message(field.verbose_name, model_class._meta.verbose_name), code="unique")
        return super().unique_error_message(model_class, unique_check)

    def audit_snapshot(self, m2m: dict | None = None) -> dict:
        """The object's state as the change log stores it: personal data masked. `m2m` may give
        the many-to-many pks already known (a bulk import), saving one query per relation."""
        data = {}
        excluded = {"created", "updated", *getattr(self, "audit_exclude_fields", ())}
        for field in self._meta.concrete_fields:
            if field.name in excluded:
                continue
            value = field.value_from_object(self)
            if isinstance(field, EncryptedCharField):
                value = mask(value, field.mask)
            elif value is not None and not isinstance(value, (str, int, float, bool)):
                value = str(value)
            data[field.name] = value
        for field in self._meta.many_to_many:
            if m2m is not None and field.name in m2m:
                data[field.name] = sorted(m2m[field.name])
            elif self.pk:
                data[field.name] = sorted(getattr(self, field.name).values_list("pk", flat=True))
        return data
