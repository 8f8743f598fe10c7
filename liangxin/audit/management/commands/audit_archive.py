"""liangxin audit-archive --before DATE --output FILE"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.integrity import ArchiveRefused, archive, retention_limit


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--before 的日期“{value}”无法识别，请写成 2026-01-31 这样的格式。") from None


class Command(BaseCommand):
    help = "把某日之前的变更日志写入签名的归档文件（JSON Lines）后从数据库删除；保留期内的记录不能归档。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help=f"归档此日期（不含）之前的记录，如 {retention_limit():%Y-%m-%d}")
        parser.add_argument("--output", required=True, metavar="FILE", help="归档文件路径（不能已存在）")

    def handle(self, *args, **options):
        try:
            anchor = archive(_date(options["before"]), Path(options["output"]))
        except ArchiveRefused as error:
            raise CommandError(str(error)) from None
        if anchor is None:
            self.stdout.write(f"{options['before']} 之前没有变更日志，未写归档文件。")
            return
        self.stdout.write(f"已归档 {anchor.rows} 条（编号 {anchor.first_id}–{anchor.last_id}）至 {options['output']}，"
                          f"并从数据库删除；可用 liangxin audit-verify --archive {options['output']} 校验。")
