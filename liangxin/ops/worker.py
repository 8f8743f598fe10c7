"""The background worker's own bookkeeping, around django-tasks-db's `db_worker` loop.

django-tasks-db claims a job (a `DBTaskResult` row) and runs it; if its process is killed
(`kill -9`, the machine loses power, the OOM killer), the row stays RUNNING for ever and nothing
tells the user. So every `liangxin worker` writes a heartbeat row, and a job is *lost* when
the worker that claimed it is dead: its process is gone from this host, or its heartbeat is
older than WORKER_STALE_SECONDS (another host, or a hung process). Lost jobs are marked failed
(`task_lost` tells the app that owns them, so it can say so to its user) when a worker starts
and at every heartbeat of any other live worker.

The heartbeat thread also enqueues the periodic jobs (settings.PERIODIC_TASKS) once per period;
a unique row per (job, period) makes that safe with several workers and across restarts.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from liangxin.ops.models import PeriodicRun, WorkerHeartbeat
from liangxin.ops.signals import task_lost

logger = logging.getLogger(__name__)
HOSTNAME = socket.gethostname()[:255]
LOST_EXCEPTION = "liangxin.ops.worker.WorkerLost"


def stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def alive() -> bool:
    """/healthz's `worker_alive`: some worker has written its heartbeat recently."""
    return WorkerHeartbeat.objects.filter(beat__gte=stale_before()).exists()


def beat(worker_id: str, started: datetime.datetime) -> None:
    """One UPDATE of the worker's row (its `beat`), in autocommit: on SQLite the write lock for
    one statement. The whole row is written only on the first beat, or when another worker took
    this one for dead and deleted it (update_or_create, before: a transaction, a SELECT … FOR
    UPDATE and an UPDATE of every column, every beat)."""
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat=now):
        WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=HOSTNAME, pid=os.getpid(), started=started, beat=now)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def dead_workers(known: list[WorkerHeartbeat], now: datetime.datetime | None = None) -> set[str]:
    limit = stale_before(now)
    return {
        h.worker_id for h in known
        if h.beat < limit or (h.hostname == HOSTNAME and h.pid != os.getpid() and not _process_exists(h.pid))
    }


def recover_lost(now: datetime.datetime | None = None) -> list[str]:
    """Mark failed every running job whose worker is dead (or never wrote a heartbeat); return
    their ids. Safe to run from several workers at once: a job is marked by one of them."""
    now = now or timezone.now()
    heartbeats = list(WorkerHeartbeat.objects.all())
    known = {h.worker_id for h in heartbeats}
    dead = dead_workers(heartbeats, now)
    lost = []
    for result in DBTaskResult.objects.running().only("id", "worker_ids"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in known and worker not in dead:
            continue
        marked = DBTaskResult.objects.filter(id=result.id, status="RUNNING").update(
            status="FAILED", finished_at=now, exception_class_path=LOST_EXCEPTION,
            traceback=f"worker {worker or '?'} stopped while running this job (killed, or its heartbeat went stale)",
        )
        if marked:
            logger.warning("job %s was interrupted: its worker %s is gone", result.id, worker)
            task_lost.send(sender=DBTaskResult, task_id=str(result.id))
            lost.append(str(result.id))
    if dead:
        WorkerHeartbeat.objects.filter(worker_id__in=dead).delete()
    return lost


def period_of(kind: str, now: datetime.datetime | None = None) -> str:
    day = timezone.localtime(now or timezone.now()).date()
    if kind == "monthly":
        return day.strftime("%Y-%m")
    if kind == "daily":
        return day.isoformat()
    raise ValueError(f"unknown period {kind!r}")


def enqueue_periodic(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each periodic job not yet enqueued for the current period; return their names."""
    enqueued = []
    for name, kind, path in settings.PERIODIC_TASKS:
        period = period_of(kind, now)
        if PeriodicRun.objects.filter(name=name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(name=name, period=period)
                result = import_string(path).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker won the row for this period
        enqueued.append(name)
    return enqueued


class Heartbeat(threading.Thread):
    """Beats, recovers lost jobs and enqueues periodic ones, every WORKER_HEARTBEAT_SECONDS, in
    a thread of its own beside the worker's loop (and with its own database connection)."""

    def __init__(self, worker_id: str):
        super().__init__(name="liangxin-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()
        self.periods_enqueued: tuple[str, ...] | None = None  # the periods last found all enqueued

    def tick(self) -> None:
        beat(self.worker_id, self.started_at)
        recover_lost()  # two small reads: the heartbeats and the running jobs
        # The periodic jobs are looked up only when a period begins (or after a failed beat).
        periods = tuple(period_of(kind) for _name, kind, _path in settings.PERIODIC_TASKS)
        if periods != self.periods_enqueued:
            enqueue_periodic()
            self.periods_enqueued = periods

    def run(self) -> None:
        # One connection for the thread's life, not a new one every beat (on PostgreSQL, a new
        # server process each time); closed after a failure so that the next beat reconnects.
        while not self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                self.tick()
            except Exception:  # a locked SQLite or a restarting PostgreSQL: try again next beat
                logger.exception("worker heartbeat failed")
                connection.close()
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        finally:
            connection.close()
