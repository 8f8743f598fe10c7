from django.urls import path

from liangxin.core.views import object_urls
from liangxin.members import views
from liangxin.members.models import Member

app_name = "members"
urlpatterns = [
    *object_urls(Member, views.MemberListView, views.MemberDetailView, views.MemberEditView, views.MemberDeleteView),
    path("<int:pk>/id-number/", views.reveal_id_number, name="member_reveal_id_number"),
]
