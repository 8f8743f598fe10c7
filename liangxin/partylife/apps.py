from django.apps import AppConfig


class PartyLifeConfig(AppConfig):
    name = "liangxin.partylife"
    label = "partylife"
    verbose_name = "组织生活"
