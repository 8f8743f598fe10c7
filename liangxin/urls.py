from django.contrib.auth.decorators import login_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from liangxin.ops.health import healthz

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
    path("grids/", include("liangxin.grids.urls")),
    path("pairing/", include("liangxin.pairing.urls")),
    path("reports/", include("liangxin.reports.urls")),
    path("partylife/", include("liangxin.partylife.urls")),
    path("assessments/", include("liangxin.assessments.urls")),
    path("funding/", include("liangxin.funding.urls")),
    path("inspections/", include("liangxin.inspections.urls")),
    path("api/", include("liangxin.api_urls")),
    # Both need a login (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]): the schema answers 401 to
    # anonymous scripts, the docs page sends a browser to the login page. The split view serves
    # Swagger UI's start-up script from a URL (?script), not inline, for the Content-Security-Policy.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema",
                                                                         template_name="api_docs.html")),
         name="api-docs"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    # Lazy: in production the hashed name comes from collectstatic's manifest, which commands run
    # before collectstatic (migrate) must not need.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("liangxin/favicon.svg")), name="favicon"),
    path("healthz", healthz, name="healthz"),
]

handler400 = "liangxin.core.errors.bad_request"
handler403 = "liangxin.core.errors.permission_denied"
handler404 = "liangxin.core.errors.page_not_found"
handler500 = "liangxin.core.errors.server_error"
