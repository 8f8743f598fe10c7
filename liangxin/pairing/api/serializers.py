from liangxin.core.api import ScopedModelSerializer
from liangxin.pairing.models import PairedUnit, Pairing


class PairedUnitSerializer(ScopedModelSerializer):
    class Meta:
        model = PairedUnit
        fields = ["id", "name", "level", "region", "category", "rank", "has_party_org", "party_org_name", "contact_name",
                  "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]


class PairingSerializer(ScopedModelSerializer):
    class Meta:
        model = Pairing
        fields = ["id", "unit", "organization", "start_date", "end_date", "unit_contact", "organization_contact", "notes"]
