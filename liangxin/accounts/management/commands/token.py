"""`liangxin token USERNAME`: make a new API token for a user and print it (the only time it is shown)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from liangxin.accounts import tokens


class Command(BaseCommand):
    help = ("为用户生成一个新的 API 令牌并打印（只显示这一次，数据库只保存其摘要），用于请求头 "
            "Authorization: Token <令牌>。令牌在有效期后失效，修改密码、停用或锁定账号时撤销。")

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="命令行生成", help="令牌的用途（显示在“我的令牌”中）")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在，请检查用户名。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能为其生成令牌。")
        _row, token = tokens.issue(user, name.strip()[:100] or "命令行生成")
        self.stdout.write(token)
