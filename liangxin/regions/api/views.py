from rest_framework import status
from rest_framework.exceptions import APIException

from liangxin.core.api import ScopedModelViewSet
from liangxin.regions.api.serializers import RegionSerializer
from liangxin.regions.filtersets import RegionFilterSet
from liangxin.regions.models import Region


class RegionInUse(APIException):
    status_code = status.HTTP_409_CONFLICT  # as a PROTECTed reference answers (core.api.exception_handler)
    default_code = "conflict"


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["code", "name", "path"]

    def perform_destroy(self, instance):
        refusal = instance.deletion_refusal()
        if refusal:
            raise RegionInUse(refusal)
        super().perform_destroy(instance)
