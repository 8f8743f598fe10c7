"""liangxin cleanup-imports [--days N]: remove uploaded ledger files (and their error reports)
of imports that ended more than N days ago (LEDGER_IMPORT_KEEP_DAYS, 30), the files of large
exports as old, and files in those folders that no job refers to. The jobs' records stay, with
their counts and errors; only the files go. The worker enqueues it daily (settings.PERIODIC_TASKS)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from liangxin.ledger.models import ExportJob, ImportJob

FOLDERS = ("ledger/imports", "ledger/reports", "ledger/exports")  # the upload_to of ImportJob's and ExportJob's files


class Command(BaseCommand):
    help = "删除超过保存期限的导入文件、错误标注文件和导出文件（任务记录保留）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保存天数（默认取 LIANGXIN_IMPORT_KEEP_DAYS，30天）")

    def handle(self, *args, days=None, **options):
        days = settings.LEDGER_IMPORT_KEEP_DAYS if days is None else days
        cutoff = timezone.now() - datetime.timedelta(days=days)
        running = (ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING)
        removed = 0
        old = ImportJob.objects.filter(updated__lt=cutoff).exclude(status__in=running).exclude(file="", report="")
        for job in old.iterator():
            for stored in (job.file, job.report):
                if stored:
                    stored.delete(save=False)
                    removed += 1
            job.save(update_fields=["file", "report"])
        exports = ExportJob.objects.filter(updated__lt=cutoff).exclude(status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING))
        for export in exports.exclude(file=""):
            export.file.delete(save=False)
            export.save(update_fields=["file"])
            removed += 1
        removed += self._orphans(cutoff)
        self.stdout.write(f"已删除 {removed} 个超过 {days} 天的导入文件。")

    def _orphans(self, cutoff) -> int:
        """Files no import refers to (left by a crash, or by a version that kept refused
        uploads), once they are as old as the kept ones."""
        referenced = set()
        for file, report in ImportJob.objects.values_list("file", "report"):
            referenced.update(name for name in (file, report) if name)
        referenced.update(name for name in ExportJob.objects.values_list("file", flat=True) if name)
        removed = 0
        root = Path(settings.MEDIA_ROOT)
        for folder in FOLDERS:
            for path in (root / folder).glob("*"):
                name = path.relative_to(root).as_posix()
                if path.is_file() and name not in referenced and path.stat().st_mtime < cutoff.timestamp():
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
