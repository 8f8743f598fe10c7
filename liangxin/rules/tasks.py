"""Background jobs of the rule engine (run by `liangxin worker`)."""

from django_tasks import task

from liangxin.rules.stats import take_snapshots


@task()
def monthly_snapshot() -> int:
    """This month's coverage snapshot of every region (the trend on the dashboard); enqueued by
    the worker once a month (settings.PERIODIC_TASKS). `liangxin snapshot` does the same in process."""
    return take_snapshots()
