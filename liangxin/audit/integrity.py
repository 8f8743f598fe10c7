"""Checking the change log's hash chain, and archiving its old rows to a signed file.

`verify_log` walks the sealed rows in chain order (`seq`), streamed (constant memory), from the
latest archive's anchor, and warns of rows left unsealed. `archive` moves the rows before a date (never inside the retention) to a
JSON-lines file signed with the audit key, then deletes them, leaving a signed anchor so the
chain still verifies. `verify_archive` checks such a file on its own.

An archive file, one JSON object per line:
    {"format": "liangxin-audit-archive", "version": 1, "before": DATE, "prev_hash": HASH}
    {"id": …, "chain_hash": …, "row_mac": …, "time": …, …}   one line per row, in chain order
    {"rows": N, "first_id": …, "last_id": …, "last_hash": HASH}
    {"signature": HMAC of every byte above}
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Min
from django.utils import timezone

from liangxin.audit import chain
from liangxin.audit.log import record
from liangxin.audit.models import ArchiveAnchor, ChangeLog

FORMAT = "liangxin-audit-archive"
ROW_FIELDS = ("pk", "chain_hash", "row_mac", *chain.CONTENT_FIELDS)
# A row still unsealed this long after it was written is reported: its transaction has been
# open that long, or sealing failed, or it was inserted without a row_mac (not by the application).
UNSEALED_GRACE = datetime.timedelta(minutes=5)


@dataclass
class Verdict:
    ok: bool
    rows: int
    message: str


class ArchiveRefused(Exception):
    """The archive was not made; the message (Chinese) says why and what to do."""


def _when(value) -> str:
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value is not None else "—"


def _broken(where: str, broken: chain.Break) -> str:
    return (f"{where}在第 {broken.position} 条处断裂：编号 {broken.row_id}，时间 {_when(broken.time)}。"
            "该条内容被改动，或它之前的记录被删除、插入或改动。")


def _latest_anchor() -> ArchiveAnchor | None:
    return ArchiveAnchor.objects.order_by("-pk").first()


def _unsealed_warning() -> str:
    late = ChangeLog._base_manager.filter(seq__isnull=True, time__lt=timezone.now() - UNSEALED_GRACE).count()
    if not late:
        return ""
    return (f"。注意：另有 {late} 条记录写入已超过 {UNSEALED_GRACE.seconds // 60} 分钟仍未封存（不在哈希链中）："
            "可能有事务长时间未提交，或有记录不是由本系统写入的（没有内容校验值）。请运行 liangxin audit-seal 后再校验，"
            "仍未封存的记录请查明来源")


def verify_log() -> Verdict:
    """Walk the whole chain; the first broken row, or how many rows hold (with a warning of
    rows left unsealed too long, which are not a break: they may belong to a transaction still
    open)."""
    secret = chain.key()
    while True:
        anchor = _latest_anchor()
        if anchor is not None and not anchor.signature_ok():
            return Verdict(False, 0, f"归档锚点（{anchor}）的签名不符：锚点被改动或伪造，无法确认其后的第一条记录。")
        rows = (ChangeLog._base_manager.filter(seq__isnull=False).order_by("seq")
                .values_list(*ROW_FIELDS).iterator(chunk_size=2000))
        count, _, broken = chain.check(rows, anchor.last_hash if anchor else chain.GENESIS, secret)
        if broken is None:
            archived = f"（{anchor.before:%Y-%m-%d} 之前的记录已归档，自归档锚点起校验）" if anchor else ""
            return Verdict(True, count, f"审计日志完整，共 {count} 条{archived}{_unsealed_warning()}")
        if _latest_anchor() == anchor:
            return Verdict(False, count, _broken("审计日志", broken))
        # An archive removed rows while we walked: walk again from its anchor.


def retention_limit(today: datetime.date | None = None) -> datetime.date:
    """The latest date `archive` accepts: rows younger than the retention stay."""
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _row_line(row: tuple) -> dict:
    pk, chain_hash, row_mac, *values = row
    content = json.loads(chain.canonical(dict(zip(chain.CONTENT_FIELDS, values, strict=True))))
    return {"id": pk, "chain_hash": chain_hash, "row_mac": row_mac, **content}


def _set_archiving(connection, on: bool) -> None:
    """The session setting the PostgreSQL trigger checks, for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('liangxin.audit_archive', %s, true)", ["on" if on else "off"])


