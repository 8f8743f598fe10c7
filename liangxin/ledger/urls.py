from django.urls import path

from liangxin.core.views import object_urls
from liangxin.ledger import views
from liangxin.ledger.models import Census, CensusRecord

app_name = "ledger"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/rerun/", views.import_rerun, name="import_rerun"),
    path("import/<int:pk>/report/", views.import_report, name="import_report"),
    path("export/members-full-id-numbers/", views.export_full_ids, name="member_export_full"),
    path("export/<slug:key>/", views.export, name="export"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", views.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("template/<slug:layout>/", views.template, name="template"),
    path("census/<int:census_pk>/import/", views.import_start, name="census_import"),
    *object_urls(Census, views.CensusListView, views.CensusDetailView, views.CensusEditView, views.CensusDeleteView,
                 prefix="census/"),
    *object_urls(CensusRecord, views.CensusRecordListView, views.CensusRecordDetailView, views.CensusRecordEditView,
                 views.CensusRecordDeleteView, prefix="census-records/"),
]
