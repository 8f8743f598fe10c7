from django.urls import path
from rest_framework.routers import DefaultRouter

from liangxin.assessments.api.views import ROUTES as ASSESSMENT_ROUTES
from liangxin.funding.api.views import ROUTES as FUNDING_ROUTES
from liangxin.grids.api.views import ROUTES as GRID_ROUTES
from liangxin.inspections.api.views import ROUTES as INSPECTION_ROUTES
from liangxin.instructors.api.views import ROUTES as INSTRUCTOR_ROUTES
from liangxin.ledger.api.views import CensusRecordViewSet, CensusViewSet
from liangxin.members.api.views import ROUTES as MEMBER_ROUTES
from liangxin.members.api.views import MemberViewSet
from liangxin.organizations.api.views import OrganizationViewSet
from liangxin.pairing.api.views import ROUTES as PAIRING_ROUTES
from liangxin.partylife.api.views import ROUTES as PARTYLIFE_ROUTES
from liangxin.partyorgs.api.views import PartyOrgViewSet
from liangxin.regions.api.views import RegionViewSet
from liangxin.reports.api.views import AnnualReportView, QuarterlyBulletinViewSet
from liangxin.rules.api.views import (
    CoverageSnapshotViewSet,
    CoverageView,
    ParameterOverrideViewSet,
    RuleViewSet,
)

router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("organizations", OrganizationViewSet)
router.register("party-orgs", PartyOrgViewSet)
router.register("members", MemberViewSet)
router.register("rules", RuleViewSet, basename="rule")
router.register("rule-parameters", ParameterOverrideViewSet)
router.register("coverage-snapshots", CoverageSnapshotViewSet)
router.register("censuses", CensusViewSet)
router.register("census-records", CensusRecordViewSet)
router.register("quarterly-bulletins", QuarterlyBulletinViewSet)
for prefix, viewset in (*INSTRUCTOR_ROUTES, *PAIRING_ROUTES, *PARTYLIFE_ROUTES, *ASSESSMENT_ROUTES, *MEMBER_ROUTES,
                        *FUNDING_ROUTES, *GRID_ROUTES, *INSPECTION_ROUTES):
    router.register(prefix, viewset)

urlpatterns = [
    path("coverage/", CoverageView.as_view(), name="coverage"),
    path("annual-report/", AnnualReportView.as_view(), name="annual-report"),
    *router.urls,
]
