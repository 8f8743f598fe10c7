from django.apps import AppConfig


class InstructorsConfig(AppConfig):
    name = "liangxin.instructors"
    label = "instructors"
    verbose_name = "党建工作指导员"
