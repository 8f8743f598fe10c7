from django.apps import AppConfig

from liangxin.accounts.jurisdiction import region_jurisdiction
from liangxin.accounts.roles import REGION_ROLES
from liangxin.core.jurisdiction import register_resolver


class AccountsConfig(AppConfig):
    name = "liangxin.accounts"
    label = "accounts"
    verbose_name = "用户与权限"

    def ready(self):
        register_resolver(REGION_ROLES, region_jurisdiction)
