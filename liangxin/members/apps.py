from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "liangxin.members"
    label = "members"
    verbose_name = "党员"
