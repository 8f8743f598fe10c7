"""Tamper evidence for the change log: a keyed hash chain.

Each row carries `chain_hash = HMAC-SHA256(key, previous row's chain_hash ‖ canonical JSON of
the row's content)`, in the order of the rows' ids. Changing, removing or inserting a row
breaks the chain at that row or the next, and no one without the key (`settings.AUDIT_KEY`,
from the environment) can compute the hashes again. The first row's predecessor is the
empty string, or, once older rows have been archived, the hash of the last archived row
(kept signed in `ArchiveAnchor`).

Appends are serialized so that two writers never chain onto the same row: on PostgreSQL a
transaction-level advisory lock, held until the writer's transaction ends; on SQLite the
IMMEDIATE transaction already holds the database's write lock. Rows are stamped with their
time under that lock, so time never goes backwards along the chain.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

GENESIS = ""  # the predecessor of the first row ever written
# What a row's hash covers: every column but its id (the chain itself fixes the order) and
# the hash. Ids are left out so that a batch can be sealed before the database numbers it.
CONTENT_FIELDS = (
    "time", "user_id", "username", "ip", "request_id", "action", "content_type_id", "object_id",
    "object_repr", "region_path", "before", "after", "detail",
)
# pg_advisory_xact_lock's key for chain appends: any fixed 64-bit number no other lock uses.
CHAIN_LOCK = int.from_bytes(hashlib.sha256(b"liangxin.audit.chain").digest()[:8], "big", signed=True)


def key() -> bytes:
    return settings.AUDIT_KEY.encode()


def signer() -> hmac.HMAC:
    """An HMAC for signing archive files and anchors, under a key of its own derived from the
    audit key (a signature can never pass for a row's hash, nor the reverse)."""
    return hmac.new(hmac.new(key(), b"liangxin.audit.signature", hashlib.sha256).digest(), digestmod=hashlib.sha256)


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
    """The hash of a row with this content following a row whose hash is `prev`."""
    mac = (secret if isinstance(secret, hmac.HMAC) else hasher(secret)).copy()
    mac.update(prev.encode())
    mac.update(canonical(values))
    return mac.hexdigest()


def _connection(model):
    return connections[router.db_for_write(model)]


def lock(model) -> None:
    """Take the chain's append lock for the rest of the current transaction."""
    connection = _connection(model)
    if not connection.in_atomic_block:
        # Outside a transaction the lock would end with the statement, and two writers could
        # read the same last hash: a forked chain. Every writer goes through seal() in one.
        raise RuntimeError("audit chain appends must run inside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def last_hash(model) -> str:
    """The hash the next row chains onto: the last row's, else where the chain resumes after
    the last archive (the model's `resume_hash`)."""
    last = model._base_manager.order_by("-pk").values_list("chain_hash", flat=True).first()
    return last if last is not None else model.resume_hash()


def seal(entries: list) -> list:
    """Stamp new, unsaved log rows with the time and their chain hashes, in list order, under
    the append lock. The caller inserts them next, in this order and in the same transaction
    (`ChangeLog.save`, the ledger's COPY of an import's rows)."""
    if not entries:
        return entries
    model = type(entries[0])
    lock(model)
    prev, mac, now = last_hash(model), hasher(key()), timezone.now()
    stamp = now.astimezone(datetime.UTC).isoformat()  # the batch's one time, as canonical() writes it
    for entry in entries:
        entry.time = now
        values = {name: getattr(entry, name) for name in CONTENT_FIELDS}
        values["time"] = stamp
        entry.chain_hash = prev = link(prev, values, mac)
    return entries


@dataclass
class Break:
    """The first row where the chain does not hold."""

    position: int  # 1-based among the rows walked
    row_id: int
    time: datetime.datetime | str | None


def check(rows: Iterable[tuple], prev: str, secret: bytes) -> tuple[int, str, Break | None]:
    """Walk rows given as (id, chain_hash, *CONTENT_FIELDS) in id order, one at a time (the
    caller streams them), from the hash `prev`: the number of rows walked, the last good
    hash, and the first row whose hash does not follow (then the walk stops there)."""
    count, mac = 0, hasher(secret)
    for count, (row_id, stored, *values) in enumerate(rows, 1):
        content = dict(zip(CONTENT_FIELDS, values, strict=True))
        if not hmac.compare_digest(stored or "", link(prev, content, mac)):
            return count, prev, Break(count, row_id, content["time"])
        prev = stored
    return count, prev, None
