from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "liangxin.grids"
    label = "grids"
    verbose_name = "网格化管理服务"
