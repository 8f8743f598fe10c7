from django.contrib.auth import views as auth_views
from django.urls import path

from liangxin.accounts import token_views, views
from liangxin.accounts.models import User
from liangxin.core.views import object_urls

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", token_views.TokenListView.as_view(), name="token_list"),
    path("tokens/add/", token_views.TokenCreateView.as_view(), name="token_add"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token_revoke"),
    path("otp/", views.SecondFactorVerifyView.as_view(), name="otp_verify"),
    path("otp/enrol/", views.SecondFactorEnrolView.as_view(), name="otp_enrol"),
    path("users/<int:pk>/otp-reset/", views.SecondFactorResetView.as_view(), name="user_otp_reset"),
    path("session/keepalive/", views.SessionKeepAliveView.as_view(), name="session_keepalive"),
    path("users/locked/", views.LockedListView.as_view(), name="locked_list"),
    path("users/unlock/", views.UnlockView.as_view(), name="unlock"),
    *object_urls(User, views.UserListView, views.UserDetailView, views.UserEditView, views.UserDeleteView, prefix="users/"),
]
