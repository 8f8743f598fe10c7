"""我的令牌: a user's own API tokens (list, make, revoke); administrators revoke the tokens of
the accounts they manage from the user's page. The rules are in liangxin.accounts.tokens."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from liangxin.accounts import tokens
from liangxin.accounts.models import ApiToken
from liangxin.accounts.tables import ApiTokenTable


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="写明令牌给谁、做什么用，例如“统计报表系统对接”。",
                           widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))


class TokenListView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/token_list.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            title="我的令牌", form=form or TokenForm(), token_days=settings.API_TOKEN_DAYS,
            tokens=ApiTokenTable(ApiToken.objects.filter(user=self.request.user), user=self.request.user), **kwargs)


class TokenCreateView(TokenListView):
    """POST name=: a new token, shown on the answer once (the page is not cached: no-store)."""

    http_method_names = ["post"]

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            row, token = tokens.issue(request.user, form.cleaned_data["name"])
        return self.render_to_response(self.get_context_data(new_token=token, new_row=row))


class TokenRevokeView(LoginRequiredMixin, View):
    """POST: revoke a token of one's own, or of an account one manages; any other id is 404."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        row = get_object_or_404(tokens.revocable_by(request.user).select_related("user"), pk=pk)
        with transaction.atomic():
            reason = "本人撤销" if row.user_id == request.user.pk else f"管理员 {request.user.username} 撤销"
            ApiToken.objects.filter(pk=row.pk).revoke(reason)
        messages.success(request, f"已撤销令牌“{row.name}”，使用它的请求将被拒绝。")
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect("accounts:token_list")
