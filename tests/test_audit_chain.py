"""Tamper evidence of the change log: the hash chain sealed after commit, `liangxin audit-verify`,
the PostgreSQL trigger, and `liangxin audit-archive` with its retention and signed files.

Tests run inside a transaction that is never committed, so the on-commit seal does not run:
`sealed()` seals as it would have (the tests with real commits check that it does)."""

import datetime
import json
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liangxin.audit import chain
from liangxin.audit.integrity import ArchiveRefused, archive, verify_archive
from liangxin.audit.log import record
from liangxin.audit.models import ArchiveAnchor, ChangeLog
from liangxin.ledger.importing import run_import
from tests.ledger_files import ledger_row, write_xlsx
from tests.test_personas import form_payload, url

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger and the advisory lock are PostgreSQL's")


def verify() -> str:
    """`liangxin audit-verify`'s output; CommandError (a non-zero exit) on a break."""
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue().strip()


@contextmanager
def trigger_disabled():
    """Tampering as a database superuser would: on PostgreSQL with triggers off for the
    transaction (session_replication_role, undone with the test's transaction)."""
    if connection.vendor == "postgresql":
        raw("SET LOCAL session_replication_role = replica")
    yield
    if connection.vendor == "postgresql":
        raw("SET LOCAL session_replication_role = origin")


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def sealed() -> None:
    chain.seal_pending(ChangeLog)


def content(row: ChangeLog) -> dict:
    return {name: getattr(row, name) for name in chain.CONTENT_FIELDS}


def some_events(world, login) -> list[ChangeLog]:
    Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    client = login(world.admin)
    form = client.get(url("organization", "edit", world.org1)).context["form"]
    client.post(url("organization", "edit", world.org1), form_payload(form, name="东方电子改名公司"))
    client.post(reverse("members:member_reveal_id_number", args=[world.member1.pk]))
    sealed()
    return list(ChangeLog.objects.order_by("pk"))


