from liangxin.core.api import ScopedModelSerializer
from liangxin.regions.models import Region


class RegionSerializer(ScopedModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "street_kind", "parent", "path", "lead_party_org", "responsible_person", "created", "updated"]
        read_only_fields = ["path", "created", "updated"]
