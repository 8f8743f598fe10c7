"""liangxin backup FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.ops.backup import ENGINES, BackupError, backup


class Command(BaseCommand):
    help = "把整个数据库备份到一个文件（SQLite 在线备份或 pg_dump 自定义格式，附密钥指纹），站点运行中也可执行。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="备份文件路径，例如 /var/backups/liangxin/2026-11-30.lxbackup")
        parser.add_argument("--database", default="default", help="Django 数据库别名（默认 default）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.parent.is_dir():
            raise CommandError(f"目录 {path.parent} 不存在：请先创建它，或换一个 FILE 路径。")
        try:
            manifest = backup(path, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size / 1e6
        self.stdout.write(f"已备份到 {path}（{ENGINES[manifest['engine']]}，{size:.1f} MB，{manifest['created']}）")
