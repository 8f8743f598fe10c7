from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "liangxin.inspections"
    label = "inspections"
    verbose_name = "党建工作年检"
