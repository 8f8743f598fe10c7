"""Signals of the background worker, in a module of their own so that an app's models can
connect to them without importing the worker (and its models) first."""

from django.dispatch import Signal

# Sent with task_id (str) when a job's worker died while running it (liangxin.ops.worker): the
# app that enqueued the job marks its own record failed, with a message for its user.
task_lost = Signal()
