"""Running an import job: the body of the background task (liangxin.ledger.tasks), which the
worker runs for the web's preview and confirm, and its progress, written into the job's row.

Progress goes to the row through a connection other than the import's: the import runs in one
transaction that only ends with the file, and rows written inside it would be seen by nobody
until then. On PostgreSQL a second connection commits each update at once. On SQLite the import
works in its own copy of the database (liangxin.ledger.sandbox), so the real one is free for
the progress, the confirm's too, until its short final write (the stage says it is writing).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from liangxin.ledger.importing import run_import, write_report
from liangxin.ledger.models import ImportJob
from liangxin.ledger.reading import FileRefused
from liangxin.ledger.staging import LedgerChanged

logger = logging.getLogger(__name__)
SHOWN_ERRORS = 500
# Row counts are written at most this often (each is an UPDATE of the job's row).
PROGRESS_SECONDS = 1.0


@contextlib.contextmanager
def _side_connection() -> Iterator[str]:
    """A private connection to the default database, for this thread only, closed at the end."""
    real = connections[DEFAULT_DB_ALIAS]
    alias = f"ledger-progress-{uuid.uuid4().hex}"
    side = connections[alias] = load_backend(real.settings_dict["ENGINE"]).DatabaseWrapper(dict(real.settings_dict), alias)
    try:
        yield alias
    finally:
        side.close()
        del connections[alias]


class Progress:
    """Writes the job's stage and rows done into its row while the import runs."""

    def __init__(self, job_pk: int, alias: str | None):
        self.job_pk, self.alias, self.last = job_pk, alias, 0.0

    def write(self, stage: str, done: int = 0, total: int | None = None) -> None:
        if self.alias is None:
            return
        ImportJob.objects.using(self.alias).filter(pk=self.job_pk).update(stage=stage, progress_done=done, progress_total=total)

    def __call__(self, done: int, total: int | None, phase: str) -> None:
        now = time.monotonic()
        if phase == "rows" and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        stage = {"finish": ImportJob.Stage.FINISH, "write": ImportJob.Stage.WRITING}.get(phase, ImportJob.Stage.ROWS)
        self.write(stage, done, total)


@contextlib.contextmanager
def progress_for(job_pk: int, confirm: bool) -> Iterator[Progress]:
    real = connections[DEFAULT_DB_ALIAS]
    if real.in_atomic_block:
        # Run inside a transaction already (the immediate backend in a test, a caller's): the
        # caller sees its own transaction's rows, and a second connection would wait for its lock.
        yield Progress(job_pk, DEFAULT_DB_ALIAS)
    elif real.vendor == "sqlite":
        yield Progress(job_pk, DEFAULT_DB_ALIAS)  # the import works in a copy (liangxin.ledger.sandbox)
    else:
        with _side_connection() as alias:
            yield Progress(job_pk, alias)


def execute(job_pk: int, confirm: bool) -> ImportJob:
    """Validate (confirm=False: the preview) or import (confirm=True) the job's file, and record
    the outcome in the job."""
    job = ImportJob.objects.select_related("user", "census").get(pk=job_pk)
    try:
        with progress_for(job_pk, confirm) as progress:
            result = run_import(Path(job.file.path), job.original_name, job.kind, job.user, dry_run=not confirm,
                                census=job.census, progress=progress)
    except (FileRefused, PermissionDenied) as error:
        job.status, job.message = ImportJob.Status.REFUSED, str(error)
        job.file.delete(save=False)  # nothing more will be done with it
    except LedgerChanged as error:
        # Nothing was saved; the file is kept, so the page offers to run the confirm again.
        job.status, job.message = ImportJob.Status.FAILED, str(error)
    except Exception as error:  # noqa: BLE001 — the user must see that nothing was saved
        logger.exception("ledger import %s failed", job_pk)
        job.status, job.message = ImportJob.Status.FAILED, f"导入时发生意外错误，未保存任何数据：{error}"
        job.file.delete(save=False)
    else:
        job.total_rows = result.total_rows
        job.progress_done = result.total_rows
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
            Progress(job_pk, DEFAULT_DB_ALIAS).write(ImportJob.Stage.REPORT, result.total_rows, result.total_rows)
            buffer = BytesIO()
            write_report(Path(job.file.path), result.fmt, result, buffer)
            job.report.save(f"错误标注-{job.pk}.xlsx", ContentFile(buffer.getvalue()), save=False)
        elif confirm:
            job.status, job.message = ImportJob.Status.DONE, f"已导入：{result.summary()}。"
        else:
            job.status, job.message = ImportJob.Status.VALID, f"检查通过：{result.summary()}。确认后才会保存。"
    job.stage = ImportJob.Stage.ENDED
    job.save()
    return job


def interrupted(job_pk: int) -> None:
    """The task was stopped mid-way (a second SIGTERM, a KeyboardInterrupt): the import's
    transaction is rolled back, so say nothing was saved, and keep the file to run it again."""
    ImportJob.objects.filter(pk=job_pk, status__in=(ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING)).update(
        status=ImportJob.Status.FAILED, stage=ImportJob.Stage.ENDED, message=ImportJob.INTERRUPTED,
    )
