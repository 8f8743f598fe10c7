"""A dry-run import (the CLI's --dry-run, the web preview) takes no write lock on SQLite: while
one is paused half-way, inside its transaction, a login and an API write on the same database
file succeed at once (issue 11: before, they waited for the whole import and failed with
"database is locked" past the 20 s busy timeout)."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import PASSWORD
from tests.ledger_files import ledger_row, write_xlsx

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-wide write lock")


def test_a_login_and_an_api_write_succeed_while_a_dry_run_is_half_way(transactional_world, tmp_path):
    database = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)  # the migrated test database with the committed world, as a real file
    target.close()
    path = write_xlsx(tmp_path / "lock.xlsx", [ledger_row(n) for n in range(1, 5001)])
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "liangxin.settings",
           "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "sqlite_lock_child.py"), str(path), "admin", PASSWORD,
         str(transactional_world.grid1.pk)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    assert outcome["import_running"], outcome  # the others ran while the dry run was paused inside its transaction
    assert outcome["login"] == 302, outcome
    assert outcome["api"] == 201, outcome
    assert outcome["seconds"] < 10, outcome  # not after a wait for a lock (the busy timeout is 20 s)
    assert outcome["import"] == {"rows": 5000, "errors": 0, "saved": False}, outcome
    assert outcome["added"] == 1, outcome  # the API's organization; none of the dry run's 5,000


def test_a_dry_run_in_its_copy_reports_what_the_confirm_does_and_leaves_no_trace(transactional_world, tmp_path):
    from liangxin.audit.models import ChangeLog
    from liangxin.ledger.importing import run_import
    from liangxin.organizations.models import Organization
    from liangxin.partyorgs.models import PartyOrg

    joint = {"是否建立党组织": "是", "党组织名称": "测试联合党支部"}
    rows = [ledger_row(1, **joint), ledger_row(2, **joint), ledger_row(3)]
    bad = write_xlsx(tmp_path / "bad.xlsx", [*rows, ledger_row(4, 统一社会信用代码=rows[0]["统一社会信用代码"])])
    good = write_xlsx(tmp_path / "good.xlsx", rows)
    before = (Organization.objects.count(), PartyOrg.objects.count(), ChangeLog.objects.count())
    copies = set(Path(tempfile.gettempdir()).glob("liangxin-dry-run-*"))

    refused = run_import(bad, "bad.xlsx", "ledger", transactional_world.admin, dry_run=True)
    assert [(e.row, e.column) for e in refused.errors] == [(7, "统一社会信用代码")]  # row 4 repeats row 1's code
    checked = run_import(good, "good.xlsx", "ledger", transactional_world.admin, dry_run=True)
    assert checked.ok and not checked.saved
    assert (Organization.objects.count(), PartyOrg.objects.count(), ChangeLog.objects.count()) == before
    assert set(Path(tempfile.gettempdir()).glob("liangxin-dry-run-*")) == copies  # the copy is deleted

    imported = run_import(good, "good.xlsx", "ledger", transactional_world.admin)
    assert imported.saved and imported.counts == checked.counts
    assert checked.counts == {"组织新增": 3, "党组织新增": 1}