@contextmanager
def clock(moment: datetime.datetime, monkeypatch):
    """Rows written at another time (the log stamps rows with timezone.now())."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


# --- the chain --------------------------------------------------------------------------------------

def test_it_chains_every_row_and_verifies_the_whole_log(world, login):
    rows = some_events(world, login)
    assert len(rows) == 4 and all(len(row.chain_hash) == 64 for row in rows)
    assert [row.seq for row in rows] == [1, 2, 3, 4]
    prev = chain.GENESIS
    for row in rows:
        assert row.row_mac == chain.mac_of(content(row), chain.row_hasher())
        assert row.chain_hash == chain.link_mac(prev, row.row_mac, chain.hasher(chain.key()))
        prev = row.chain_hash
    assert [row.time for row in rows] == sorted(row.time for row in rows)
    assert verify() == "审计日志完整，共 4 条"


def test_it_names_the_row_tampered_with(world, login):
    rows = some_events(world, login)
    target = rows[2]
    with trigger_disabled():
        raw("UPDATE audit_changelog SET detail = %s WHERE id = %s", ["改过的说明", target.pk])
    with pytest.raises(CommandError) as error:
        verify()
    when = f"{timezone.localtime(target.time):%Y-%m-%d %H:%M:%S}"
    assert str(error.value) == (f"审计日志在第 3 条处断裂：编号 {target.pk}，时间 {when}。"
                                "该条内容被改动，或它之前的记录被删除、插入或改动。")


def test_it_names_the_row_after_one_removed(world, login):
    rows = some_events(world, login)
    with trigger_disabled():
        raw("DELETE FROM audit_changelog WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match=f"第 2 条处断裂：编号 {rows[2].pk}，"):
        verify()


def test_it_finds_a_hash_written_without_the_key(world, login):
    rows = some_events(world, login)
    guessed = chain.hmac.new(b"a guessed key", digestmod="sha256")
    row_mac = chain.mac_of(content(rows[1]) | {"username": "someone"}, guessed)
    forged = chain.link_mac(rows[0].chain_hash, row_mac, guessed)
    with trigger_disabled():
        raw("UPDATE audit_changelog SET username = %s, row_mac = %s, chain_hash = %s WHERE id = %s",
            ["someone", row_mac, forged, rows[1].pk])
    with pytest.raises(CommandError, match=f"编号 {rows[1].pk}，"):
        verify()


def test_an_import_chains_its_bulk_rows_in_order(world, tmp_path):
    path = write_xlsx(tmp_path / "台账.xlsx", [ledger_row(n) for n in range(1, 41)])
    record(ChangeLog.Action.EXPORT, detail="导入前的一条")
    result = run_import(path, path.name, "ledger", world.street_user)
    assert result.saved and not result.errors
    rows = list(ChangeLog.objects.order_by("pk"))
    assert [row.action for row in rows] == ["export", *["create"] * 40, "import"]
    assert verify() == "审计日志完整，共 42 条"
    # A dry run's rows are rolled back with it: the chain goes on from the last saved row.
    run_import(path, path.name, "ledger", world.street_user, dry_run=True)
    record(ChangeLog.Action.EXPORT, detail="之后的一条")
    assert verify() == "审计日志完整，共 43 条"


# --- PostgreSQL: append-only, serialized appends -----------------------------------------------------

@on_postgresql
@pytest.mark.parametrize("statement", ["UPDATE audit_changelog SET detail = 'x'", "DELETE FROM audit_changelog",
                                       "UPDATE audit_archiveanchor SET rows = 0", "DELETE FROM audit_archiveanchor"])
def test_the_trigger_refuses_update_and_delete(world, login, statement):
    some_events(world, login)
    with pytest.raises(DatabaseError, match="变更日志只能追加，不可修改或删除"), transaction.atomic():
        raw(statement)
    assert ChangeLog.objects.count() == 4 and verify() == "审计日志完整，共 4 条"


@on_postgresql
def test_the_trigger_lets_only_the_archive_setting_delete(world, login):
    some_events(world, login)
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("SELECT set_config('liangxin.audit_archive', 'on', true)")
        raw("UPDATE audit_changelog SET detail = 'x'")  # updates stay refused even then
    with transaction.atomic():
        raw("SELECT set_config('liangxin.audit_archive', 'on', true)")
        raw("DELETE FROM audit_changelog WHERE id = (SELECT min(id) FROM audit_changelog)")
    assert ChangeLog.objects.count() == 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_do_not_fork_the_chain(transactional_world):
    """Eight threads append 25 rows each, each row in its own transaction: one chain."""
    errors = []

    def writer(n):
        try:
            for i in range(25):
                record(ChangeLog.Action.EXPORT, detail=f"写入者{n}·{i}")
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert verify() == "审计日志完整，共 200 条"
    assert len(set(ChangeLog.objects.values_list("chain_hash", flat=True))) == 200


# --- retention and archives --------------------------------------------------------------------------

def write_history(monkeypatch) -> dict[int, list[ChangeLog]]:
    """Rows 400, 300 and 0 days old, two of each."""
    now = timezone.now()
    written = {}
    for days in (400, 300, 0):
        with clock(now - datetime.timedelta(days=days), monkeypatch):
            written[days] = [record(ChangeLog.Action.EXPORT, detail=f"{days}天前的导出{i}") for i in range(2)]
    sealed()
    for row in (row for rows in written.values() for row in rows):
        row.refresh_from_db()
    return written


def test_it_refuses_to_archive_inside_the_retention(world, tmp_path, monkeypatch):
    write_history(monkeypatch)
    output = tmp_path / "audit.jsonl"
    too_late = timezone.localdate() - datetime.timedelta(days=179)
    with pytest.raises(CommandError) as error:
        call_command("audit_archive", before=too_late.isoformat(), output=str(output))
    limit = timezone.localdate() - datetime.timedelta(days=180)
    assert str(error.value) == (f"不能归档 {too_late:%Y-%m-%d} 之前的记录：变更日志至少保留 180 天（AUDIT_RETENTION_DAYS），"
                                f"今天最晚只能归档 {limit:%Y-%m-%d} 之前的记录。请把 --before 改为不晚于该日期。")
    assert not output.exists() and ChangeLog.objects.count() == 6
    with pytest.raises(CommandError, match="无法识别"):
        call_command("audit_archive", before="2026/01/31", output=str(output))


def test_archive_and_verify_round_trip(world, tmp_path, monkeypatch):
    written = write_history(monkeypatch)
    today = timezone.localdate()
    first = tmp_path / "2025.jsonl"
    call_command("audit_archive", before=(today - datetime.timedelta(days=350)).isoformat(), output=str(first))
    # The two oldest rows left the table for the file; the chain verifies from the anchor.
    remaining = list(ChangeLog.objects.order_by("pk"))
    assert [row.pk for row in remaining[:4]] == [row.pk for row in written[300] + written[0]]
    assert remaining[4].action == ChangeLog.Action.ARCHIVE and "2 条" in remaining[4].detail
    anchor = ArchiveAnchor.objects.get()
    assert (anchor.rows, anchor.first_id, anchor.last_id) == (2, written[400][0].pk, written[400][1].pk)
    assert anchor.last_hash == written[400][1].chain_hash
    assert verify().startswith("审计日志完整，共 5 条")
    verdict = verify_archive(first)
    assert verdict.ok and verdict.rows == 2 and verdict.message.startswith("归档文件完整：共 2 条")
    lines = first.read_text().splitlines()
    assert len(lines) == 5 and json.loads(lines[1])["detail"] == "400天前的导出0"
    # Archiving again continues from the first archive's anchor, into another file only.
    with pytest.raises(CommandError, match="归档文件已存在"):
        call_command("audit_archive", before=(today - datetime.timedelta(days=200)).isoformat(), output=str(first))
    second = tmp_path / "2026.jsonl"
    call_command("audit_archive", before=(today - datetime.timedelta(days=200)).isoformat(), output=str(second))
    assert json.loads(second.read_text().splitlines()[0])["prev_hash"] == anchor.last_hash
    assert verify_archive(second).ok and verify_archive(second).rows == 2
    assert verify().startswith("审计日志完整，共 4 条")
    out = StringIO()
    call_command("audit_verify", archive=str(first), stdout=out)
    assert out.getvalue().startswith("归档文件完整：共 2 条")


def test_it_finds_an_archive_file_changed(world, tmp_path, monkeypatch):
    written = write_history(monkeypatch)
    path = tmp_path / "audit.jsonl"
    archive(timezone.localdate() - datetime.timedelta(days=200), path)
    lines = path.read_text().splitlines(keepends=True)
    changed = tmp_path / "changed.jsonl"
    assert "300天前的导出0" in lines[3]
    changed.write_text("".join([*lines[:3], lines[3].replace("300天前的导出0", "300天前的导出9"), *lines[4:]]))
    with pytest.raises(CommandError, match=f"归档文件在第 3 条处断裂：编号 {written[300][0].pk}，"):
        call_command("audit_verify", archive=str(changed))
    summary = json.loads(lines[-2])
    resigned = tmp_path / "summary.jsonl"
    resigned.write_text("".join([*lines[:-2], json.dumps({**summary, "rows": 3}) + "\n", lines[-1]]))
    assert verify_archive(resigned).message == "归档文件签名不符：文件被改动，或不是用本系统的审计密钥签名的。"
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:-1]))
    assert not verify_archive(cut).ok
    assert not verify_archive(tmp_path / "missing.jsonl").ok


def test_a_forged_anchor_is_found(world, tmp_path, monkeypatch):
    write_history(monkeypatch)
    archive(timezone.localdate() - datetime.timedelta(days=350), tmp_path / "audit.jsonl")
    anchor = ArchiveAnchor.objects.get()
    with trigger_disabled():
        raw("UPDATE audit_archiveanchor SET last_id = %s WHERE id = %s", [anchor.last_id + 2, anchor.pk])
    with pytest.raises(CommandError, match="锚点被改动或伪造"):
        verify()


def test_nothing_to_archive_writes_no_file(world, tmp_path):
    record(ChangeLog.Action.EXPORT, detail="今天的")
    assert archive(timezone.localdate() - datetime.timedelta(days=180), tmp_path / "none.jsonl") is None
    assert not (tmp_path / "none.jsonl").exists() and not list(tmp_path.iterdir())


def test_it_refuses_to_archive_a_broken_chain(world, tmp_path, monkeypatch):
    written = write_history(monkeypatch)
    with trigger_disabled():
        raw("UPDATE audit_changelog SET detail = 'x' WHERE id = %s", [written[400][1].pk])
    with pytest.raises(ArchiveRefused, match=f"编号 {written[400][1].pk}，.*断裂的日志不能归档"):
        archive(timezone.localdate() - datetime.timedelta(days=200), tmp_path / "audit.jsonl")
    assert not list(tmp_path.iterdir()) and ChangeLog.objects.count() == 6


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_open_transaction_with_log_rows_does_not_block_another_writer(transactional_world):
    """An import that has written log rows and has not committed yet (here: held open) must
    not make a login wait: the chain's lock is only taken to seal committed rows, briefly."""
    written, release, done, errors = threading.Event(), threading.Event(), threading.Event(), []

    def long_writer():
        try:
            with transaction.atomic():
                record(ChangeLog.Action.IMPORT, detail="长事务里的一条")
                written.set()
                release.wait(10)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    def login():
        try:
            record(ChangeLog.Action.LOGIN, detail="长事务进行中登录")
            done.set()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=long_writer)
    holder.start()
    assert written.wait(5)
    other = threading.Thread(target=login)
    other.start()
    blocked = not done.wait(3)
    release.set()
    holder.join()
    other.join()
    assert errors == [] and not blocked, "a log write waited for another transaction to commit"
    # The chain's order is the order of commits: the login, written second, was sealed first.
    assert list(ChangeLog.objects.order_by("seq").values_list("action", flat=True)) == ["login", "import"]
    assert list(ChangeLog.objects.order_by("pk").values_list("action", flat=True)) == ["import", "login"]
    assert verify() == "审计日志完整，共 2 条"


