from django.urls import path

from liangxin.core.views import object_urls
from liangxin.rules import views
from liangxin.rules.models import ParameterOverride

app_name = "rules"
urlpatterns = [
    path("", views.RuleListView.as_view(), name="rule_list"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("todo/", views.RuleTodoFragment.as_view(), name="todo"),
    *object_urls(
        ParameterOverride, views.ParameterOverrideListView, views.ParameterOverrideDetailView,
        views.ParameterOverrideEditView, views.ParameterOverrideDeleteView, prefix="parameters/",
    ),
    path("<str:rule_id>/", views.RuleDetailView.as_view(), name="rule_detail"),
    path("<str:rule_id>/export/", views.RuleExportView.as_view(), name="rule_export"),
]
