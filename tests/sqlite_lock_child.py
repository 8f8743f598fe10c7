"""Run by test_ledger_dry_run_lock in a process of its own, on a real SQLite file
(DATABASE_URL): an import (a dry run, or a confirm) is paused mid-way, after its first chunk of
rows, while a login and an API write (a POST of the given JSON) are made from another thread. Meanwhile a prober tries
SQLite's write lock (BEGIN IMMEDIATE, no waiting) every few milliseconds for the whole import,
and reports how long the lock was held at most in one stretch and in all. Prints what happened
as JSON. Not a test module."""

from __future__ import annotations

import json
import sys
import threading
import time

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the test database's users were saved

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.sqlite_lock import LockProbe  # noqa: E402
from liangxin.accounts.models import User  # noqa: E402
from liangxin.audit.integrity import verify_log  # noqa: E402
from liangxin.ledger.importing import run_import  # noqa: E402
from liangxin.organizations.models import Organization  # noqa: E402
from tests.identity import pass_second_factor  # noqa: E402


def main(path: str, username: str, password: str, mode: str, url: str, payload: dict) -> dict:
    user = User.objects.get(username=username)
    paused, resume = threading.Event(), threading.Event()
    outcome: dict = {}

    def progress(done, total, phase):
        if not paused.is_set():
            paused.set()
            resume.wait(60)  # the import holds whatever it holds until the others are done

    def importing():
        try:
            result = run_import(path, "lock.xlsx", "ledger", user, dry_run=mode == "dry-run", progress=progress)
            outcome["import"] = {"rows": result.total_rows, "errors": result.error_count, "saved": result.saved}
        except Exception as error:  # noqa: BLE001 — reported to the test
            outcome["import"] = {"error": repr(error)}
            paused.set()

    before = Organization.objects.count()
    probe = LockProbe(connection.settings_dict["NAME"])
    probe.start()
    started_import = time.monotonic()
    worker = threading.Thread(target=importing)
    worker.start()
    paused.wait(120)
    started = time.monotonic()
    client = Client(raise_request_exception=False)
    login = client.post("/accounts/login/", {"username": username, "password": password})
    outcome["login"] = login.status_code
    if login.status_code == 302:
        pass_second_factor(client, username)  # an administrator's session needs the code too (its writes included)
    created = client.post(url, payload, content_type="application/json")
    outcome["api"] = created.status_code
    outcome["seconds"] = time.monotonic() - started
    outcome["import_running"] = worker.is_alive()
    resume.set()
    worker.join()
    outcome["import_seconds"] = time.monotonic() - started_import
    probe.stop.set()
    probe.join()
    outcome["lock_longest"], outcome["lock_held"] = probe.longest, probe.held
    outcome["added"] = Organization.objects.count() - before
    outcome["log"] = verify_log().ok
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:6], json.loads(sys.argv[6]))))
