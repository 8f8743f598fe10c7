"""The background worker for real: `liangxin worker` processes on a real database (a SQLite file,
and PostgreSQL when the suite runs there), jobs enqueued through the import pages on the
database backend, and a worker killed with SIGKILL half-way through an import. The next worker
marks the job failed with its message at start, nothing of it was saved, and the user runs it
again from the page. (Elsewhere the suite uses the immediate backend: there the queue is not
the point.)"""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from liangxin.ledger.models import ImportJob
from liangxin.ops import worker
from liangxin.ops.models import PeriodicRun, WorkerHeartbeat
from tests.ledger_files import ledger_row, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
ROWS = 10_000


class Site:
    """The database the child processes share, read back with plain SQL (the test's own
    connection may be another database: SQLite's test database lives in memory)."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        if connection.vendor == "sqlite":
            self.file = tmp_path / "site.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)  # the migrated test database with the committed world
            target.close()
            self.url = f"sqlite:///{self.file}"
        else:
            s = connection.settings_dict
            password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
            self.url = f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        self.env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "liangxin.settings",
                    "PYTHONPATH": str(ROOT), "LIANGXIN_MEDIA_ROOT": str(tmp_path / "media"),
                    "LIANGXIN_WORKER_HEARTBEAT_SECONDS": "1"}

    def query(self, sql: str, *params):
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql, params).fetchall()

    def job(self, pk: int) -> dict:
        status, stage, done, message, task_id = self.query(
            "SELECT status, stage, progress_done, message, task_id FROM ledger_importjob WHERE id = %s", pk)[0]
        return {"status": status, "stage": stage, "done": done, "message": message, "task_id": task_id}

    def organizations(self) -> int:
        return self.query("SELECT count(*) FROM organizations_organization")[0][0]

    def page(self, action: str, target, username: str = "admin") -> dict:
        """What the user does on the import pages (tests/worker_child.py)."""
        child = subprocess.run([sys.executable, str(ROOT / "tests" / "worker_child.py"), action, str(target), username],
                               cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120, check=False)
        assert child.returncode == 0, child.stderr[-3000:]
        return json.loads(child.stdout.strip().splitlines()[-1])

    def start_worker(self, name: str) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the file-reading child goes with it
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()  # reaped: a zombie would still answer for its pid

    def wait_for(self, pk: int, done, seconds: float = 180) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            job = self.job(pk)
            if done(job):
                return job
            if time.monotonic() > deadline:
                logs = "\n".join(p.read_text()[-2000:] for p in self.tmp_path.glob("*.log"))
                raise AssertionError(f"job {pk} is still {job} after {seconds} s\n{logs}")
            for process in self.processes:
                assert process.returncode is not None or process.poll() is None, f"a worker stopped: {process.returncode}"
            time.sleep(0.1)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def site(transactional_world, tmp_path):
    s = Site(tmp_path)
    yield s
    s.close()


def half_way(job: dict) -> bool:
    return job["stage"] == "rows" and job["done"] > 0


def test_a_worker_killed_during_a_preview_leaves_a_failed_job_that_runs_again(site, tmp_path):
    path = write_xlsx(tmp_path / "big.xlsx", [ledger_row(n) for n in range(1, ROWS + 1)])
    before = site.organizations()
    job = site.page("upload", path)
    assert (job["status"], job["stage"]) == ("validating", "queued") and job["task_id"]  # queued, not run in the request

    first = site.start_worker("first")
    site.wait_for(job["pk"], half_way)
    site.kill(first)
    assert site.job(job["pk"])["status"] == "validating"  # nobody has noticed yet

    site.start_worker("second")  # marks the job of the dead worker failed as it starts
    failed = site.wait_for(job["pk"], lambda j: j["status"] == "failed", seconds=30)
    assert failed["message"] == ImportJob.INTERRUPTED
    assert site.query("SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult WHERE id = %s",
                      job["task_id"].replace("-", "") if connection.vendor == "sqlite" else job["task_id"]) == [
        ("FAILED", worker.LOST_EXCEPTION)]

    again = site.page("rerun", job["pk"])
    assert again["status"] == "validating" and again["task_id"] != job["task_id"]
    checked = site.wait_for(job["pk"], lambda j: j["status"] != "validating")
    assert checked["status"] == "valid", checked
    assert site.organizations() == before  # a preview saves nothing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the confirm's progress is visible mid-way on PostgreSQL")
def test_a_worker_killed_during_a_confirm_saves_nothing_and_the_confirm_runs_again(site, tmp_path):
    path = write_xlsx(tmp_path / "big.xlsx", [ledger_row(n) for n in range(1, ROWS + 1)])
    before = site.organizations()
    job = site.page("upload", path)
    first = site.start_worker("first")
    assert site.wait_for(job["pk"], lambda j: j["status"] != "validating")["status"] == "valid"
    assert site.page("confirm", job["pk"])["status"] == "importing"
    site.wait_for(job["pk"], half_way)
    site.kill(first)

    site.start_worker("second")
    failed = site.wait_for(job["pk"], lambda j: j["status"] == "failed", seconds=30)
    assert failed["message"] == ImportJob.INTERRUPTED
    assert site.organizations() == before  # the confirm's transaction died with its connection

    site.page("rerun", job["pk"])
    done = site.wait_for(job["pk"], lambda j: j["status"] != "importing")
    assert done["status"] == "done", done
    assert site.organizations() == before + ROWS


# ---- the bookkeeping, in process ----------------------------------------------------------------

def beat(worker_id: str, seconds_ago: float, hostname: str = "elsewhere", pid: int = 1) -> None:
    moment = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=hostname, pid=pid, started=moment, beat=moment)


def running_task(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="liangxin.rules.tasks.monthly_snapshot",
                                       backend_name="default", status="RUNNING", worker_ids=[worker_id])


@pytest.mark.django_db
def test_a_job_is_lost_when_its_worker_is_stale_gone_from_this_host_or_unknown(settings):
    settings.WORKER_STALE_SECONDS = 60
    beat("fresh", 5)
    beat("stale", 61)
    finished = subprocess.run(["true"], check=True)  # a pid that has just ended
    beat("gone", 1, hostname=worker.HOSTNAME, pid=os.getpid() + 10_000_000 if finished else 0)
    tasks = {name: running_task(name) for name in ("fresh", "stale", "gone", "never-seen")}
    lost = worker.recover_lost()
    assert sorted(lost) == sorted(str(tasks[n].id) for n in ("stale", "gone", "never-seen"))
    assert DBTaskResult.objects.get(id=tasks["fresh"].id).status == "RUNNING"
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {"fresh"}
    assert worker.recover_lost() == []  # marked once


@pytest.mark.django_db
def test_a_heartbeat_is_one_update_and_periodic_jobs_are_looked_up_once_a_period(settings):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    heartbeat = worker.Heartbeat("beating")
    heartbeat.tick()  # the first beat writes the row and enqueues this period's jobs
    row = WorkerHeartbeat.objects.get(worker_id="beating")
    with CaptureQueriesContext(db) as beat_queries:
        worker.beat("beating", heartbeat.started_at)
    assert len(beat_queries) == 1 and beat_queries[0]["sql"].startswith("UPDATE"), beat_queries.captured_queries
    with CaptureQueriesContext(db) as tick_queries:
        heartbeat.tick()
    # The beat, then the two reads of recover_lost; no periodic lookup within the period.
    assert len(tick_queries) == 3 and not any("periodicrun" in q["sql"] for q in tick_queries), tick_queries.captured_queries
    assert WorkerHeartbeat.objects.get(worker_id="beating").beat > row.beat
    WorkerHeartbeat.objects.filter(worker_id="beating").delete()  # taken for dead by another worker
    heartbeat.tick()
    assert WorkerHeartbeat.objects.filter(worker_id="beating").exists()


@pytest.mark.django_db
def test_a_lost_import_is_failed_with_its_message(world, settings):
    job = ImportJob.objects.create(user=world.admin, original_name="a.xlsx", file="ledger/imports/a.xlsx",
                                   status=ImportJob.Status.IMPORTING, action=ImportJob.Action.CONFIRM)
    task = running_task("dead")
    job.task_id = str(task.id)
    job.save()
    assert worker.recover_lost() == [str(task.id)]
    job.refresh_from_db()
    assert (job.status, job.message, job.can_rerun) == (ImportJob.Status.FAILED, ImportJob.INTERRUPTED, True)


@pytest.mark.django_db
def test_periodic_jobs_are_enqueued_once_per_period(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    november = timezone.make_aware(datetime.datetime(2026, 11, 30, 12))
    assert sorted(worker.enqueue_periodic(november)) == ["cleanup-imports", "snapshot"]
    assert worker.enqueue_periodic(november) == []
    december = november + datetime.timedelta(days=1)
    assert worker.enqueue_periodic(december) == ["snapshot", "cleanup-imports"]
    assert sorted(PeriodicRun.objects.values_list("name", "period")) == [
        ("cleanup-imports", "2026-11-30"), ("cleanup-imports", "2026-12-01"), ("snapshot", "2026-11"), ("snapshot", "2026-12")]
    assert DBTaskResult.objects.filter(status="READY").count() == 4
