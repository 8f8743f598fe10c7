from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "liangxin.funding"
    label = "funding"
    verbose_name = "党建经费"
