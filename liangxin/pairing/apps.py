from django.apps import AppConfig

from liangxin.accounts.roles import Role
from liangxin.core.jurisdiction import register_resolver


class PairingConfig(AppConfig):
    name = "liangxin.pairing"
    label = "pairing"
    verbose_name = "结对共建"

    def ready(self):
        # Models load after the app registry: the resolver module imports them, so it is imported here.
        from liangxin.pairing.jurisdiction import paired_unit_jurisdiction  # Django: apps not ready at import

        register_resolver([Role.PAIRED_UNIT], paired_unit_jurisdiction)
