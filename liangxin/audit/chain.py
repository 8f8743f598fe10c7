"""Tamper evidence for the change log: a keyed hash chain, sealed after the writer commits.

A writer inserts its rows *unsealed*, with no lock: each row carries `row_mac`, an HMAC of its
canonical content under a key derived from the audit key, and no chain position. Right after
the writer's transaction commits (`transaction.on_commit`), `seal_pending()` chains every
committed unsealed row, in id order, in short transactions of its own under the chain's lock
(on PostgreSQL a transaction-level advisory lock; on SQLite the IMMEDIATE transaction already
holds the database's write lock): each gets `seq`, its position, and
`chain_hash = HMAC-SHA256(key, previous row's chain_hash ‖ row_mac)`. The chain's order is
`seq`, the order in which rows were sealed, not the order of their ids: a long import no longer
holds the lock while it runs, so no other writer (a login) ever waits for it.

Rows sealed before this scheme (row_mac empty) chain their content directly:
`HMAC-SHA256(key, previous chain_hash ‖ canonical JSON of the row)`. `check` accepts both.
Changing, removing or inserting a sealed row breaks the chain at that row or the next; a row
changed before it was sealed fails its row_mac; a row inserted behind the application's back
has no valid row_mac (no one without the key, `settings.AUDIT_KEY`, can compute one) and
either breaks the chain once sealed or is never sealed (no row_mac at all), which
`audit-verify` reports. The first row's predecessor is the empty string, or, once older rows
have been archived, the hash of the last archived row (kept signed in `ArchiveAnchor`).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

GENESIS = ""  # the predecessor of the first row ever written
# What a row's row_mac covers: every column but its id and the seal's columns (the chain
# fixes the order). Ids are left out so that a batch is stamped before the database numbers it.
CONTENT_FIELDS = (
    "time", "user_id", "username", "ip", "request_id", "action", "content_type_id", "object_id",
    "object_repr", "region_path", "before", "after", "detail",
)
# pg_advisory_xact_lock's key for chain appends: any fixed 64-bit number no other lock uses.
CHAIN_LOCK = int.from_bytes(hashlib.sha256(b"liangxin.audit.chain").digest()[:8], "big", signed=True)
# Rows sealed per transaction: bounds how long the lock is held (well under a second on a
# loaded machine), whatever the number of rows a writer committed at once.
SEAL_BATCH = 2000
SEAL_STATEMENT_ROWS = 1000  # rows per UPDATE: 3 parameters each, within SQLite's limit


def key() -> bytes:
    key = cast(str, settings.AUDIT_KEY)  # always set: settings.py derives one in dev, requires it in production
    return key.encode()


def _derived(purpose: bytes) -> hmac.HMAC:
    return hmac.new(hmac.new(key(), purpose, hashlib.sha256).digest(), digestmod=hashlib.sha256)


def signer() -> hmac.HMAC:
    """An HMAC for signing archive files and anchors, under a key of its own derived from the
    audit key (a signature can never pass for a row's hash, nor the reverse)."""
    return _derived(b"liangxin.audit.signature")


def row_hasher() -> hmac.HMAC:
    """The HMAC of a row's content (its row_mac), under a key of its own derived from the
    audit key: a row_mac never passes for a chain hash, nor the reverse."""
    return _derived(b"liangxin.audit.row")


def sign(data: bytes) -> str:
    mac = signer()
    mac.update(data)
    return mac.hexdigest()


def signature_ok(data: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(data), signature or "")


# Built once: json.dumps with options builds an encoder per call (a sixth of its time here).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value) -> bytes:
    return _ENCODER.encode(value).encode()


def canonical(values: dict) -> bytes:
    """The row's content as the hash sees it: sorted keys, no spaces, UTF-8, the time in UTC
    to the microsecond and the request id as text, so the same row read back from either
    database gives the same bytes. Snapshot values are strings, integers, booleans and None
    (`audit_snapshot` turns anything else but floats into a string; no model has a float
    field), which both databases keep as they are. A float would not be safe: jsonb gives 1e16
    back as the integer 10000000000000000. An archive file holds rows in this form already
    (times and ids as text)."""
    content = dict(values)
    time = content["time"]
    if isinstance(time, datetime.datetime):
        content["time"] = time.astimezone(datetime.UTC).isoformat()
    if content["request_id"] is not None:
        content["request_id"] = str(content["request_id"])
    return canonical_json(content)


def hasher(secret: bytes) -> hmac.HMAC:
    """The keyed HMAC every row's hash starts from (copied per row: the key is set up once)."""
    return hmac.new(secret, digestmod=hashlib.sha256)


def link(prev: str, values: dict, secret: bytes | hmac.HMAC) -> str:
    """The hash of a row sealed before row_macs existed, with this content, following a row
    whose hash is `prev`."""
    mac = (secret if isinstance(secret, hmac.HMAC) else hasher(secret)).copy()
    mac.update(prev.encode())
    mac.update(canonical(values))
    return mac.hexdigest()


def mac_of(values: dict, rows: hmac.HMAC) -> str:
    """A row's row_mac (`rows`: `row_hasher()`, copied per row)."""
    mac = rows.copy()
    mac.update(canonical(values))
    return mac.hexdigest()


def link_mac(prev: str, row_mac: str, mac: hmac.HMAC) -> str:
    """The hash of a row whose row_mac is `row_mac`, following a row whose hash is `prev`
    (`mac`: `hasher(key())`, copied per row)."""
    mac = mac.copy()
    mac.update(prev.encode())
    mac.update(row_mac.encode())
    return mac.hexdigest()


def _connection(model):
    return connections[router.db_for_write(model)]


def lock(model) -> None:
    """Take the chain's lock for the rest of the current transaction."""
    connection = _connection(model)
    if not connection.in_atomic_block:
        # Outside a transaction the lock would end with the statement, and two sealers could
        # read the same last hash: a forked chain.
        raise RuntimeError("audit chain seals must run inside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def last_sealed(model) -> tuple[int, str]:
    """The position and hash the next sealed row chains onto: the last sealed row's, else 0
    and where the chain resumes after the last archive (the model's `resume_hash`)."""
    last = model._base_manager.filter(seq__isnull=False).order_by("-seq").values_list("seq", "chain_hash").first()
    return last if last is not None else (0, model.resume_hash())


def stamp(entries: list) -> list:
    """Stamp new, unsaved log rows with the time (one for the batch) and their row_macs, and
    have them sealed once the caller's transaction commits. No lock: the caller inserts them
    in its own transaction (`ChangeLog.save`, the ledger's COPY of an import's rows)."""
    if not entries:
        return entries
    now, rows = timezone.now(), row_hasher()
    time = now.astimezone(datetime.UTC).isoformat()  # the batch's one time, as canonical() writes it
    for entry in entries:
        entry.time = now
        values = {name: getattr(entry, name) for name in CONTENT_FIELDS}
        values["time"] = time
        entry.row_mac = mac_of(values, rows)
    seal_after_commit(type(entries[0]))
    return entries


def seal_after_commit(model) -> None:
    """Seal the committed rows when the current transaction commits (at once outside one),
    once per transaction however many batches it wrote. Robust: the writer's data is
    committed by then; should sealing fail, the next seal (any later write, `audit-seal`,
    `audit-verify`) takes these rows too."""
    connection = _connection(model)
    # One already registered here or in an enclosing savepoint runs whenever this one would.
    level = set(connection.savepoint_ids)
    if any(getattr(func, "seals", None) is model and sids <= level for sids, func, _ in connection.run_on_commit):
        return

    def seal() -> None:
        seal_pending(model)

    seal.seals = model  # type: ignore[attr-defined]  # marks the callback as this model's seal (see above)
    transaction.on_commit(seal, using=connection.alias, robust=True)


def seal_pending(model) -> int:
    """Chain every committed unsealed row that has a row_mac, in id order, SEAL_BATCH rows per
    short transaction under the chain's lock; how many rows were sealed. Rows of transactions
    still open are not visible, and are sealed after theirs commits."""
    sealed, alias = 0, router.db_for_write(model)
    base = model._base_manager.using(alias)
    mac = hasher(key())
    while True:
        with transaction.atomic(using=alias):
            lock(model)
            seq, prev = last_sealed(model)
            batch = list(base.filter(seq__isnull=True).exclude(row_mac="").order_by("pk")
                         .values_list("pk", "row_mac")[:SEAL_BATCH])
            rows = []
            for pk, row_mac in batch:
                seq += 1
                prev = link_mac(prev, row_mac, mac)
                rows.append((pk, seq, prev))
            _write_seals(model, connections[alias], rows)
        sealed += len(rows)
        if len(rows) < SEAL_BATCH:
            return sealed


def _write_seals(model, connection, rows: list[tuple[int, int, str]]) -> None:
    """Set (id, seq, chain_hash) on the rows: one UPDATE joined to a VALUES list per
    SEAL_STATEMENT_ROWS rows (bulk_update's CASE per column grows with the square of the batch:
    as slow as the whole import it follows)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SEAL_STATEMENT_ROWS):
            part = rows[start:start + SEAL_STATEMENT_ROWS]
            # VALUES names its columns column1, column2, … on PostgreSQL and SQLite alike.
            cursor.execute(f"UPDATE {table} SET seq = v.column2, chain_hash = v.column3 "
                           f"FROM (VALUES {', '.join(['(%s, %s, %s)'] * len(part))}) AS v WHERE {table}.id = v.column1",
                           [value for row in part for value in row])


@dataclass
class Break:
    """The first row where the chain does not hold."""

    position: int  # 1-based among the rows walked
    row_id: int
    time: datetime.datetime | str | None


def check(rows: Iterable[tuple], prev: str, secret: bytes) -> tuple[int, str, Break | None]:
    """Walk rows given as (id, chain_hash, row_mac, *CONTENT_FIELDS) in chain order, one at a
    time (the caller streams them), from the hash `prev`: the number of rows walked, the last
    good hash, and the first row whose row_mac or hash does not hold (the walk stops there)."""
    count, mac, content_mac = 0, hasher(secret), row_hasher()
    for count, (row_id, stored, row_mac, *values) in enumerate(rows, 1):
        content = dict(zip(CONTENT_FIELDS, values, strict=True))
        if row_mac:
            good = hmac.compare_digest(row_mac, mac_of(content, content_mac)) and \
                hmac.compare_digest(stored or "", link_mac(prev, row_mac, mac))
        else:
            good = hmac.compare_digest(stored or "", link(prev, content, mac))
        if not good:
            return count, prev, Break(count, row_id, content["time"])
        prev = stored
    return count, prev, None
