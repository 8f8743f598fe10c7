from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "liangxin.regions"
    label = "regions"
    verbose_name = "区域与网格"
