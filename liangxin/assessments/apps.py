from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "liangxin.assessments"
    label = "assessments"
    verbose_name = "规范化建设与评定"
