from django.apps import AppConfig

from liangxin.accounts.roles import Role
from liangxin.core.jurisdiction import register_resolver


class InstructorsConfig(AppConfig):
    name = "liangxin.instructors"
    label = "instructors"
    verbose_name = "党建工作指导员"

    def ready(self):
        # Models load after the app registry: the resolver module imports them, so it is imported here.
        from liangxin.instructors.jurisdiction import instructor_jurisdiction  # Django: apps not ready

        register_resolver([Role.INSTRUCTOR], instructor_jurisdiction)
