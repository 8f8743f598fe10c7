"""Run by tests/test_worker.py in a process of its own, on the real database the worker uses
(DATABASE_URL) and the real task backend (the database): what a user does through the import
pages. Prints the job as JSON. Not a test module.

    worker_child.py upload FILE USERNAME     upload a ledger file: the preview is queued
    worker_child.py confirm|rerun PK USERNAME
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import django

django.setup()

from django.test import Client  # noqa: E402

from liangxin.accounts.models import User  # noqa: E402
from liangxin.ledger.models import ImportJob  # noqa: E402
from tests.identity import force_login_verified  # noqa: E402


def main(action: str, target: str, username: str) -> dict:
    client = Client(raise_request_exception=True)
    force_login_verified(client, User.objects.get(username=username))
    if action == "upload":
        with Path(target).open("rb") as handle:
            response = client.post("/ledger/import/", {"kind": "ledger", "file": handle})
        job = ImportJob.objects.latest("pk")
    else:
        job = ImportJob.objects.get(pk=int(target))
        response = client.post(f"/ledger/import/{job.pk}/{action}/")
        job.refresh_from_db()
    assert response.status_code == 302, response.status_code
    return {"pk": job.pk, "status": job.status, "stage": job.stage, "task_id": job.task_id}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
