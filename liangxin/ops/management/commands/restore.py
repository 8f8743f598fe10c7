"""liangxin restore FILE [--force]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.ops.backup import ENGINES, BackupError, restore


class Command(BaseCommand):
    help = "用 liangxin backup 的备份文件替换数据库的全部内容；数据库非空时须加 --force。先停止 Web 服务和后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="liangxin backup 写出的备份文件")
        parser.add_argument("--force", action="store_true", help="数据库已有数据时仍然恢复（覆盖全部现有数据）")
        parser.add_argument("--database", default="default", help="Django 数据库别名（默认 default）")

    def handle(self, *args, **options):
        try:
            manifest = restore(Path(options["file"]), using=options["database"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已从 {options['file']} 恢复（{ENGINES[manifest['engine']]}，备份于 {manifest['created']}）。"
            "若此后的版本新增了迁移，请运行 liangxin migrate。"
        )
