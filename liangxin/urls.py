from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("liangxin.dashboard.urls")),
    path("accounts/", include("liangxin.accounts.urls")),
    path("regions/", include("liangxin.regions.urls")),
    path("organizations/", include("liangxin.organizations.urls")),
    path("partyorgs/", include("liangxin.partyorgs.urls")),
    path("members/", include("liangxin.members.urls")),
    path("audit/", include("liangxin.audit.urls")),
    path("ledger/", include("liangxin.ledger.urls")),
    path("rules/", include("liangxin.rules.urls")),
    path("instructors/", include("liangxin.instructors.urls")),
    path("api/", include("liangxin.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
