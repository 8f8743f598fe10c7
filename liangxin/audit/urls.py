from django.urls import path

from liangxin.audit import views

app_name = "audit"
urlpatterns = [path("", views.ChangeLogListView.as_view(), name="changelog_list")]
