"""`liangxin token USERNAME`: print the API token of a user, creating it on first use."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "打印用户的 API 令牌（首次使用时创建），用于请求头 Authorization: Token <令牌>。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在，请检查用户名。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能为其生成令牌。")
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
