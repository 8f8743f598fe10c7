"""The jurisdiction of an instructor: the organizations currently assigned to them, and their
own records. Registered from InstructorsConfig.ready()."""

from liangxin.core.jurisdiction import Jurisdiction
from liangxin.instructors.models import Assignment


def instructor_jurisdiction(user) -> Jurisdiction:
    return Jurisdiction(
        organization_ids=Assignment.objects.current().filter(instructor__user=user).values("organization"),
        owner_id=user.pk,
    )
