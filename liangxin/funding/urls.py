from django.urls import path

from liangxin.core.views import object_urls
from liangxin.funding import views
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside

app_name = "funding"
urlpatterns = [
    path("", views.funding_page, name="funding"),
    path("export/", views.funding_export, name="funding_export"),
    *object_urls(Allocation, *views.ALLOCATION, prefix="allocations/"),
    *object_urls(Expense, *views.EXPENSE, prefix="expenses/"),
    *object_urls(DuesReturn, *views.DUES, prefix="dues/"),
    *object_urls(SetAside, *views.SET_ASIDE, prefix="set-asides/"),
]
