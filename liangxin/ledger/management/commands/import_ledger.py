"""liangxin import-ledger FILE [--dry-run] [--user USERNAME] [--kind ledger|regions|census] [--census ID]"""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from liangxin.accounts.models import User
from liangxin.audit.context import acting_as
from liangxin.ledger.importing import run_import, write_report
from liangxin.ledger.models import Census
from liangxin.ledger.reading import FileRefused
from liangxin.ledger.staging import LedgerChanged


class Command(BaseCommand):
    help = "导入台账（.xlsx/.xls/.csv）：全部通过才保存，任何一行出错则不保存任何数据。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--user", help="以该用户的身份和管辖范围导入；省略则以命令行管理员身份（全区）导入")
        parser.add_argument("--kind", choices=["ledger", "regions", "census"], default="ledger", help="文件内容：台账、区域网格或摸底表")
        parser.add_argument("--census", type=int, help="摸底表导入到哪次摸底（编号）")
        parser.add_argument("--errors", help="有错误时把错误标注文件写到这里（.xlsx）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"用户“{options['user']}”不存在或已停用。")
        else:
            # Whoever runs the command holds the database already: a transient administrator
            # with the whole district in scope (named in the change log as the command line).
            user = User(username="命令行", is_superuser=True, is_active=True)
        census = None
        if options["kind"] == "census":
            if not options["census"]:
                raise CommandError("导入摸底表需要 --census 编号。")
            census = Census.objects.filter(pk=options["census"]).first()
            if census is None:
                raise CommandError(f"摸底 {options['census']} 不存在。")
        err = self.stderr

        def progress(done, total, phase):
            if err.isatty() or phase == "finish":
                shown = f"{done}/{total}" if total else str(done)
                err.write(f"\r已处理 {shown} 行", ending="\n" if phase == "finish" else "")
                err.flush()

        try:
            with acting_as(user if user.pk else None):
                result = run_import(path, path.name, options["kind"], user, dry_run=options["dry_run"], census=census, progress=progress)
        except (FileRefused, PermissionDenied, LedgerChanged) as error:
            raise CommandError(str(error)) from None
        out = self.stdout
        out.write(f"工作表“{result.sheet}”，表头在第{result.header_row}行，数据{result.total_rows}行，用时{result.seconds:.1f}秒。")
        if result.unknown_headers:
            out.write("未识别、已忽略的列：" + "、".join(result.unknown_headers))
        for note in result.notes:
            out.write(f"请留意：{note}")
        if result.errors:
            for error in result.errors:
                out.write(str(error))
            if options["errors"]:
                write_report(path, result.fmt, result, options["errors"])
                out.write(f"错误标注文件：{options['errors']}")
            if result.more_errors:
                out.write(f"另有 {result.more_errors} 处错误未列出。")
            out.write(self.style.ERROR(f"共 {result.error_count} 处错误，未保存任何数据。"))
            sys.exit(1)
        verb = "检查通过（--dry-run，未保存）" if options["dry_run"] else "已导入"
        out.write(self.style.SUCCESS(f"{verb}：{result.summary()}。"))
