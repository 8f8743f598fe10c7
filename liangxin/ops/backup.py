"""Backups in one archive file: a tar holding `manifest.json` (format, engine, time, the dump's
SHA-256 and the fingerprints of the keys in force) and the database dump itself, taken by the
engine's own tool: SQLite's online backup API (a consistent copy while the site runs, never a
copy of the file) or `pg_dump --format=custom`.

Restoring checks the fingerprints first: data restored under other keys could not be decrypted
(field keys), searched (blind-index key) or verified (change-log key), so such a restore is
refused before anything is touched. A fingerprint is a hash of one key, never the key.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Filled by `migrate` itself: a database holding only these rows has no data of its own.
SCHEMA_ONLY_TABLES = {"django_content_type", "auth_permission"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator, in Chinese."""


def fingerprint(key: str) -> str:
    return hashlib.sha256(b"liangxin key fingerprint\0" + key.encode()).hexdigest()[:16]


def key_fingerprints() -> dict:
    return {
        "field_keys": [fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
        "blind_index_key": fingerprint(settings.BLIND_INDEX_KEY),
        "audit_key": fingerprint(settings.AUDIT_KEY),
    }


def check_keys(recorded: dict) -> None:
    """Refuse unless every key the backup's data was written under is configured now. Field keys
    may have gained a newer one since (rotation): the backup's must all still be there."""
    current = key_fingerprints()
    problems = []
    if not set(recorded["field_keys"]) <= set(current["field_keys"]):
        problems.append("LIANGXIN_FIELD_KEYS 缺少备份时的字段密钥（恢复后个人信息无法解密）")
    if recorded["blind_index_key"] != current["blind_index_key"]:
        problems.append("LIANGXIN_BLIND_INDEX_KEY 与备份时不同（身份证号查找和唯一性校验将失效）")
    if recorded["audit_key"] != current["audit_key"]:
        problems.append("LIANGXIN_AUDIT_KEY 与备份时不同（变更日志的哈希链将无法校验）")
    if problems:
        raise BackupError(
            "密钥与备份不符，已拒绝恢复，数据库未改动：" + "；".join(problems)
            + "。请载入备份时使用的环境变量文件（liangxin genkeys 生成的那份）后再恢复。"
        )


def _vendor(using: str) -> str:
    if connections[using].in_atomic_block:
        # SQLite's backup API would wait for ever on the connection's own write lock.
        raise BackupError("不能在数据库事务中备份或恢复：请单独运行 liangxin backup / restore。")
    vendor = connections[using].vendor
    if vendor not in DUMPS:
        raise BackupError(f"不支持备份 {vendor} 数据库：只支持 SQLite 和 PostgreSQL。")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive to `path` (through a temporary file beside it, renamed at the end, so a
    failed backup never leaves a half-written archive under the final name). Returns the manifest."""
    path = Path(path).resolve()
    vendor = _vendor(using)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".liangxin-backup-") as tmp:
        dump = Path(tmp) / DUMPS[vendor]
        if vendor == "sqlite":
            _sqlite_backup(using, dump)
        else:
            _pg_dump(using, dump)
        manifest = {
            "format": FORMAT,
            "engine": vendor,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "dump": dump.name,
            "sha256": _sha256(dump),
            "keys": key_fingerprints(),
        }
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        archive = Path(tmp) / "archive.tar"
        with tarfile.open(archive, "w") as tar:
            tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
        archive.chmod(0o600)  # personal data, even encrypted, is not for every user of the host
        os.replace(archive, path)
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except FileNotFoundError:
        raise BackupError(f"备份文件 {path} 不存在。") from None
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("engine") not in DUMPS:
        raise BackupError(f"{path} 不是 liangxin backup 生成的备份文件（或已损坏）。")
    return manifest


def row_count(using: str = DEFAULT_DB_ALIAS) -> int:
    """Rows in the tables of every model, the ones `migrate` fills aside: 0 for a new database."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    total = 0
    with connection.cursor() as cursor:
        for table in sorted((tables & existing) - SCHEMA_ONLY_TABLES):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            total += cursor.fetchone()[0]
    return total


def restore(path: Path, using: str = DEFAULT_DB_ALIAS, force: bool = False) -> dict:
    """Replace the database's content by the archive's. Every check (archive, engine, keys,
    checksum, an empty database or `force`) comes before the first write. Returns the manifest."""
    path = Path(path).resolve()
    manifest = read_manifest(path)
    vendor = _vendor(using)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"备份来自 {ENGINES[manifest['engine']]}，当前数据库是 {ENGINES[vendor]}：请恢复到同一种数据库（DATABASE_URL）。"
        )
    check_keys(manifest["keys"])
    if not force and (rows := row_count(using)):
        raise BackupError(f"当前数据库不是空的（已有 {rows} 行数据），恢复会覆盖全部现有数据：确认无误后加 --force 重试。")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".liangxin-restore-") as tmp:
        dump = Path(tmp) / DUMPS[vendor]
        with tarfile.open(path, "r:") as tar, dump.open("wb") as out:
            member = tar.extractfile(manifest["dump"])
            if member is None:
                raise BackupError(f"{path} 缺少数据库转储，文件已损坏。")
            shutil.copyfileobj(member, out)
        if _sha256(dump) != manifest["sha256"]:
            raise BackupError(f"{path} 的校验和不符，文件已损坏，未恢复。")
        if vendor == "sqlite":
            _sqlite_restore(dump, using)
        else:
            _pg_restore(dump, using)
    return manifest


def _sqlite_backup(using: str, dump: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(dump: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_args(using: str) -> tuple[list[str], dict[str, str]]:
    params = connections[using].settings_dict
    args = ["--dbname", params["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            args += [flag, str(params[key])]
    env = {**os.environ, "PGPASSWORD": params["PASSWORD"]} if params.get("PASSWORD") else dict(os.environ)
    return args, env


def _pg_tool(name: str, using: str) -> str:
    """The client tool, refused when older than the server (an older pg_dump cannot read a newer
    server's catalog; an older pg_restore cannot read a newer dump)."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。")
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    client = int(re.search(r"\)\s*(\d+)", output).group(1))  # "pg_dump (PostgreSQL) 15.20 (Debian …)"
    connection = connections[using]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client < server:
        raise BackupError(f"{name} 的版本 {client} 低于数据库服务器的 {server}：请安装 postgresql-client-{server}。")
    return tool


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()}")


def _pg_dump(using: str, dump: Path) -> None:
    tool = _pg_tool("pg_dump", using)
    args, env = _pg_args(using)
    _run([tool, "--format=custom", "--file", str(dump), *args], env, "pg_dump ")


def _pg_restore(dump: Path, using: str) -> None:
    tool = _pg_tool("pg_restore", using)
    args, env = _pg_args(using)
    # Our own connection holds no lock while pg_restore drops and recreates the tables.
    connections[using].close()
    # One transaction: a restore that fails half-way leaves the database as it was. Owners and
    # grants of the source are not replayed, so a backup restores under another role too.
    _run([tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
          *args, str(dump)], env, "pg_restore ")
