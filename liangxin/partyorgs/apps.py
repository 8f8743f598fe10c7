from django.apps import AppConfig


class PartyOrgsConfig(AppConfig):
    name = "liangxin.partyorgs"
    label = "partyorgs"
    verbose_name = "党组织"
