from liangxin.core.views import object_urls
from liangxin.regions import views
from liangxin.regions.models import Region

app_name = "regions"
urlpatterns = object_urls(Region, views.RegionListView, views.RegionDetailView, views.RegionEditView, views.RegionDeleteView)
