from django.urls import path

from liangxin.core.views import object_urls
from liangxin.grids import centre_views, map_views, points_views, rollout_views, views
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)

app_name = "grids"
urlpatterns = [
    path("map/", map_views.GridMapView.as_view(), name="grid_map"),
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
urlpatterns += object_urls(RolloutState, rollout_views.RolloutStateListView, rollout_views.RolloutStateDetailView,
                           rollout_views.RolloutStateEditView, rollout_views.RolloutStateDeleteView, prefix="rollout/")
urlpatterns += object_urls(JointMeeting, rollout_views.JointMeetingListView, rollout_views.JointMeetingDetailView,
                           rollout_views.JointMeetingEditView, rollout_views.JointMeetingDeleteView, prefix="joint-meetings/")
urlpatterns += object_urls(ContactPoint, points_views.ContactPointListView, points_views.ContactPointDetailView,
                           points_views.ContactPointEditView, points_views.ContactPointDeleteView, prefix="contact-points/")
urlpatterns += object_urls(ContactVisit, points_views.ContactVisitListView, points_views.ContactVisitDetailView,
                           points_views.ContactVisitEditView, points_views.ContactVisitDeleteView, prefix="contact-visits/")
urlpatterns += object_urls(DemonstrationPoint, points_views.DemonstrationPointListView, points_views.DemonstrationPointDetailView,
                           points_views.DemonstrationPointEditView, points_views.DemonstrationPointDeleteView,
                           prefix="demonstration-points/")
