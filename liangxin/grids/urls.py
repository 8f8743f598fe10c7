from django.urls import path

from liangxin.core.views import object_urls
from liangxin.grids import centre_views, views
from liangxin.grids.models import CentreSubsidy, Officer, PromisingEmployee, ServiceCentre, TrackingRecord

app_name = "grids"
urlpatterns = [
    path("<int:pk>/split/", views.GridSplitView.as_view(), name="grid_split"),
    path("<int:pk>/merge/", views.GridMergeView.as_view(), name="grid_merge"),
    path("<int:pk>/move/", views.GridMoveView.as_view(), name="grid_move"),
    path("<int:pk>/tracking/", views.GridTrackingView.as_view(), name="grid_tracking"),
]
urlpatterns += object_urls(Officer, views.OfficerListView, views.OfficerDetailView, views.OfficerEditView, views.OfficerDeleteView,
                           prefix="officers/")
urlpatterns += object_urls(TrackingRecord, views.TrackingRecordListView, views.TrackingRecordDetailView,
                           views.TrackingRecordEditView, views.TrackingRecordDeleteView, prefix="tracking-records/")
urlpatterns += object_urls(PromisingEmployee, views.PromisingEmployeeListView, views.PromisingEmployeeDetailView,
                           views.PromisingEmployeeEditView, views.PromisingEmployeeDeleteView, prefix="promising-employees/")
urlpatterns += object_urls(ServiceCentre, centre_views.ServiceCentreListView, centre_views.ServiceCentreDetailView,
                           centre_views.ServiceCentreEditView, centre_views.ServiceCentreDeleteView, prefix="centres/")
urlpatterns += object_urls(CentreSubsidy, centre_views.CentreSubsidyListView, centre_views.CentreSubsidyDetailView,
                           centre_views.CentreSubsidyEditView, centre_views.CentreSubsidyDeleteView, prefix="centre-subsidies/")
