from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from liangxin.accounts.filtersets import UserFilterSet
from liangxin.accounts.forms import LoginForm, UserForm
from liangxin.accounts.models import User
from liangxin.accounts.tables import UserTable
from liangxin.audit.log import tracked
from liangxin.core import views
from liangxin.core.jurisdiction import jurisdiction_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        with transaction.atomic(), tracked(self.request.user):
            response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jurisdiction"] = jurisdiction_of(self.request.user)
        context["title"] = "我的账号"
        return context


class UserListView(views.ObjectListView):
    model = User
    queryset = User.objects.select_related("region", "party_org")
    filterset_class = UserFilterSet
    table_class = UserTable


class UserDetailView(views.ObjectDetailView):
    model = User
    queryset = User.objects.select_related("region", "party_org", "paired_unit")


class UserEditView(views.ObjectEditView):
    model = User
    form_class = UserForm


class UserDeleteView(views.ObjectDeleteView):
    model = User
