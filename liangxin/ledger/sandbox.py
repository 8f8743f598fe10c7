"""Where an import runs, so that on SQLite it never holds the database's write lock for long.

An import is validated by really importing it inside one transaction: later rows see earlier
ones (duplicates inside the file), the change log is written as for any save, constraints are
the database's (the audit chain links each change-log row to the last), and the preview reports
exactly what the confirm will do because it runs the same code. On SQLite that transaction held
the database's only write lock from its first row to its end (IMMEDIATE transactions take it at
BEGIN): a 60,000-row preview kept every login and every API write waiting 29 s, a 100,000-row
confirm 777 s of its 786 s, and those waiting past the busy timeout failed with "database is
locked".

So on SQLite an import runs in a copy of the database: the backup API copies it (a read: in
WAL mode writers go on meanwhile) into a temporary file, and every ORM query of the import is
routed there by `SandboxRouter`, for the context (thread) of that import only. A dry run (the
preview, `--dry-run`) throws the copy away. A confirm records which rows it wrote in the copy,
then copies those rows into the real database in one short transaction, after checking that
nothing it relied on changed meanwhile (liangxin.ledger.staging). On PostgreSQL a transaction
blocks nobody but the writers of the same rows (MVCC, row locks), and the import runs in place.
Inside a transaction already (a test's, a caller's) the write lock is the caller's to hold, and
SQLite cannot copy a database its own connection is writing: the import runs in place too.
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

from liangxin.ledger.staging import Staging

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


class Place:
    """The database an import writes to. This one is the real database itself: its transaction
    is the import's, and there is nothing more to do once it commits."""

    def __init__(self, alias: str):
        self.alias = alias

    def routed(self) -> contextlib.AbstractContextManager:
        return contextlib.nullcontext()

    def before_commit(self) -> None:
        """Called at the end of a successful import, inside its transaction."""

    def publish(self, reads: tuple = ()) -> None:
        """Make a committed import's rows those of the real database."""


class Copy(Place):
    """A throw-away copy of a SQLite database (see the module's docstring)."""

    def __init__(self, alias: str, path: str, using: str, staging=None):
        super().__init__(alias)
        self.path, self.using, self.staging = path, using, staging

    @contextlib.contextmanager
    def routed(self) -> Iterator[None]:
        token = _active.set(self.alias)
        try:
            yield
        finally:
            _active.reset(token)

    def before_commit(self) -> None:
        # The copy's change-log rows are never sealed there: publish copies them unsealed into
        # the real database, where they are sealed after its commit like any other writer's.
        connections[self.alias].run_on_commit.clear()

    def publish(self, reads: tuple = ()) -> None:
        if self.staging is None:
            raise RuntimeError("a dry run's copy is never published")
        self.staging.publish(self, reads)


@contextlib.contextmanager
def import_database(dry_run: bool, using: str = DEFAULT_DB_ALIAS) -> Iterator[Place]:
    """Where an import (a dry run, or a confirm) should run: a copy on SQLite, `using` itself
    elsewhere. Run the import inside the place's `routed()` block; a confirmed import in a copy
    is written to the real database by `publish()`, after the copy's transaction committed."""
    real = connections[using]
    if real.vendor != "sqlite" or real.in_atomic_block:
        yield Place(using)
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
        try:
            yield Copy(alias, path, using, None if dry_run else Staging.start(sandbox))
        finally:
            sandbox.close()
            del connections[alias]
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path + suffix)


class SandboxRouter:
    """Routes the queries of an import running in a copy (in its context only) to the copy."""

    def db_for_read(self, model, **hints) -> str | None:
        return _active.get()

    def db_for_write(self, model, **hints) -> str | None:
        return _active.get()

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The importing user and its region were read from the real database; the rows the
        # import saves refer to them (the copy holds the same rows).
        return True if _active.get() else None
