from django.urls import path

from liangxin.assessments import object_views, views
from liangxin.assessments.models import Checklist, ChecklistItem, Rating, RatingRound
from liangxin.core.views import object_urls

app_name = "assessments"
urlpatterns = [
    path("entries/<int:pk>/submit/", views.EntrySubmitView.as_view(), name="checklistentry_submit"),
    path("entries/<int:pk>/review/", views.EntryReviewView.as_view(), name="checklistentry_review"),
    path("entries/<int:pk>/photo/", views.EntryPhotoFileView.as_view(), name="checklistentry_photo"),
    path("rounds/<int:pk>/approve/", views.RoundApproveView.as_view(), name="ratinground_approve"),
    path("rounds/<int:pk>/regenerate/", views.RoundRegenerateView.as_view(), name="ratinground_regenerate"),
    *object_urls(Checklist, object_views.ChecklistListView, object_views.ChecklistDetailView,
                 object_views.ChecklistEditView, object_views.ChecklistDeleteView, prefix="checklists/"),
    *object_urls(ChecklistItem, object_views.ChecklistItemListView, object_views.ChecklistItemDetailView,
                 object_views.ChecklistItemEditView, object_views.ChecklistItemDeleteView, prefix="items/"),
    *object_urls(RatingRound, object_views.RatingRoundListView, object_views.RatingRoundDetailView,
                 object_views.RatingRoundEditView, object_views.RatingRoundDeleteView, prefix="rounds/"),
    *object_urls(Rating, object_views.RatingListView, object_views.RatingDetailView,
                 object_views.RatingEditView, object_views.RatingDeleteView, prefix="ratings/"),
]
