import datetime

from django.core.management.base import BaseCommand, CommandError

from liangxin.rules.stats import take_snapshots


class Command(BaseCommand):
    help = "记录每个区域本月（或 --month YYYY-MM）的覆盖情况快照；每月初由定时任务运行。"

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM，默认本月")
        parser.add_argument("--max-level", type=int, default=None, help="只记录到此层级（如 5 = 社区）")

    def handle(self, *args, month=None, max_level=None, **options):
        day = None
        if month:
            try:
                day = datetime.datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError("--month 格式应为 YYYY-MM，如 2026-01") from None
        count = take_snapshots(day, max_level)
        self.stdout.write(f"已记录 {count} 个区域的覆盖情况快照。")
