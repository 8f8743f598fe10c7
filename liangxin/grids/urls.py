from django.urls import path

from liangxin.core.views import object_urls
from liangxin.grids import views
from liangxin.grids.models import Officer

app_name = "grids"
urlpatterns = [
    path("<int:pk>/split/", views.GridSplitView.as_view(), name="grid_split"),
    path("<int:pk>/merge/", views.GridMergeView.as_view(), name="grid_merge"),
    path("<int:pk>/move/", views.GridMoveView.as_view(), name="grid_move"),
]
urlpatterns += object_urls(Officer, views.OfficerListView, views.OfficerDetailView, views.OfficerEditView, views.OfficerDeleteView,
                           prefix="officers/")
