from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice

from liangxin.accounts import lockout, secondfactor
from liangxin.accounts.filtersets import UserFilterSet
from liangxin.accounts.forms import LoginForm, UserForm
from liangxin.accounts.middleware import renew_session, session_remaining
from liangxin.accounts.models import ApiToken, User
from liangxin.accounts.roles import needs_second_factor
from liangxin.accounts.tables import ApiTokenTable, LockedTable, UserTable
from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import views
from liangxin.core.jurisdiction import is_tree_root, jurisdiction_of


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """The page to go on to (?next= or the form's next), if it is ours; else `default` or home."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # An account that needs the second factor goes straight to it (the middleware would
        # send it there from any page anyway).
        target = super().get_success_url()
        user = self.request.user
        # login() put the plain user on the request: no is_verified() unless OTPMiddleware's wrapper.
        if needs_second_factor(user) and not getattr(user, "is_verified", lambda: False)():
            return reverse("accounts:otp_verify") + "?" + urlencode({"next": target})
        return target


class SecondFactorView(LoginRequiredMixin, View):
    """The pages of the second factor: its own look (no menu: nothing else answers yet), the
    lockout checked before any code is, and `next` carried through."""

    def locked_out(self, request, *, status: int = 429):
        # A lock (wrong codes or passwords) ends the session: the next try starts at the password.
        lock = lockout.lock_for(request.user.username, getattr(request, "axes_ip_address", None)
                                or request.META.get("REMOTE_ADDR"))
        logout(request)
        return render(request, "accounts/otp_locked.html",
                      {"title": "账号已锁定", "message": lockout.lockout_message(lock)}, status=status)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and lockout.lock_for(request.user.username, request.META.get("REMOTE_ADDR")):
            return self.locked_out(request)
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, template: str, status: int = 200, **context):
        context.setdefault("next", safe_next(request))
        return render(request, template, {"hide_nav": True, **context}, status=status)

    def wrong_code(self, request, template: str, *, enrolling: bool = False, **context):
        if secondfactor.failed(request, enrolling=enrolling):
            # Status 200: axes's middleware turns the answer into its lockout (429) and keeps the page.
            return self.locked_out(request, status=200)
        return self.page(request, template, error="验证码不正确，请核对身份验证器上的最新验证码后重试。", **context)


class SecondFactorVerifyView(SecondFactorView):
    """The code after the password (and again before full personal data, when the last check is
    older than SECOND_FACTOR_RECENT_MINUTES): six digits from the app, or a recovery code."""

    template_name = "accounts/otp_verify.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        """For core.links: 404 for an account with no authenticator that needs none."""
        return secondfactor.app_device(user) is not None or needs_second_factor(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and secondfactor.app_device(request.user) is None:
            if not self.opens_for(request.user, kwargs):
                raise Http404("您的账号未启用双因素认证。")
            return redirect(reverse("accounts:otp_enrol") + "?" + urlencode({"next": safe_next(request)}))
        return super().dispatch(request, *args, **kwargs)

    def context(self, request) -> dict:
        again = request.user.is_verified()
        return {"title": "再次验证身份" if again else "双因素验证", "again": again,
                "minutes": settings.SECOND_FACTOR_RECENT_MINUTES}

    def get(self, request):
        return self.page(request, self.template_name, **self.context(request))

    def post(self, request):
        device = secondfactor.check_code(request.user, request.POST.get("code", ""))
        if device is None:
            return self.wrong_code(request, self.template_name, **self.context(request))
        secondfactor.passed(request, device)
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(request, f"已使用一个恢复码，还剩 {left} 个。请尽快找回身份验证器；如手机丢失，请联系管理员重置。")
        return redirect(safe_next(request))


class SecondFactorEnrolView(SecondFactorView):
    """First login of an account without an authenticator: scan the QR code (or type the secret),
    confirm with a first code, then see ten recovery codes once. An account that has one
    cannot enrol another here (the password alone must not replace the second factor); an
    administrator resets it first."""

    template_name = "accounts/otp_enrol.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        """For core.links: 404 for an account that needs no second factor."""
        return needs_second_factor(user)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not self.opens_for(request.user, kwargs):
                raise Http404("您的账号不需要双因素认证。")
            if secondfactor.app_device(request.user) is not None:
                return redirect(reverse("accounts:otp_verify") + "?" + urlencode({"next": safe_next(request)}))
        return super().dispatch(request, *args, **kwargs)

    def context(self, request) -> dict:
        device = secondfactor.pending_device(request.user)
        return {"title": "启用双因素认证", "qr": secondfactor.qr_svg(device), "secret": secondfactor.secret_text(device),
                "issuer": settings.OTP_TOTP_ISSUER}

    def get(self, request):
        return self.page(request, self.template_name, **self.context(request))

    def post(self, request):
        device = secondfactor.pending_device(request.user)
        code = secondfactor.normalise(request.POST.get("code", ""))
        with transaction.atomic():
            accepted = code.isdigit() and device.verify_token(code)
        if not accepted:
            return self.wrong_code(request, self.template_name, enrolling=True, **self.context(request))
        codes = secondfactor.confirm(device)
        secondfactor.passed(request, device, enrolled=True)
        # Shown in this answer only: a reload or the back button cannot bring them back.
        return self.page(request, "accounts/otp_recovery_codes.html", title="保存恢复码", codes=codes)


class SecondFactorResetView(PermissionRequiredMixin, View):
    """An administrator forgets a user's authenticator and recovery codes (a lost phone): that
    user enrols again at the next login. POST only; the account is looked up in the
    administrator's jurisdiction (404 outside it)."""

    permission_required = "accounts.change_user"
    http_method_names = ["post"]

    def post(self, request, pk):
        account = get_object_or_404(User.objects.scoped(request.user, "change"), pk=pk)
        with transaction.atomic():
            removed = secondfactor.reset(account)
            record(ChangeLog.Action.OTP_RESET, account, detail=f"管理员重置 {account.username} 的双因素设备（删除 {removed} 个）")
        messages.success(request, f"已重置 {account} 的双因素设备：下次登录时需重新扫码绑定。")
        return redirect(account.get_absolute_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_success_url(self) -> str:
        # Back to the page the user was sent here from (an expired password), if it is ours.
        return safe_next(self.request, super().get_success_url())

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
        context["tokens"] = (ApiTokenTable(ApiToken.objects.scoped(user, "delete").filter(user=context["object"]), user=user)
                             if user.has_perm("accounts.delete_apitoken") else None)
        account = context["object"]
        context["second_factor"] = {
            "needed": needs_second_factor(account),
            "device": secondfactor.app_device(account),
            "can_reset": user.has_perm("accounts.change_user"),
        }
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
        return super().get_context_data(title="已锁定账号", rows=rows, table=LockedTable(rows, user=user), **kwargs)


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
