"""liangxin audit-seal"""

from django.core.management.base import BaseCommand

from liangxin.audit import chain
from liangxin.audit.models import ChangeLog


class Command(BaseCommand):
    help = "把已提交但尚未封存的变更日志封存进哈希链（写入后通常立即封存；进程崩溃时可能遗留，可定时运行本命令）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已封存 {chain.seal_pending(ChangeLog)} 条变更日志。")