# --- sealing after commit ----------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_rows_are_sealed_when_their_transaction_commits(transactional_world, tmp_path):
    with transaction.atomic():
        record(ChangeLog.Action.EXPORT, detail="事务中")
        record(ChangeLog.Action.EXPORT, detail="同一事务")
        assert list(ChangeLog.objects.values_list("seq", "chain_hash")) == [(None, None)] * 2
    assert list(ChangeLog.objects.order_by("pk").values_list("seq", flat=True)) == [1, 2]
    record(ChangeLog.Action.LOGIN, detail="事务外：写入即封存")
    assert ChangeLog.objects.get(action="login").seq == 3
    # An import's rows, written in bulk (COPY on PostgreSQL), are sealed at its commit.
    path = write_xlsx(tmp_path / "台账.xlsx", [ledger_row(n) for n in range(1, 31)])
    result = run_import(path, path.name, "ledger", transactional_world.street_user)
    assert result.saved and not result.errors
    assert not ChangeLog.objects.filter(seq__isnull=True).exists()
    assert list(ChangeLog.objects.order_by("seq").values_list("pk", flat=True)) == list(ChangeLog.objects.order_by("pk").values_list("pk", flat=True))
    assert verify() == f"审计日志完整，共 {ChangeLog.objects.count()} 条"


