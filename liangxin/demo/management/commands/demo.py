"""`manage.py demo` (also `liangxin demo`): build the demo district and its accounts."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liangxin.demo.accounts import DemoError, format_report
from liangxin.demo.district import build_demo
from liangxin.demo.words import DEFAULT_ORGS, DEFAULT_SEED, MIN_ORGS


class Command(BaseCommand):
    help = (
        "生成演示数据：一个区及其街道、社区、网格，约一万个两新组织、党组织、党员、指导员和结对共建，"
        "指导员自上一个完整半年起的走访记录、工作计划、重大事项报告、请假、例会、抽查、培训和半年考评，"
        "并创建各角色的演示账号。已生成过则保留用户的修改，只恢复演示账号（启用、密码、管辖范围）；"
        "演示账号已无法恢复时清空数据库重新生成。--reset：清空数据库重新生成。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orgs", type=int, default=DEFAULT_ORGS,
                            help=f"两新组织数量（默认 {DEFAULT_ORGS}，至少 {MIN_ORGS}；测试可用 300）")
        parser.add_argument("--reset", action="store_true",
                            help="清空整个数据库（包括用户所做的全部修改）后重新生成演示数据")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机数种子（默认 {DEFAULT_SEED}）")

    def handle(self, *args, orgs: int, seed: int, reset: bool = False, **options) -> None:
        if orgs < MIN_ORGS:
            raise CommandError(f"--orgs 至少为 {MIN_ORGS}，否则演示区容纳不下全部演示情形。")
        try:
            result = build_demo(orgs=orgs, seed=seed, reset=reset)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_report(result))
