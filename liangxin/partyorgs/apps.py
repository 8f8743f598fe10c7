from django.apps import AppConfig

from liangxin.accounts.roles import Role
from liangxin.core.jurisdiction import register_resolver


class PartyOrgsConfig(AppConfig):
    name = "liangxin.partyorgs"
    label = "partyorgs"
    verbose_name = "党组织"

    def ready(self):
        # Models load after the app registry: the resolver module imports them, so it is imported here.
        from liangxin.partyorgs.jurisdiction import secretary_jurisdiction  # Django: apps not ready at import

        register_resolver([Role.SECRETARY], secretary_jurisdiction)