@pytest.mark.django_db(transaction=True)
def test_rolled_back_rows_never_enter_the_chain(transactional_world):
    def rolled_back(detail: str) -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            record(ChangeLog.Action.EXPORT, detail=detail)
            raise RuntimeError(detail)

    record(ChangeLog.Action.EXPORT, detail="之前")
    rolled_back("回滚的")
    with transaction.atomic():
        # The seal registered by the savepoint goes with it; the row after registers its own.
        rolled_back("回滚到保存点的")
        record(ChangeLog.Action.EXPORT, detail="保留的")
    assert list(ChangeLog.objects.order_by("seq").values_list("detail", "seq")) == [("之前", 1), ("保留的", 2)]
    assert verify() == "审计日志完整，共 2 条"


def test_a_row_changed_before_its_seal_fails_its_row_mac(world):
    rows = [record(ChangeLog.Action.EXPORT, detail=f"第{i}条") for i in range(3)]
    with trigger_disabled():
        raw("UPDATE audit_changelog SET detail = %s WHERE id = %s", ["改过的", rows[1].pk])
    with pytest.raises(CommandError, match=f"第 2 条处断裂：编号 {rows[1].pk}，"):
        verify()


def test_a_forged_seal_on_an_unsealed_row_is_found(world):
    """The trigger lets any unsealed row be sealed once (that is what the seal does): a seal
    written without the key breaks the chain there."""
    rows = [record(ChangeLog.Action.EXPORT, detail=f"第{i}条") for i in range(3)]
    raw("UPDATE audit_changelog SET seq = 1, chain_hash = %s WHERE id = %s", ["0" * 64, rows[2].pk])
    with pytest.raises(CommandError, match=f"第 1 条处断裂：编号 {rows[2].pk}，"):
        verify()


def test_a_row_inserted_without_a_row_mac_is_never_sealed_and_reported(world):
    record(ChangeLog.Action.EXPORT, detail="正常的")
    ChangeLog.objects.bulk_create([ChangeLog(action=ChangeLog.Action.LOGIN, username="someone", detail="绕过应用写入",
                                             time=timezone.now() - datetime.timedelta(minutes=10))])
    assert verify() == ("审计日志完整，共 1 条。注意：另有 1 条记录写入已超过 5 分钟仍未封存（不在哈希链中）："
                        "可能有事务长时间未提交，或有记录不是由本系统写入的（没有内容校验值）。"
                        "请运行 liangxin audit-seal 后再校验，仍未封存的记录请查明来源")
    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert out.getvalue().strip() == "已封存 0 条变更日志。"
    assert ChangeLog.objects.get(username="someone").seq is None


@on_postgresql
@pytest.mark.parametrize("statement", [
    "UPDATE audit_changelog SET seq = seq + 100, chain_hash = %s",  # sealed again
    "UPDATE audit_changelog SET seq = 100, chain_hash = %s, detail = 'x' WHERE seq IS NULL",  # more than the seal
    "UPDATE audit_changelog SET row_mac = %s WHERE seq IS NULL",  # not a seal
])
def test_the_trigger_lets_an_update_through_only_as_a_seal(world, statement):
    record(ChangeLog.Action.EXPORT, detail="已封存")
    sealed()
    record(ChangeLog.Action.EXPORT, detail="未封存")
    with pytest.raises(DatabaseError, match="变更日志只能追加，不可修改或删除"), transaction.atomic():
        raw(statement, ["f" * 64])
    assert verify() == "审计日志完整，共 2 条"
