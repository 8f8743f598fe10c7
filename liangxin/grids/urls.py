from django.urls import path

from liangxin.grids import views

app_name = "grids"
urlpatterns = [
    path("<int:pk>/split/", views.GridSplitView.as_view(), name="grid_split"),
    path("<int:pk>/merge/", views.GridMergeView.as_view(), name="grid_merge"),
    path("<int:pk>/move/", views.GridMoveView.as_view(), name="grid_move"),
]
