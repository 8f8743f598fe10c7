from django.urls import path

from liangxin.core.views import object_urls
from liangxin.pairing import map_views, object_views, views
from liangxin.pairing.models import Inspection, PairedUnit, Pairing, PointsRecord

app_name = "pairing"
urlpatterns = [
    path("me/", views.WorkspaceView.as_view(), name="workspace"),
    path("map/", map_views.PairingMapView.as_view(), name="pairing_map"),
    path("me/self-assessment/", views.SelfAssessmentView.as_view(), name="self_assessment"),
    path("self-assessments/", object_views.SelfAssessmentListView.as_view(), name="selfassessment_list"),
    path("self-assessments/<int:pk>/", object_views.SelfAssessmentDetailView.as_view(), name="selfassessment_detail"),
    path("evaluations/", object_views.UnitEvaluationListView.as_view(), name="unitevaluation_list"),
    path("evaluations/add/", object_views.UnitEvaluationAddView.as_view(), name="unitevaluation_add"),
    path("evaluations/open/", views.OpenRoundsView.as_view(), name="evaluation_open"),
    path("evaluations/<int:pk>/", object_views.UnitEvaluationDetailView.as_view(), name="unitevaluation_detail"),
    path("evaluate/<str:token>/", views.AnswerView.as_view(), name="evaluation_answer"),
    path("inspections/<int:pk>/bulletin/", views.BulletinView.as_view(), name="inspection_bulletin"),
    path("inspections/<int:pk>/act/", views.InspectionActionView.as_view(), name="inspection_act"),
    path("commendation/", views.CommendationView.as_view(), name="commendation"),
    path("photos/<int:pk>/", views.RecordPhotoFileView.as_view(), name="recordphoto_file"),
    path("records/<int:pk>/review/", views.ReviewView.as_view(), name="pointsrecord_review"),
    *object_urls(
        PairedUnit, object_views.PairedUnitListView, object_views.PairedUnitDetailView,
        object_views.PairedUnitEditView, object_views.PairedUnitDeleteView, prefix="units/",
    ),
    *object_urls(
        Pairing, object_views.PairingListView, object_views.PairingDetailView,
        object_views.PairingEditView, object_views.PairingDeleteView, prefix="pairings/",
    ),
    *object_urls(
        Inspection, object_views.InspectionListView, object_views.InspectionDetailView,
        object_views.InspectionEditView, object_views.InspectionDeleteView, prefix="inspections/",
    ),
    *object_urls(
        PointsRecord, object_views.PointsRecordListView, object_views.PointsRecordDetailView,
        object_views.PointsRecordEditView, object_views.PointsRecordDeleteView, prefix="records/",
    ),
]
