from liangxin.core.api import ScopedModelViewSet
from liangxin.regions.api.serializers import RegionSerializer
from liangxin.regions.filtersets import RegionFilterSet
from liangxin.regions.models import Region


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["code", "name", "path"]
