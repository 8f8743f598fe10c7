from rest_framework.routers import DefaultRouter

from liangxin.members.api.views import MemberViewSet
from liangxin.organizations.api.views import OrganizationViewSet
from liangxin.partyorgs.api.views import PartyOrgViewSet
from liangxin.regions.api.views import RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("organizations", OrganizationViewSet)
router.register("party-orgs", PartyOrgViewSet)
router.register("members", MemberViewSet)

urlpatterns = router.urls
