"""Running an import job from the web: small files inside the request, large ones in a thread
with progress in the cache (the import's own transaction cannot publish progress rows).

A thread, not a task queue: if the process dies mid-import, the import's transaction rolls
back and nothing is saved (the all-or-nothing rule holds); the job stays "running" and the
user uploads again. A task queue can replace `start` without touching anything else.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection

from liangxin.ledger.importing import run_import, write_report
from liangxin.ledger.models import ImportJob
from liangxin.ledger.reading import FileRefused

logger = logging.getLogger(__name__)
SHOWN_ERRORS = 500


def inline_limit() -> int:
    return getattr(settings, "LEDGER_INLINE_MAX_BYTES", 256 * 1024)


def progress_key(job_pk: int) -> str:
    return f"ledger-import-progress-{job_pk}"


def progress_of(job_pk: int) -> dict:
    return cache.get(progress_key(job_pk)) or {"done": 0, "total": None, "phase": "start"}


def execute(job_pk: int, confirm: bool) -> ImportJob:
    """Validate (confirm=False: the preview) or import (confirm=True) the job's file."""
    job = ImportJob.objects.select_related("user", "census").get(pk=job_pk)

    def progress(done, total, phase):
        cache.set(progress_key(job_pk), {"done": done, "total": total, "phase": phase}, 3600)

    try:
        result = run_import(Path(job.file.path), job.original_name, job.kind, job.user, dry_run=not confirm,
                            census=job.census, progress=progress)
    except (FileRefused, PermissionDenied) as error:
        job.status, job.message = ImportJob.Status.REFUSED, str(error)
        job.file.delete(save=False)  # nothing more will be done with it
    except Exception as error:  # noqa: BLE001 — the user must see that nothing was saved
        logger.exception("ledger import %s failed", job_pk)
        job.status, job.message = ImportJob.Status.FAILED, f"导入时发生意外错误，未保存任何数据：{error}"
        job.file.delete(save=False)
    else:
        job.total_rows = result.total_rows
        job.created_count = sum(n for k, n in result.counts.items() if k.endswith("新增"))
        job.updated_count = sum(n for k, n in result.counts.items() if k.endswith("修改") or k.endswith("已更新"))
        job.unchanged_count = sum(n for k, n in result.counts.items() if k.endswith("未变"))
        job.error_count = result.error_count
        job.errors = [e.as_dict() for e in result.errors[:SHOWN_ERRORS]]
        job.preview = {"headers": result.headers, "rows": result.preview, "sheet": result.sheet,
                       "header_row": result.header_row, "unknown": result.unknown_headers, "summary": result.summary(),
                       "notes": result.notes[:SHOWN_ERRORS],
                       "seconds": round(result.seconds, 1)}
        if result.errors:
            job.status = ImportJob.Status.INVALID
            more = f"（错误标注文件中标出前 {len(result.errors)} 处）" if result.more_errors else ""
            job.message = f"发现 {result.error_count} 处错误{more}，整个文件都没有导入。请下载错误标注文件，改正后重新上传。"
            from io import BytesIO

            buffer = BytesIO()
            write_report(Path(job.file.path), result.fmt, result, buffer)
            job.report.save(f"错误标注-{job.pk}.xlsx", ContentFile(buffer.getvalue()), save=False)
        elif confirm:
            job.status, job.message = ImportJob.Status.DONE, f"已导入：{result.summary()}。"
        else:
            job.status, job.message = ImportJob.Status.VALID, f"检查通过：{result.summary()}。确认后才会保存。"
    job.save()
    cache.delete(progress_key(job_pk))
    return job


def start(job: ImportJob, confirm: bool) -> None:
    job.status = ImportJob.Status.IMPORTING if confirm else ImportJob.Status.VALIDATING
    job.save(update_fields=["status", "updated"])
    if job.file.size <= inline_limit() or connection.in_atomic_block:
        execute(job.pk, confirm)
        return
    context = contextvars.copy_context()  # the request's actor, IP and request id for the change log

    def run():
        close_old_connections()
        try:
            context.run(execute, job.pk, confirm)
        finally:
            connection.close()

    threading.Thread(target=run, name=f"ledger-import-{job.pk}", daemon=True).start()
