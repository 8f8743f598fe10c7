from liangxin.core.api import ScopedModelViewSet
from liangxin.members.api.serializers import (
    DevelopmentStepSerializer,
    FlowCertificateSerializer,
    FlowContactSerializer,
    FlowRegistrationSerializer,
    MemberSerializer,
    RecruitSerializer,
)
from liangxin.members.filtersets import DevelopmentStepFilterSet, MemberFilterSet, RecruitFilterSet
from liangxin.members.flowing_tables import CertificateFilterSet, ContactFilterSet, RegistrationFilterSet
from liangxin.members.models import (
    DevelopmentStep,
    FlowCertificate,
    FlowContact,
    FlowRegistration,
    Member,
    Recruit,
)


class MemberViewSet(ScopedModelViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    ordering_fields = ["name", "joined_on", "birth_date"]


class RecruitViewSet(ScopedModelViewSet):
    """The development pipeline's people (入党申请人 to 预备党员)."""

    queryset = Recruit.objects.all()
    serializer_class = RecruitSerializer
    filterset_class = RecruitFilterSet
    ordering_fields = ["name", "birth_date"]


class DevelopmentStepViewSet(ScopedModelViewSet):
    """Steps of the pipeline: a new one is the person's next stage; a step taken is corrected
    (PATCH), never replaced; undoing one is a page's action (it moves the person back)."""

    queryset = DevelopmentStep.objects.select_related("member")
    serializer_class = DevelopmentStepSerializer
    filterset_class = DevelopmentStepFilterSet
    ordering_fields = ["date"]
    http_method_names = ["get", "post", "patch", "head", "options"]


class FlowRegistrationViewSet(ScopedModelViewSet):
    queryset = FlowRegistration.objects.select_related("member")
    serializer_class = FlowRegistrationSerializer
    filterset_class = RegistrationFilterSet
    ordering_fields = ["registered_on"]


class FlowCertificateViewSet(ScopedModelViewSet):
    queryset = FlowCertificate.objects.select_related("member")
    serializer_class = FlowCertificateSerializer
    filterset_class = CertificateFilterSet
    ordering_fields = ["issued_on", "valid_until"]
    http_method_names = ["get", "post", "patch", "head", "options"]


class FlowContactViewSet(ScopedModelViewSet):
    queryset = FlowContact.objects.select_related("member")
    serializer_class = FlowContactSerializer
    filterset_class = ContactFilterSet
    ordering_fields = ["date"]


ROUTES = (("recruits", RecruitViewSet), ("development-steps", DevelopmentStepViewSet),
          ("flow-registrations", FlowRegistrationViewSet), ("flow-certificates", FlowCertificateViewSet),
          ("flow-contacts", FlowContactViewSet))
