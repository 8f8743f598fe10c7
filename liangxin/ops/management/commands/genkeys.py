import secrets

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "打印一份生产环境变量文件（新生成的密钥），供 systemd 的 EnvironmentFile 或 make serve 读取"

    def handle(self, *args, **options) -> None:
        # Printed, never written by us: the operator decides where the secrets live (mode 0600).
        lines = [
            "# liangxin 生产环境密钥：妥善保管（权限 0600），与数据库备份分开存放；丢失字段密钥即无法解密个人信息。",
            "LIANGXIN_ENV=production",
            f"LIANGXIN_SECRET_KEY={secrets.token_urlsafe(50)}",
            f"LIANGXIN_FIELD_KEYS={Fernet.generate_key().decode()}",
            f"LIANGXIN_BLIND_INDEX_KEY={secrets.token_urlsafe(32)}",
            f"LIANGXIN_AUDIT_KEY={secrets.token_urlsafe(32)}",
            "# 按需填写（见 docs/deploy.md）：",
            "# DATABASE_URL=postgres://liangxin@127.0.0.1:5432/liangxin",
            "# REDIS_URL=redis://127.0.0.1:6379/0",
            "# LIANGXIN_ALLOWED_HOSTS=dangjian.example.gov.cn",
            "# LIANGXIN_CSRF_TRUSTED_ORIGINS=https://dangjian.example.gov.cn",
        ]
        self.stdout.write("\n".join(lines))