def archive(before: datetime.date, output: Path, *, today: datetime.date | None = None) -> ArchiveAnchor | None:
    """Write the rows before `before` (local midnight) to `output`, signed, and delete them.
    None when there is nothing before that date."""
    limit = retention_limit(today)
    if before > limit:
        raise ArchiveRefused(
            f"不能归档 {before:%Y-%m-%d} 之前的记录：变更日志至少保留 {settings.AUDIT_RETENTION_DAYS} 天"
            f"（AUDIT_RETENTION_DAYS），今天最晚只能归档 {limit:%Y-%m-%d} 之前的记录。请把 --before 改为不晚于该日期。")
    if output.exists():
        raise ArchiveRefused(f"归档文件已存在：{output}。已有的归档不会被覆盖，请换一个文件名。")
    connection = connections[router.db_for_write(ChangeLog)]
    base = ChangeLog._base_manager
    part = output.with_name(output.name + ".part")
    chain.seal_pending(ChangeLog)  # rows left unsealed by a crash can be archived too
    with transaction.atomic(using=connection.alias):
        chain.lock(ChangeLog)  # no row is sealed while the cut is made
        # The cut: every sealed row before the first one, in chain order, at or after the date
        # (rows still unsealed are recent: they stay).
        sealed = base.filter(seq__isnull=False)
        first_kept = sealed.filter(time__gte=_start_of(before)).aggregate(first=Min("seq"))["first"]
        rows = sealed.filter(seq__lt=first_kept) if first_kept is not None else sealed
        previous = _latest_anchor()
        prev_hash = previous.last_hash if previous else chain.GENESIS
        mac, digest, span = chain.signer(), hashlib.sha256(), dict[str, Any]()
        try:
            with part.open("wb") as out:
                def write(obj: dict) -> None:
                    line = chain.canonical_json(obj) + b"\n"
                    mac.update(line)
                    digest.update(line)
                    out.write(line)

                def walked() -> Iterator[tuple]:
                    for row in rows.order_by("seq").values_list(*ROW_FIELDS).iterator(chunk_size=2000):
                        write(_row_line(row))
                        span.setdefault("first", row[0])
                        span["last"] = row[0]
                        yield row

                write({"format": FORMAT, "version": 1, "before": before.isoformat(), "prev_hash": prev_hash})
                count, last_hash, broken = chain.check(walked(), prev_hash, chain.key())
                first_id, last_id = span.get("first"), span.get("last")
                write({"rows": count, "first_id": first_id, "last_id": last_id, "last_hash": last_hash})
                out.write(chain.canonical_json({"signature": mac.hexdigest()}) + b"\n")
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        if broken is not None:
            part.unlink()
            raise ArchiveRefused(_broken("变更日志", broken) + "请先查明原因（liangxin audit-verify），断裂的日志不能归档。")
        if count == 0:
            part.unlink()
            return None
        os.replace(part, output)
        _set_archiving(connection, True)
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(ChangeLog._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE seq <= (SELECT seq FROM {table} WHERE id = %s)", [last_id])
        _set_archiving(connection, False)
        anchor = ArchiveAnchor(before=before, first_id=cast(int, first_id), last_id=cast(int, last_id), rows=count, last_hash=last_hash,
                               file_name=output.name, file_sha256=digest.hexdigest())
        anchor.sign()
        anchor.save()
        record(ChangeLog.Action.ARCHIVE, region_path="",
               detail=f"归档 {before:%Y-%m-%d} 之前的变更日志 {count} 条（编号 {first_id}–{last_id}）至 {output.name}，"
                      f"SHA-256 {anchor.file_sha256[:16]}…")
    return anchor


def verify_archive(path: Path) -> Verdict:
    """Check an archive file on its own: its signature, the chain of its rows from the hash it
    starts from, and its summary line. Read line by line."""
    mac, digest, secret = chain.signer(), hashlib.sha256(), chain.key()
    try:
        handle = path.open("rb")
    except OSError as error:
        return Verdict(False, 0, f"无法读取归档文件 {path}：{error.strerror}。")
    with handle:
        lines = iter(handle)
        header_line = next(lines, b"")
        try:
            header = json.loads(header_line)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return Verdict(False, 0, f"{path} 不是变更日志归档文件（第一行不是归档文件头）。")
        mac.update(header_line)
        digest.update(header_line)
        tail: list[bytes] = []  # the last two lines read: summary and signature

        def rows() -> Iterator[tuple]:
            for line in lines:
                tail.append(line)
                if len(tail) <= 2:
                    continue
                row_line = tail.pop(0)
                mac.update(row_line)
                digest.update(row_line)
                row = json.loads(row_line)
                yield (row.get("id"), row.get("chain_hash"), row.get("row_mac") or "",
                       *(row.get(name) for name in chain.CONTENT_FIELDS))

        try:
            count, last_hash, broken = chain.check(rows(), header.get("prev_hash") or chain.GENESIS, secret)
            if broken is not None:
                return Verdict(False, count, _broken("归档文件", broken))
            summary_line, signature_line = tail if len(tail) == 2 else (b"", b"")
            summary, signature = json.loads(summary_line or b"{}"), json.loads(signature_line or b"{}")
        except (ValueError, TypeError, AttributeError):
            return Verdict(False, 0, f"归档文件 {path} 有无法解析的行：文件被截断或改动。")
        mac.update(summary_line)
        digest.update(summary_line)
        if not hmac.compare_digest(mac.hexdigest(), str(signature.get("signature") or "")):
            return Verdict(False, count, "归档文件签名不符：文件被改动，或不是用本系统的审计密钥签名的。")
        if summary.get("rows") != count or summary.get("last_hash") != last_hash:
            return Verdict(False, count, f"归档文件的汇总行与内容不符：汇总 {summary.get('rows')} 条，实有 {count} 条。")
    anchor = ArchiveAnchor.objects.filter(file_sha256=digest.hexdigest()).first()
    known = f"；与 {timezone.localtime(anchor.created):%Y-%m-%d %H:%M} 的归档记录一致" if anchor else ""
    return Verdict(True, count, f"归档文件完整：共 {count} 条（编号 {summary.get('first_id')}–{summary.get('last_id')}，"
                                f"{header.get('before')} 之前）{known}")
