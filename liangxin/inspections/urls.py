from django.urls import path

from liangxin.core.views import object_urls
from liangxin.inspections import views
from liangxin.inspections.models import InspectionResult, InspectionRound

app_name = "inspections"
urlpatterns = [
    path("rounds/<int:pk>/entry/", views.round_entry, name="inspectionround_entry"),
    path("rounds/<int:pk>/export/", views.round_export, name="inspectionround_export"),
    path("rounds/<int:pk>/import/", views.round_import, name="inspectionround_import"),
    *object_urls(InspectionRound, views.InspectionRoundListView, views.InspectionRoundDetailView,
                 views.InspectionRoundEditView, views.InspectionRoundDeleteView, prefix="rounds/"),
    *object_urls(InspectionResult, views.InspectionResultListView, views.InspectionResultDetailView,
                 views.InspectionResultEditView, views.InspectionResultDeleteView, prefix="results/"),
]
