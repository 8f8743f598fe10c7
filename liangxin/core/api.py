"""The base of every API endpoint: model permissions, jurisdiction scoping, model validation,
one change-log row per write. A viewset states its queryset, serializer and filterset only."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MinValueValidator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator
from rest_framework.views import exception_handler as drf_exception_handler

from liangxin.audit.log import delete_tracked, tracked
from liangxin.core import personal
from liangxin.core.errors import user_message
from liangxin.core.fields import CodeField
from liangxin.core.scoping import ACTION_FOR_METHOD, check_still_in_scope, run_m2m_clean, scope_choices
from liangxin.core.validators import unique_message


def as_drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    if isinstance(exc, Http404):
        # Django's text for a missing object is English and names the model (No Organization
        # matches the given query.): keep only messages written for users.
        exc = NotFound(user_message(exc) or None)
    if isinstance(exc, PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # DRF's CSRF refusal is not in its translations.
        exc = PermissionDenied("CSRF 校验失败：请刷新页面后重试；脚本调用请使用令牌（Authorization: Token …）认证。")
    if isinstance(exc, ProtectedError):
        names = "、".join(sorted({str(o) for o in list(exc.protected_objects)[:5]}))
        return Response({"detail": f"该记录仍被其他记录引用（{names}），请先解除引用再删除。"}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class ScopedModelSerializer(serializers.ModelSerializer):
    """Relations offer only what is in the user's jurisdiction, and the model's own clean()
    runs exactly as for the web forms. Personal data is read as the user's role may see it
    (liangxin.core.personal): null when hidden, masked text when masked."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = request.user if request is not None else None
        model: Any = self.Meta.model
        for name, field in self.fields.items():
            if field.write_only or name not in data or data[name] is None:
                continue
            source = name if not isinstance(field.source, str) or field.source == "*" else field.source.replace(".", "__")
            kind = personal.kind_of(model, source)
            if kind is None:
                continue
            lvl = personal.level(user, kind)
            if lvl == personal.Level.HIDDEN:
                data[name] = None
            elif lvl == personal.Level.MASKED and (isinstance(data[name], str) or kind == personal.Kind.POLITICAL):
                data[name] = personal.apply(kind, lvl, data[name])  # a link to a person stays its id
        return data

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            related = []
            for field in fields.values():
                related.append(getattr(field, "child_relation", field))
            scope_choices(related, request.user)
        return fields

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, CodeField):
            field_kwargs.pop("max_length", None)  # judged after normalization, by the code's validators
        for validator in field_kwargs.get("validators", ()):
            if isinstance(validator, UniqueValidator):
                validator.message = unique_message(model_field.verbose_name, model_field.model._meta.verbose_name)
        # DRF replaces a model's MinValueValidator by its own generic "min_value" message; keep
        # the model's, which names the field and says how to fix it, as the web forms show it.
        if "min_value" in field_kwargs:
            for validator in model_field.validators:
                if isinstance(validator, MinValueValidator) and validator.message is not MinValueValidator.message:
                    field_kwargs.setdefault("error_messages", {})["min_value"] = validator.message
        return field_class, field_kwargs

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model: Any = self.Meta.model
        m2m_names = {f.name for f in model._meta.many_to_many}
        instance = self.instance if self.instance is not None else model()
        if self.instance is not None:
            instance = model.objects.get(pk=self.instance.pk)
        plain = {k: v for k, v in attrs.items() if k not in m2m_names}
        for key, value in plain.items():
            setattr(instance, key, value)
        try:
            instance.full_clean()
            m2m = {k: v for k, v in attrs.items() if k in m2m_names}
            if self.instance is not None:
                for name in m2m_names - set(m2m):
                    m2m[name] = list(getattr(self.instance, name).all())
            run_m2m_clean(instance, m2m)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        # full_clean may normalize values (codes upper-cased, blanks to None): keep them.
        for key in plain:
            attrs[key] = getattr(instance, key)
        return attrs


class ScopedModelViewSet(viewsets.ModelViewSet):
    def get_queryset(self):
        queryset: Any = super().get_queryset()  # a ScopedQuerySet: every viewset's model has one
        return queryset.scoped(self.request.user, ACTION_FOR_METHOD.get(self.request.method or "GET", "view"))

    def perform_create(self, serializer):
        with transaction.atomic(), tracked(serializer.Meta.model()) as tracker:
            tracker.obj = serializer.save()
            self._check_scope(tracker.obj, "add")

    def perform_update(self, serializer):
        with transaction.atomic(), tracked(serializer.instance) as tracker:
            tracker.obj = serializer.save()
            self._check_scope(tracker.obj, "change")

    def perform_destroy(self, instance):
        with transaction.atomic():
            delete_tracked(instance)

    def _check_scope(self, obj, action):
        try:
            check_still_in_scope(obj, self.request.user, action)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
