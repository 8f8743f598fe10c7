"""The jurisdiction of a paired unit: the organizations it is currently paired with.
Registered from PairingConfig.ready()."""

from liangxin.core.jurisdiction import NOTHING, Jurisdiction
from liangxin.pairing.models import Pairing


def paired_unit_jurisdiction(user) -> Jurisdiction:
    if user.paired_unit_id is None:
        return NOTHING
    return Jurisdiction(organization_ids=Pairing.objects.current().filter(unit_id=user.paired_unit_id).values("organization"))
