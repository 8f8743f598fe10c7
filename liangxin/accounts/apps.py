from django.apps import AppConfig

from liangxin.accounts.jurisdiction import region_jurisdiction
from liangxin.accounts.roles import REGION_ROLES, personal_data_levels
from liangxin.core.jurisdiction import register_resolver
from liangxin.core.personal import register_policy


class AccountsConfig(AppConfig):
    name = "liangxin.accounts"
    label = "accounts"
    verbose_name = "用户与权限"

    def ready(self):
        register_resolver(REGION_ROLES, region_jurisdiction)
        register_policy(personal_data_levels)
