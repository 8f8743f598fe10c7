from liangxin.core.views import object_urls
from liangxin.organizations import views
from liangxin.organizations.models import Organization

app_name = "organizations"
urlpatterns = object_urls(
    Organization, views.OrganizationListView, views.OrganizationDetailView,
    views.OrganizationEditView, views.OrganizationDeleteView,
)
