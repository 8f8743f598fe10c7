from django.contrib.auth.backends import ModelBackend

from liangxin.accounts.roles import permissions_for


class RoleBackend(ModelBackend):
    """Password login as usual; permissions come from the user's role, not from DB groups,
    so that a role means the same thing on every installation."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj) | {"members.view_id_number"}
        return set(permissions_for(user_obj.role))

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and user_obj.is_superuser:
            return True
        return perm in self.get_all_permissions(user_obj, obj)
