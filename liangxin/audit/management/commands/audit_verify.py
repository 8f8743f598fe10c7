"""liangxin audit-verify [--archive FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit import chain
from liangxin.audit.integrity import verify_archive, verify_log
from liangxin.audit.models import ChangeLog


class Command(BaseCommand):
    help = "校验变更日志的哈希链，报告第一条断裂的记录；--archive 校验一个归档文件。断裂时退出码非零。"

    def add_arguments(self, parser):
        parser.add_argument("--archive", metavar="FILE", help="校验 liangxin audit-archive 写出的归档文件，而不是数据库中的日志")

    def handle(self, *args, **options):
        if options["archive"]:
            verdict = verify_archive(Path(options["archive"]))
        else:
            chain.seal_pending(ChangeLog)  # rows a crash left unsealed are checked too
            verdict = verify_log()
        if not verdict.ok:
            raise CommandError(verdict.message)
        self.stdout.write(verdict.message)
