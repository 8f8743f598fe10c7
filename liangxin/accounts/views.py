from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from liangxin.accounts import lockout
from liangxin.accounts.filtersets import UserFilterSet
from liangxin.accounts.forms import LoginForm, UserForm
from liangxin.accounts.middleware import renew_session, session_remaining
from liangxin.accounts.models import ApiToken, User
from liangxin.accounts.tables import UserTable
from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import views
from liangxin.core.jurisdiction import is_tree_root, jurisdiction_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_success_url(self) -> str:
        # Back to the page the user was sent here from (an expired password), if it is ours.
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return super().get_success_url()

    def form_valid(self, form):
        with transaction.atomic(), tracked(form.user):
            response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response


class SessionKeepAliveView(LoginRequiredMixin, View):
    """The idle warning's “继续使用”: a request that renews the session, answering how long it now has."""

    raise_exception = True

    def post(self, request):
        renew_session(request)
        return JsonResponse({"remaining": session_remaining(request)})


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jurisdiction"] = jurisdiction_of(self.request.user)
        context["title"] = "我的账号"
        return context


class UserListView(views.ObjectListView):
    template_name = "accounts/user_list.html"
    model = User
    queryset = User.objects.select_related("region", "party_org")
    filterset_class = UserFilterSet
    table_class = UserTable


class UserDetailView(views.ObjectDetailView):
    model = User
    queryset = User.objects.select_related("region", "party_org", "paired_unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The account's API tokens, for whoever may revoke them (an administrator of its place).
        user = self.request.user
        context["tokens"] = (ApiToken.objects.scoped(user, "delete").filter(user=context["object"])
                             if user.has_perm("accounts.delete_apitoken") else None)
        return context


class UserEditView(views.ObjectEditView):
    model = User
    form_class = UserForm


class UserDeleteView(views.ObjectDeleteView):
    model = User


class LockedListView(PermissionRequiredMixin, TemplateView):
    """Accounts (and client addresses) locked after repeated login failures, with an unlock
    button. An administrator sees the accounts of their jurisdiction; usernames without an
    account and addresses belong to the whole tree, like their change-log rows."""

    permission_required = "accounts.change_user"
    template_name = "accounts/locked_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        jurisdiction = jurisdiction_of(user)
        whole_tree = jurisdiction.everything or bool(jurisdiction.region_path and is_tree_root(jurisdiction.region_path))
        locks = lockout.current_locks()
        accounts = User.objects.scoped(user, "change").in_bulk([lock.username for lock in locks if lock.username],
                                                                 field_name="username")
        rows = []
        for lock in locks:
            account = accounts.get(lock.username) if lock.username else None
            if account is not None or whole_tree:
                rows.append({"lock": lock, "account": account, "until": lockout.local_time(lock.until)})
        return super().get_context_data(title="已锁定账号", rows=rows, **kwargs)


class UnlockView(LockedListView):
    """POST username= or ip_address=: forget its failures, and log who unlocked it."""

    http_method_names = ["post"]

    def post(self, request):
        username, ip_address = request.POST.get("username", ""), request.POST.get("ip_address", "")
        allowed = {(row["lock"].username or "", row["lock"].ip_address or "") for row in self.get_context_data()["rows"]}
        if (username, ip_address) not in allowed:
            messages.error(request, "该账号或地址当前未被锁定，或不在您的管辖范围内。")
            return redirect("accounts:locked_list")
        with transaction.atomic():
            lockout.unlock(username=username or None, ip_address=ip_address or None)
            account = User.objects.filter(username=username).first() if username else None
            what = f"账号 {username}" if username else f"地址 {ip_address}"
            record(ChangeLog.Action.UNLOCK, account, detail=f"管理员解除{what}的登录锁定")
        messages.success(request, f"已解除{what}的登录锁定。")
        return redirect(reverse("accounts:locked_list"))
