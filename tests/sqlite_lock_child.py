"""Run by test_ledger_dry_run_lock in a process of its own, on a real SQLite file
(DATABASE_URL): a dry-run import is paused mid-way, inside its transaction, while a login and
an API write are made from another thread. Prints what happened as JSON. Not a test module."""

from __future__ import annotations

import json
import sys
import threading
import time

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the test database's users were saved

from django.test import Client  # noqa: E402

from liangxin.accounts.models import User  # noqa: E402
from liangxin.ledger.importing import run_import  # noqa: E402
from liangxin.organizations.models import Organization  # noqa: E402
from tests.identity import pass_second_factor  # noqa: E402


def main(path: str, username: str, password: str, region: int) -> dict:
    user = User.objects.get(username=username)
    paused, resume = threading.Event(), threading.Event()
    outcome: dict = {}

    def progress(done, total, phase):
        if not paused.is_set():
            paused.set()
            resume.wait(60)  # the import holds whatever it holds until the others are done

    def dry_run():
        try:
            result = run_import(path, "lock.xlsx", "ledger", user, dry_run=True, progress=progress)
            outcome["import"] = {"rows": result.total_rows, "errors": result.error_count, "saved": result.saved}
        except Exception as error:  # noqa: BLE001 — reported to the test
            outcome["import"] = {"error": repr(error)}
            paused.set()

    before = Organization.objects.count()
    worker = threading.Thread(target=dry_run)
    worker.start()
    paused.wait(120)
    started = time.monotonic()
    client = Client(raise_request_exception=False)
    login = client.post("/accounts/login/", {"username": username, "password": password})
    outcome["login"] = login.status_code
    if login.status_code == 302:
        pass_second_factor(client, username)  # an administrator's session needs the code too (its writes included)
    created = client.post("/api/organizations/", {"name": "预览期间新建企业", "region": region},
                          content_type="application/json")
    outcome["api"] = created.status_code
    outcome["seconds"] = time.monotonic() - started
    outcome["import_running"] = worker.is_alive()
    resume.set()
    worker.join()
    outcome["added"] = Organization.objects.count() - before
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
