from liangxin.core.api import ScopedModelViewSet
from liangxin.organizations.api.serializers import OrganizationSerializer
from liangxin.organizations.filtersets import OrganizationFilterSet
from liangxin.organizations.models import Organization


class OrganizationViewSet(ScopedModelViewSet):
    queryset = Organization.objects.select_related("region")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "employees", "founded_on"]
