import datetime

from django.core.management.base import BaseCommand, CommandError

from liangxin.rules.stats import HISTORY_MONTHS, backfill_snapshots, take_snapshots


class Command(BaseCommand):
    help = (
        "记录每个区域本月（或 --month YYYY-MM）的覆盖情况快照；每月由定时任务运行。"
        f"此前 {HISTORY_MONTHS - 1} 个月中还没有快照的月份，按台账记录的成立、关闭、撤销日期和指导员联系期间还原后补记（只需一次）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM，默认本月")
        parser.add_argument("--max-level", type=int, default=None, help="只记录到此层级（如 5 = 社区）")
        parser.add_argument("--history-months", type=int, default=HISTORY_MONTHS,
                            help=f"补记到几个月前（含本月，默认 {HISTORY_MONTHS}；0 或 1 为不补记）")

    def handle(self, *args, month=None, max_level=None, history_months=HISTORY_MONTHS, **options):
        day = None
        if month:
            try:
                day = datetime.datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError("--month 格式应为 YYYY-MM，如 2026-01") from None
        filled = backfill_snapshots(history_months, max_level) if history_months > 1 else []
        if filled:
            self.stdout.write(f"已按台账历史补记 {filled[0]:%Y-%m} 至 {filled[-1]:%Y-%m} 共 {len(filled)} 个月的快照。")
        count = take_snapshots(day, max_level)
        self.stdout.write(f"已记录 {count} 个区域的覆盖情况快照。")
