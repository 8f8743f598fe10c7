from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import path_of


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(ChangeLog.Action.LOGIN, user=user, region_path=path_of(user))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(ChangeLog.Action.LOGOUT, user=user, region_path=path_of(user))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    username = str(credentials.get("username", ""))[:150]
    known = get_user_model().objects.filter(username=username).select_related("region").first()
    entry_path = path_of(known) if known else ""
    ChangeLog.objects.create(
        username=username, action=ChangeLog.Action.LOGIN_FAILED, region_path=entry_path,
        ip=request.META.get("REMOTE_ADDR", "") if request is not None else "",
        detail="用户名或密码错误",
    )
