"""liangxin worker: the background worker (imports, the monthly snapshot, the
daily clean-up). django-tasks-db's `db_worker` loop, with our heartbeat beside it: the worker
announces itself, marks failed the jobs a killed worker left running, enqueues the periodic jobs,
and keeps doing so every few seconds (liangxin.ops.worker). SIGTERM lets the job in hand finish."""

from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from liangxin.ops.worker import Heartbeat


class Command(DBWorkerCommand):
    help = "运行后台任务进程：导入、月度快照和每日清理。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The autoreloader forks a child that would run the jobs under another pid than the
        # heartbeat's; `make demo` restarts the worker with the server instead.
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.tick()  # announced before the first claim, so no one takes our jobs for lost
        connection.close()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
