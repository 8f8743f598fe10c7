from liangxin.core.api import ScopedModelViewSet
from liangxin.members.api.serializers import MemberSerializer
from liangxin.members.filtersets import MemberFilterSet
from liangxin.members.models import Member


class MemberViewSet(ScopedModelViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    ordering_fields = ["name", "joined_on", "birth_date"]
