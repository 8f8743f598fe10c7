"""Backup and restore drills on the suite's database engine (SQLite, and PostgreSQL in the
PostgreSQL run): back up the test database, restore it into a throwaway database, compare every
model's table row by row, change data, see the restore refused without --force and with the
wrong keys, restore with --force and get exactly the backed-up rows again.

The commands run as the operator runs them (`liangxin restore` in a subprocess) against the
throwaway database; on PostgreSQL it is a database of its own, created and dropped here, never
the test database of another process."""

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from liangxin.ops.backup import MANIFEST, check_keys, fingerprint, read_manifest
from liangxin.organizations.models import Organization

LIANGXIN = str(Path(sys.executable).parent / "liangxin")
TABLES = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})


def snapshot(cursor) -> dict[str, list[tuple]]:
    """Every model's table (the many-to-many ones included), its rows in a fixed order."""
    rows = {}
    for table in TABLES:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


@contextmanager
def throwaway_database(tmp_path: Path):
    """(DATABASE_URL, connect) of an empty database nobody else uses."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "drill.sqlite3"
        # Column types parsed as Django's connection parses them (its converters are global).
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        return
    name = f"lx_drill_{uuid.uuid4().hex[:12]}"
    server = {"host": params["HOST"], "port": params["PORT"] or 5432, "user": params["USER"],
              "password": params["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        url = f"postgres://{params['USER']}{password}@{server['host']}:{server['port']}/{name}"
        yield url, lambda: psycopg.connect(dbname=name, autocommit=True, **server)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def liangxin(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DATABASE_URL": database_url, **env}
    return subprocess.run([LIANGXIN, *args], env=environ, capture_output=True, text=True, timeout=300)


def read_all(connect) -> dict[str, list[tuple]]:
    db = connect()
    try:
        return snapshot(db.cursor())
    finally:
        db.close()


def test_backup_restore_drill(transactional_world, tmp_path):
    world = transactional_world
    archive = tmp_path / "liangxin.lxbackup"
    call_command("backup", str(archive))
    with connection.cursor() as cursor:
        backed_up = snapshot(cursor)
    assert sum(map(len, backed_up.values())) > 50, "the drill runs on a district with data"

    with throwaway_database(tmp_path) as (url, connect):
        done = liangxin("restore", str(archive), database_url=url)
        assert done.returncode == 0, done.stderr
        assert read_all(connect) == backed_up

        # The drill database changes after the backup: a name edited, members deleted.
        db = connect()
        with db:
            db.execute(f"UPDATE {Organization._meta.db_table} SET name = '改过的名称' WHERE id = {world.org1.pk}")
            db.execute("DELETE FROM members_member")
        db.close()
        changed = read_all(connect)
        assert changed != backed_up

        refused = liangxin("restore", str(archive), database_url=url)
        assert refused.returncode != 0
        assert "当前数据库不是空的" in refused.stderr and "--force" in refused.stderr

        wrong = liangxin("restore", str(archive), "--force", database_url=url, LIANGXIN_BLIND_INDEX_KEY="another-key")
        assert wrong.returncode != 0
        assert "密钥与备份不符" in wrong.stderr and "LIANGXIN_BLIND_INDEX_KEY" in wrong.stderr
        assert "another-key" not in wrong.stderr
        assert read_all(connect) == changed, "a refused restore leaves the database as it was"

        forced = liangxin("restore", str(archive), "--force", database_url=url)
        assert forced.returncode == 0, forced.stderr
        assert read_all(connect) == backed_up


def test_the_archive_records_key_fingerprints_not_keys(transactional_db, tmp_path, settings):
    archive = tmp_path / "b.lxbackup"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = tar.extractfile(MANIFEST).read().decode()
        assert sorted(tar.getnames()) == sorted([MANIFEST, "database.sqlite3" if connection.vendor == "sqlite"
                                                 else "database.pgdump"])
    for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY, settings.AUDIT_KEY]:
        assert key not in manifest
        assert fingerprint(key) in manifest
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("change", ["FIELD_ENCRYPTION_KEYS", "AUDIT_KEY"])
def test_a_restore_under_other_keys_is_refused(transactional_db, tmp_path, settings, change):
    archive = tmp_path / "b.lxbackup"
    call_command("backup", str(archive))
    setattr(settings, change, ["bmV3LWtleQ=="] if change == "FIELD_ENCRYPTION_KEYS" else "new-audit-key")
    with pytest.raises(CommandError, match="密钥与备份不符.*LIANGXIN_(FIELD_KEYS|AUDIT_KEY)"):
        call_command("restore", str(archive), "--force")


def test_a_rotated_field_key_still_restores_the_backup_made_before(transactional_db, tmp_path, settings):
    archive = tmp_path / "b.lxbackup"
    call_command("backup", str(archive))
    settings.FIELD_ENCRYPTION_KEYS = ["bmV3LWtleQ==", *settings.FIELD_ENCRYPTION_KEYS]
    check_keys(read_manifest(archive)["keys"])  # no exception: the backup's key is still configured


def test_a_file_that_is_not_a_backup_is_refused_clearly(db, tmp_path):
    junk = tmp_path / "junk.lxbackup"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="不是 liangxin backup 生成的备份文件"):
        call_command("restore", str(junk))
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "missing.lxbackup"))


def test_a_backup_inside_a_transaction_is_refused_instead_of_waiting(db, tmp_path):
    with pytest.raises(CommandError, match="不能在数据库事务中备份"):
        call_command("backup", str(tmp_path / "b.lxbackup"))
