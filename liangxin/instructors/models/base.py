"""What every instructor record shares: the instructor sees their own records, and records of
the organizations they are assigned to; region roles see what concerns their instructors."""

from __future__ import annotations

from django.db.models import Q

from liangxin.accounts.jurisdiction import in_subtree
from liangxin.core.models import ScopedQuerySet


def _is_instructor(user) -> bool:
    from liangxin.accounts.roles import Role

    return bool(user and user.is_authenticated and not user.is_superuser and user.role == Role.INSTRUCTOR)


class InstructorRecordQuerySet(ScopedQuerySet):
    """Records that belong to an instructor (`instructor_field`) and maybe an organization.

    `own_only` names the actions an instructor may take only on their own records; for the
    others (viewing records of an organization they are assigned to) the jurisdiction decides.
    """

    instructor_field = "instructor"
    organization_field: str | None = "organization"
    own_only: tuple[str, ...] = ("add", "change", "delete")

    def scoped(self, user, action: str = "view"):
        if _is_instructor(user):
            opts = self.model._meta
            if not user.is_active or not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
                return self.none()
            own = Q(**{f"{self.instructor_field}__user": user})
            if action in self.own_only or self.organization_field is None:
                return self.filter(own)
            return super().scoped(user, action) | self.filter(own)
        return super().scoped(user, action)

    def jurisdiction_filter(self, jurisdiction):
        q = Q(pk__in=[])
        if jurisdiction.region_path:
            q |= in_subtree(f"{self.instructor_field}__region", jurisdiction.region_path)
            if self.organization_field:
                q |= in_subtree(f"{self.organization_field}__region", jurisdiction.region_path)
        if jurisdiction.organization_ids is not None and self.organization_field:
            q |= Q(**{f"{self.organization_field}__in": jurisdiction.organization_ids})
        return q
