from liangxin.core.views import object_urls
from liangxin.partyorgs import views
from liangxin.partyorgs.models import PartyOrg

app_name = "partyorgs"
urlpatterns = object_urls(
    PartyOrg, views.PartyOrgListView, views.PartyOrgDetailView, views.PartyOrgEditView, views.PartyOrgDeleteView
)
