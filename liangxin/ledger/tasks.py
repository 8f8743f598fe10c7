"""The ledger's background jobs (run by `liangxin worker`, liangxin.ops.worker): an import's
preview and confirm, large exports, and the daily clean-up of old import and export files.

The web enqueues, the worker runs; tests use the immediate backend, which runs the same task in
the request. A task's arguments are JSON: ids, never objects."""

from __future__ import annotations

import io
import logging
import tempfile
import uuid

from django.core.files import File
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict
from django_tasks import TaskContext, task

from liangxin.audit.context import RequestContext, current, reset, set_for_request
from liangxin.ledger import jobs
from liangxin.ledger.exporting import EXPORTS, log_export, write_export
from liangxin.ledger.models import ExportJob, ImportJob

logger = logging.getLogger(__name__)


@task(takes_context=True)
def run_import_job(context: TaskContext, job_pk: int, confirm: bool, ip: str = "", request_id: str = "") -> str:
    job = ImportJob.objects.select_related("user").get(pk=job_pk)
    # The change log names the uploader, from the address and request that asked for the job.
    token = set_for_request(RequestContext(user=job.user, ip=ip, request_id=uuid.UUID(request_id) if request_id else uuid.uuid4()))
    try:
        return jobs.execute(job_pk, confirm).status
    except BaseException:
        # Stopped mid-way (a second SIGTERM to the worker): nothing was saved; say so, then let
        # the worker record the task as failed.
        jobs.interrupted(job_pk)
        raise
    finally:
        reset(token)


def start_import(job: ImportJob, confirm: bool) -> None:
    """Queue the preview (confirm=False) or the confirm of a job; its page follows the progress."""
    job.status = ImportJob.Status.IMPORTING if confirm else ImportJob.Status.VALIDATING
    job.action = ImportJob.Action.CONFIRM if confirm else ImportJob.Action.PREVIEW
    job.stage, job.progress_done, job.progress_total = ImportJob.Stage.QUEUED, 0, None
    job.message = ""
    with transaction.atomic():
        job.save(update_fields=["status", "action", "stage", "progress_done", "progress_total", "message", "updated"])
        ctx = current()
        result = run_import_job.enqueue(job.pk, confirm, ip=ctx.ip, request_id=str(ctx.request_id))
        # The immediate backend has run the job by now (and saved it): only the task's id is ours to add.
        ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()


@task()
def run_export_job(job_pk: int, ip: str = "", request_id: str = "") -> str:
    """Write a large export to a file of the job; its page offers it for download."""
    job = ExportJob.objects.select_related("user").get(pk=job_pk)
    ExportJob.objects.filter(pk=job_pk).update(status=ExportJob.Status.RUNNING)
    spec = EXPORTS[job.key]
    params = QueryDict(mutable=True)
    for name, values in job.params:
        params.setlist(name, values)
    token = set_for_request(RequestContext(user=job.user, ip=ip, request_id=uuid.UUID(request_id) if request_id else uuid.uuid4()))
    try:
        with tempfile.TemporaryFile() as handle:
            count = write_export(spec, job.user, params, handle)  # scoped by the user's jurisdiction now
            handle.seek(0)
            job.file.save(f"{job.pk}-{job.key}.xlsx", File(handle), save=False)
        log_export(spec, job.user, count, params.dict())
        job.rows, job.status, job.message = count, ExportJob.Status.DONE, f"已导出 {count} 行。"
    except Exception as error:  # noqa: BLE001 — the page must say it failed
        logger.exception("export %s failed", job_pk)
        job.status, job.message = ExportJob.Status.FAILED, f"导出时发生意外错误：{error}。请点击“重新导出”再试一次。"
    except BaseException:
        ExportJob.objects.filter(pk=job_pk).update(status=ExportJob.Status.FAILED, message=ExportJob.INTERRUPTED)
        raise
    finally:
        reset(token)
    job.save()
    return job.status


def start_export(job: ExportJob) -> None:
    with transaction.atomic():
        job.save()
        ctx = current()
        result = run_export_job.enqueue(job.pk, ip=ctx.ip, request_id=str(ctx.request_id))
        ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()


@task()
def cleanup_imports() -> str:
    """Old import files and error reports (LIANGXIN_IMPORT_KEEP_DAYS); enqueued daily by the worker."""
    out = io.StringIO()
    call_command("cleanup_imports", stdout=out)
    return out.getvalue().strip()
