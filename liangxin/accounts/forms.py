from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password

from liangxin.accounts.lockout import lock_for, lockout_message
from liangxin.accounts.models import User
from liangxin.core.forms import ScopedModelForm
from liangxin.regions.widgets import RegionChoiceField


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（注意区分大小写）。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": "form-control", "autocomplete": "current-password"})

    def get_invalid_login_error(self):
        # Axes refused the attempt (or this failure reached the limit): say locked and until
        # when, the same whether or not the password was right.
        if getattr(self.request, "axes_locked_out", False):
            lock = lock_for(self.cleaned_data.get("username"), getattr(self.request, "axes_ip_address", None))
            return forms.ValidationError(lockout_message(lock), code="locked")
        return super().get_invalid_login_error()


class UserForm(ScopedModelForm):
    """Administrators manage the accounts of their jurisdiction. No one edits their own role or
    jurisdiction here (that would be an escalation); the password is set, never shown."""

    new_password = forms.CharField(
        label="设置密码", required=False, widget=forms.PasswordInput(render_value=False),
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "region", "party_org", "paired_unit", "is_active"]
        field_classes = {"region": RegionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].widget.attrs["class"] = "form-control"
        self.fields["new_password"].help_text = "新建账号必填；修改时留空则保持原密码。" + "".join(password_validators_help_texts())
        if self.instance.pk and self.instance.pk == self.user.pk:
            for name in ("role", "region", "party_org", "paired_unit", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "不能修改自己的角色和管辖范围，请联系上级管理员。"

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if not password and not self.instance.pk:
            raise forms.ValidationError("新建账号请设置密码。")
        if password:
            validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("new_password"):
            user.set_password(self.cleaned_data["new_password"])
        if commit:
            user.save()
        return user
