from django.urls import path

from liangxin.reports import annual_views, views

app_name = "reports"
urlpatterns = [
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("annual/", annual_views.annual_report, name="annual"),
    path("annual/download/", annual_views.annual_download, name="annual_download"),
    path("leaders/", views.LeadersView.as_view(), name="leaders"),
]
