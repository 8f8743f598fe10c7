"""What the background worker leaves in the database for others to read: its heartbeat, and the
periodic jobs it has enqueued (so that two workers, or a restarted one, never enqueue one twice)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running `liangxin worker` process, rewritten every few seconds while it lives.

    /healthz reads it (a fresh beat: a worker is alive), and a job whose worker's beat went
    stale, or whose process is gone from this host, was interrupted (liangxin.ops.worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField()
    beat = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "后台任务进程"
        verbose_name_plural = "后台任务进程"

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class PeriodicRun(models.Model):
    """A periodic job enqueued for one period (`snapshot` for 2026-11, `cleanup-imports` for
    2026-11-30). The unique pair is the lock: whichever worker inserts it enqueues the job."""

    name = models.CharField(max_length=50)
    period = models.CharField(max_length=20)
    enqueued = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务记录"
        verbose_name_plural = "定时任务记录"
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="periodic_run_once_per_period")]

    def __str__(self):
        return f"{self.name} {self.period}"
