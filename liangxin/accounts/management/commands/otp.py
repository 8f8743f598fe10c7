"""`liangxin otp USERNAME`: print the user's current second-factor code (TOTP), enrolling an
authenticator for the user first if there is none. A host-level capability, like
createsuperuser: whoever runs commands on the server holds the database and its keys anyway.
It serves the demo (the demo administrator's code) and an operator at the console."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liangxin.accounts import secondfactor
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.jurisdiction import path_of


class Command(BaseCommand):
    help = "打印用户当前的双因素验证码（6 位，30 秒变化）；该用户尚未绑定身份验证器时先为其绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在，请检查用户名。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用。")
        with transaction.atomic():
            device, created = secondfactor.enrol_directly(user, name="服务器命令")
            if created:
                record(ChangeLog.Action.OTP_ENROL, user, user=user, region_path=path_of(user),
                       detail=f"在服务器上用命令 otp 为 {username} 启用双因素认证")
        if created:
            self.stderr.write(f"已为 {username} 绑定身份验证器。如需在手机上使用，请在 App 中手动添加密钥："
                              f"{secondfactor.secret_text(device)}")
        try:
            code, seconds = secondfactor.usable_code(device)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
        self.stderr.write(f"（{seconds} 秒内有效，每个验证码只能用一次）")
