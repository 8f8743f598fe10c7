from django.urls import path

from liangxin.core.views import object_urls
from liangxin.reports import annual_views, bulletin_views, views
from liangxin.reports.models import QuarterlyBulletin

app_name = "reports"
urlpatterns = [
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("annual/", annual_views.annual_report, name="annual"),
    path("annual/download/", annual_views.annual_download, name="annual_download"),
    path("leaders/", views.LeadersView.as_view(), name="leaders"),
    path("bulletins/template/", bulletin_views.BulletinTemplateView.as_view(), name="bulletin_template"),
    path("bulletins/<int:pk>/act/", bulletin_views.BulletinActionView.as_view(), name="bulletin_act"),
    path("bulletins/<int:pk>/download/", bulletin_views.BulletinDownloadView.as_view(), name="bulletin_download"),
    *object_urls(
        QuarterlyBulletin, bulletin_views.QuarterlyBulletinListView, bulletin_views.QuarterlyBulletinDetailView,
        bulletin_views.QuarterlyBulletinEditView, bulletin_views.QuarterlyBulletinDeleteView, prefix="bulletins/",
    ),
]
