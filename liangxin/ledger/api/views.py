from rest_framework.decorators import action
from rest_framework.response import Response

from liangxin.core.api import ScopedModelViewSet
from liangxin.ledger.api.serializers import CensusRecordSerializer, CensusSerializer
from liangxin.ledger.filtersets import CensusFilterSet, CensusRecordFilterSet
from liangxin.ledger.models import Census, CensusRecord


class CensusViewSet(ScopedModelViewSet):
    """Census campaigns, read-only here: opening one fills in the threshold in force and creates
    its records (the web page does that in one transaction)."""

    queryset = Census.objects.select_related("region")
    serializer_class = CensusSerializer
    filterset_class = CensusFilterSet
    ordering_fields = ["year", "deadline"]
    http_method_names = ["get", "head", "options"]

    @action(detail=True)
    def progress(self, request, pk=None):
        """Headline figures and surveyed / total per sub-region, within the caller's jurisdiction."""
        census = self.get_object()
        records = CensusRecord.objects.scoped(request.user).filter(census=census)
        progress = records.progress_by_region(census.progress_regions(request.user))
        return Response({
            "figures": records.figures(),
            "regions": [{"id": p["region"].pk, "name": p["region"].name, **{k: p[k] for k in ("total", "surveyed", "percent")}}
                        for p in progress],
        })


class CensusRecordViewSet(ScopedModelViewSet):
    """One organization's census record: read, and filled in (PUT/PATCH) while the census is
    open. Records are created when a census opens and are not deleted through the API."""

    queryset = CensusRecord.objects.select_related("organization", "region", "census")
    serializer_class = CensusRecordSerializer
    filterset_class = CensusRecordFilterSet
    ordering_fields = ["region__path", "organization__name", "employees", "formal_members"]
    http_method_names = ["get", "put", "patch", "head", "options"]
