from django.apps import AppConfig


class InstructorsConfig(AppConfig):
    name = "liangxin.instructors"
    label = "instructors"
    verbose_name = "党建工作指导员"

    def ready(self):
        from liangxin.instructors import rules  # noqa: F401  (declares INS-1…INS-9 and MEM-7's instructor part)
