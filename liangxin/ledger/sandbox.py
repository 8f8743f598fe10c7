"""A dry run on SQLite runs in a private copy of the database, so it takes no write lock.

The import engine checks a file by importing it inside a transaction and rolling back: later
rows see earlier ones (a joint party organization names organizations saved a chunk before,
the audit chain links each change-log row to the last), and the preview reports exactly what
the confirm will do because it runs the same code. On SQLite that transaction holds the
database's only write lock from its first row to its rollback (IMMEDIATE transactions take it
at BEGIN): a 60,000-row preview kept every login and every API write waiting 29 s, and those
waiting past the busy timeout failed with "database is locked".

So on SQLite a dry run copies the database with the backup API (a read: in WAL mode writers
go on meanwhile) into a temporary file, and runs there; every query of the import is routed to
the copy by `SandboxRouter`, for the context (thread) of that import only. The copy is thrown
away at the end. Nothing is ever written to the real database, so nothing waits for the dry
run. On PostgreSQL the rolled-back transaction blocks nobody (MVCC), and the dry run runs in
place as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

_active: contextvars.ContextVar[str | None] = contextvars.ContextVar("ledger_sandbox", default=None)

# The copy is thrown away: no durability needed, but rollbacks (savepoints) must work, so the
# journal is kept, in memory.
SANDBOX_PRAGMAS = "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;"


def _copy(source: sqlite3.Connection, path: str) -> None:
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # all pages in one step, under one read snapshot
    finally:
        target.close()


@contextlib.contextmanager
def dry_run_database(using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """The alias a dry run should use: a throw-away copy on SQLite, `using` itself elsewhere.
    While the block runs, every ORM query made in this context goes to that alias."""
    real = connections[using]
    if real.vendor != "sqlite" or real.in_atomic_block:
        # Inside a transaction already (a test's, a caller's), the write lock is the caller's
        # to hold, and SQLite cannot copy a database its own connection is writing.
        yield using
        return
    real.ensure_connection()
    handle, path = tempfile.mkstemp(prefix="liangxin-dry-run-", suffix=".sqlite3")
    os.close(handle)
    alias = f"ledger-dry-run-{uuid.uuid4().hex}"
    try:
        _copy(real.connection, path)
        settings = {**real.settings_dict, "NAME": path, "TEST": {},
                    "OPTIONS": {**real.settings_dict.get("OPTIONS", {}), "init_command": SANDBOX_PRAGMAS}}
        # A connection of this thread only, not a configured database: other threads never see it.
        sandbox = connections[alias] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
        token = _active.set(alias)
        try:
            yield alias
        finally:
            _active.reset(token)
            sandbox.close()
            del connections[alias]
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path + suffix)


class SandboxRouter:
    """Routes the queries of a dry run in progress (in its context only) to its copy."""

    def db_for_read(self, model, **hints) -> str | None:
        return _active.get()

    def db_for_write(self, model, **hints) -> str | None:
        return _active.get()

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The importing user and its region were read from the real database; the rows the
        # dry run saves refer to them (the copy holds the same rows).
        return True if _active.get() else None
