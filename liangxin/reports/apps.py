from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "liangxin.reports"
    label = "reports"
    verbose_name = "报告"
