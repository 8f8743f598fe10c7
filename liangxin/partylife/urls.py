from django.urls import path

from liangxin.core.views import object_urls
from liangxin.partylife import object_views, views
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment, PartyWorker, Training

app_name = "partylife"
urlpatterns = [
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/export/", views.ArchiveExportView.as_view(), name="archive_export"),
    path("photos/<int:pk>/", views.ActivityPhotoFileView.as_view(), name="activityphoto_file"),
    path("workers/<int:pk>/end/", object_views.PartyWorkerEndView.as_view(), name="partyworker_end"),
    *object_urls(
        Activity, object_views.ActivityListView, object_views.ActivityDetailView,
        object_views.ActivityEditView, object_views.ActivityDeleteView, prefix="activities/",
    ),
    *object_urls(
        CrossAppointment, object_views.CrossAppointmentListView, object_views.CrossAppointmentDetailView,
        object_views.CrossAppointmentEditView, object_views.CrossAppointmentDeleteView, prefix="cross-appointments/",
    ),
    *object_urls(
        Training, object_views.TrainingListView, object_views.TrainingDetailView,
        object_views.TrainingEditView, object_views.TrainingDeleteView, prefix="trainings/",
    ),
    *object_urls(
        PartyWorker, object_views.PartyWorkerListView, object_views.PartyWorkerDetailView,
        object_views.PartyWorkerEditView, object_views.PartyWorkerDeleteView, prefix="workers/",
    ),
    *object_urls(
        ActivityKind, object_views.ActivityKindListView, object_views.ActivityKindDetailView,
        object_views.ActivityKindEditView, object_views.ActivityKindDeleteView, prefix="kinds/",
    ),
]
