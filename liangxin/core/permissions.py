"""Kept apart from core.api: DRF imports its permission setting while loading its views."""

from rest_framework import permissions

from liangxin.core.models import may
from liangxin.core.scoping import ACTION_FOR_METHOD


def _model_of(view):
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None


class ModelPermission(permissions.BasePermission):
    """403 when the role may not do this to this kind of object at all; whether a particular
    object is inside the jurisdiction is decided by the scoped queryset (404 when not)."""

    message = "您的角色没有此操作的权限。"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        model = _model_of(view)
        if model is None:
            return True
        return may(user, model, ACTION_FOR_METHOD.get(request.method, "view"))
