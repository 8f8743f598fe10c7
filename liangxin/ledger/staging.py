"""A confirmed import on SQLite: checked and built in a copy of the database, then written to the
real one in one short transaction (liangxin.ledger.sandbox says why it runs in a copy).

`Staging.start` counts each table of the copy as it was copied (rows, highest rowid) and puts
triggers on every table, which note the (table, rowid) of each row the import then inserts,
updates or deletes in the copy. Once the import has committed there, `publish`:

1. ATTACHes the copy to the real database's connection and begins its write transaction (BEGIN
   IMMEDIATE: from here on, and only here, the import holds the write lock);
2. checks that nothing the import relied on changed since the copy was taken: no change-log row
   of a change (create, update, delete) of a kind of object the import wrote or read, and the
   same row count and highest rowid in each table it wrote or read (for rows written without a
   log row). Otherwise LedgerChanged: nothing is written, and the user runs the confirm again;
3. copies the rows: those the import deleted are deleted, the others inserted or updated by
   their primary key, with the ids they got in the copy (the check proved them still free);
   its change-log rows are appended with new ids instead (other writers, logins among them,
   append to the log all the time; no row refers to a log row's id and a row's row_mac leaves
   the id out), and sealed into the chain after the commit like any other writer's;
4. commits. A constraint that fails (foreign keys are checked at the commit) rolls it all back.

Everything that takes time — reading the file, the forms' checks, the uniqueness and scope
queries, building the rows and their log — happened in the copy, without the lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, transaction

from liangxin.audit.chain import seal_after_commit
from liangxin.audit.models import ChangeLog

if TYPE_CHECKING:
    from liangxin.ledger.sandbox import Copy

CHANGES = "liangxin_staged_changes"  # (table, rowid) of each row the import wrote, in the copy
ATTACHED = "liangxin_staged"  # the copy's schema name on the real connection while publishing
WRITE_CACHE_KIB = 256 * 1024  # SQLite's page cache while publishing (grows only as far as it is used)


class LedgerChanged(Exception):
    """What the import checked no longer holds: someone changed the same kinds of data between
    the copy and the write. Nothing was written."""

    def __init__(self, kinds: Iterable[str] = ()):
        names = "、".join(sorted(set(kinds))) or "台账"
        super().__init__(
            f"在检查这个文件期间，其他用户修改了{names}数据，检查的结论可能已不成立。为避免覆盖他们的修改，"
            "本次导入没有保存任何数据。请重新运行导入：系统会按最新的数据重新检查后保存。"
        )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ?",
                   [CHANGES])
    return [name for (name,) in cursor.fetchall()]


def _shape(cursor, table: str) -> tuple[int, int]:
    cursor.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM main.{_quoted(table)}")
    count, highest = cursor.fetchone()
    return count, highest


@dataclass
class Staging:
    shapes: dict[str, tuple[int, int]]  # table → (rows, highest rowid) when the copy was taken

    @classmethod
    def start(cls, sandbox) -> Staging:
        """Count the copy's tables and have every row the import writes there noted."""
        sandbox.ensure_connection()
        raw = sandbox.connection
        cursor = raw.cursor()
        tables = _tables(cursor)
        shapes = {table: _shape(cursor, table) for table in tables}
        script = [f"CREATE TABLE {CHANGES} (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"]
        for table in tables:
            literal = "'" + table.replace("'", "''") + "'"
            for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
                trigger = _quoted(f"{CHANGES}_{event.lower()}_{table}")
                script.append(f"CREATE TRIGGER {trigger} AFTER {event} ON {_quoted(table)} "
                              f"BEGIN INSERT OR IGNORE INTO {CHANGES} VALUES ({literal}, {row}.rowid); END;")
        raw.executescript("\n".join(script))
        cursor.close()
        return cls(shapes)

    def publish(self, copy: Copy, reads: Iterable = ()) -> None:
        """Write the rows the import wrote in `copy` into the real database, in one short
        transaction, unless what it checked has changed meanwhile (LedgerChanged). `reads`: the
        models whose rows the import's checks read without writing them (regions, say)."""
        real = connections[copy.using]
        real.ensure_connection()
        with real.cursor() as cursor:
            cursor.execute(f"ATTACH DATABASE %s AS {ATTACHED}", [copy.path])  # not allowed inside a transaction
            cursor.execute("PRAGMA main.cache_size")
            (cache_size,) = cursor.fetchone()
            # The rows' table and index pages kept in memory while the lock is held, not spilled and
            # read again (the default cache is 2 MB): measured, the two large INSERTs of a 20,000-row file
            # took 0.4 s instead of 1.3 s.
            cursor.execute(f"PRAGMA main.cache_size = -{WRITE_CACHE_KIB}")
        try:
            with transaction.atomic(using=copy.using), real.cursor() as cursor:
                cursor.execute(f"SELECT DISTINCT tbl FROM {ATTACHED}.{CHANGES}")
                written = sorted(table for (table,) in cursor.fetchall())
                self._check(cursor, written, reads)
                for table in written:
                    self._copy_rows(cursor, table)
                seal_after_commit(ChangeLog)
        except IntegrityError as error:
            # A uniqueness or reference the check could not see (a row changed without a log row).
            raise LedgerChanged() from error
        finally:
            with real.cursor() as cursor:
                cursor.execute(f"DETACH DATABASE {ATTACHED}")
                cursor.execute(f"PRAGMA main.cache_size = {int(cache_size)}")

    def _check(self, cursor, written: list[str], reads: Iterable) -> None:
        log = ChangeLog._meta.db_table
        models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
        tables = ({table for table in written if table != log} | {model._meta.db_table for model in reads})
        watched = [models[table] for table in tables if table in models and not models[table]._meta.auto_created]
        changed: set[str] = set()
        types = ContentType.objects.get_for_models(*watched)
        if types:
            by_id = {ct.pk: model for model, ct in types.items()}
            ids, actions = list(by_id), [str(action) for action in ChangeLog.DATA_ACTIONS]
            cursor.execute(
                f"SELECT DISTINCT content_type_id FROM main.{_quoted(log)} WHERE id > %s "
                f"AND action IN ({', '.join(['%s'] * len(actions))}) AND content_type_id IN ({', '.join(['%s'] * len(ids))})",
                [self.shapes.get(log, (0, 0))[1], *actions, *ids])
            changed |= {str(by_id[pk]._meta.verbose_name) for (pk,) in cursor.fetchall()}
        for table in sorted(tables):
            if _shape(cursor, table) != self.shapes.get(table, (0, 0)):
                model = models.get(table)
                changed.add(str(model._meta.verbose_name) if model is not None and not model._meta.auto_created else "台账")
        if changed:
            raise LedgerChanged(changed)

    def _copy_rows(self, cursor, table: str) -> None:
        cursor.execute(f"PRAGMA main.table_info({_quoted(table)})")
        info = cursor.fetchall()  # (cid, name, type, notnull, default, pk position or 0)
        columns = [row[1] for row in info]
        keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        target, source = f"main.{_quoted(table)}", f"{ATTACHED}.{_quoted(table)}"
        noted = f"SELECT rid FROM {ATTACHED}.{CHANGES} WHERE tbl = %s"
        if table == ChangeLog._meta.db_table:
            opts = ChangeLog._meta
            unsealed = {opts.pk.column, opts.get_field("seq").column, opts.get_field("chain_hash").column}
            names = ", ".join(_quoted(c) for c in columns if c not in unsealed)
            cursor.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM {source} "
                           f"WHERE rowid IN ({noted}) ORDER BY rowid", [table])
            return
        cursor.execute(f"DELETE FROM {target} WHERE rowid IN (SELECT c.rid FROM {ATTACHED}.{CHANGES} AS c WHERE c.tbl = %s "
                       f"AND NOT EXISTS (SELECT 1 FROM {source} AS s WHERE s.rowid = c.rid))", [table])
        names = ", ".join(_quoted(c) for c in columns)
        others = [c for c in columns if c not in keys]
        # WHERE before ON CONFLICT: SQLite's documented way to keep an INSERT … SELECT upsert unambiguous.
        on_conflict = (f"ON CONFLICT ({', '.join(_quoted(k) for k in keys)}) DO "
                       + (f"UPDATE SET {', '.join(f'{_quoted(c)} = excluded.{_quoted(c)}' for c in others)}" if others else "NOTHING"))
        cursor.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM {source} WHERE rowid IN ({noted}) "
                       f"ORDER BY rowid {on_conflict if keys else ''}", [table])
