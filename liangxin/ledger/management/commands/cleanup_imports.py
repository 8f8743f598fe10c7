"""liangxin cleanup-imports [--days N]: remove uploaded ledger files (and their error reports)
of imports that ended more than N days ago (LEDGER_IMPORT_KEEP_DAYS, 30), and files in the
upload folders that no import refers to. The import's record stays, with its counts and
errors; only the files go. Meant to run daily from a periodic job."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from liangxin.ledger.models import ImportJob

FOLDERS = ("ledger/imports", "ledger/reports")  # the upload_to of ImportJob's two files


class Command(BaseCommand):
    help = "删除超过保存期限的导入文件和错误标注文件（导入记录保留）。"

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
        removed += self._orphans(cutoff)
        self.stdout.write(f"已删除 {removed} 个超过 {days} 天的导入文件。")

    def _orphans(self, cutoff) -> int:
        """Files no import refers to (left by a crash, or by a version that kept refused
        uploads), once they are as old as the kept ones."""
        referenced = set()
        for file, report in ImportJob.objects.values_list("file", "report"):
            referenced.update(name for name in (file, report) if name)
        removed = 0
        root = Path(settings.MEDIA_ROOT)
        for folder in FOLDERS:
            for path in (root / folder).glob("*"):
                name = path.relative_to(root).as_posix()
                if path.is_file() and name not in referenced and path.stat().st_mtime < cutoff.timestamp():
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
