"""Production serving: gunicorn in production mode on a throwaway SQLite database, /healthz, the
JSON log lines with the request id, and the X-Request-ID header taken from the proxy."""

import datetime
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from liangxin.ops import health
from liangxin.ops.logs import JsonFormatter
from liangxin.ops.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def production_env(tmp_path: Path) -> dict[str, str]:
    out = io.StringIO()
    call_command("genkeys", stdout=out)
    keys = dict(line.split("=", 1) for line in out.getvalue().splitlines() if line and not line.startswith("#"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANGXIN_", "LIANXIN_", "DATABASE_URL"))}
    env.update(keys)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", LIANGXIN_STATIC_ROOT=str(tmp_path / "static"))
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict | None = None, tls: bool = True) -> tuple[int, dict, bytes]:
    """`tls`: as nginx forwards a request that came over HTTPS (X-Forwarded-Proto, which gunicorn
    takes from the proxy address it trusts); production redirects plain HTTP to HTTPS."""
    headers = {**({"X-Forwarded-Proto": "https"} if tls else {}), **(headers or {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_genkeys_prints_every_production_secret():
    out = io.StringIO()
    call_command("genkeys", stdout=out)
    names = {line.split("=")[0] for line in out.getvalue().splitlines() if line and not line.startswith("#")}
    assert names == {"LIANGXIN_ENV", "LIANGXIN_SECRET_KEY", "LIANGXIN_FIELD_KEYS", "LIANGXIN_BLIND_INDEX_KEY",
                     "LIANGXIN_AUDIT_KEY"}


def test_gunicorn_serves_the_site_in_production_mode(tmp_path):
    env = production_env(tmp_path)
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    port = free_port()
    env.update(PORT=str(port), WEB_CONCURRENCY="1")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:liangxin.ops.gunicorn", "liangxin.wsgi"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    worker = subprocess.Popen([*manage, "worker", "-v0"], env=env, cwd=ROOT)  # as `make serve` starts it beside
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while True:
            try:
                status, _, body = get(f"{base}/healthz")
                if status == 200 or time.monotonic() - started > 90:  # the worker beats once it has started
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() - started < 60, "gunicorn did not answer within 60 s"
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
        assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "worker_alive": "ok"}}
        assert status == 200

        sent = str(uuid.uuid4())
        status, headers, body = get(f"{base}/accounts/login/", {"X-Request-ID": sent})
        assert status == 200, server.terminate() or server.communicate()[0]
        assert headers["X-Request-ID"] == sent
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "登录" in body.decode()
        # The stylesheet under its content-hashed name, cached for ever, precompressed.
        css = re.search(r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', body.decode())
        assert css, "the login page links the hashed stylesheet"
        status, headers, _ = get(base + css.group(1), {"Accept-Encoding": "gzip"})
        assert status == 200 and "max-age=315360000" in headers["Cache-Control"]
        assert headers.get("Content-Encoding") == "gzip"
        assert get(f"{base}/favicon.ico")[0] == 200  # redirected to its hashed name
        # Plain HTTP (no proxy saying otherwise) is sent to HTTPS; the health check answers as it is.
        with pytest.raises(urllib.error.URLError):  # the redirect leads to https://, which nothing serves here
            get(f"{base}/accounts/login/", tls=False)
        assert get(f"{base}/healthz", tls=False)[0] == 200
    finally:
        worker.terminate()
        server.terminate()
        output = server.communicate(timeout=30)[0]
        assert worker.wait(timeout=30) == 0  # SIGTERM while idle: a clean exit
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert len(lines) == len(output.splitlines()), f"every line is a JSON object:\n{output}"
    request_lines = [line for line in lines if line["logger"] == "liangxin.request"]
    assert {"request_id": sent, "method": "GET", "path": "/accounts/login/", "status": 200}.items() <= next(
        line for line in request_lines if line["path"] == "/accounts/login/").items()


def heartbeat(seconds_ago: int, worker_id: str = "w1") -> WorkerHeartbeat:
    beat = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(worker_id=worker_id, hostname="elsewhere", pid=1, started=beat, beat=beat)


@pytest.mark.django_db
def test_healthz_answers_ok_without_login(client):
    heartbeat(seconds_ago=5)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "worker_alive": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_fails_when_the_workers_heartbeat_is_stale_or_missing(client, settings):
    settings.WORKER_STALE_SECONDS = 60
    assert client.get("/healthz").json()["checks"]["worker_alive"] == "failed"  # no worker ever started
    heartbeat(seconds_ago=61)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {"database": "ok", "migrations": "ok", "worker_alive": "failed"}}
    heartbeat(seconds_ago=59, worker_id="w2")
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_naming_only_the_failed_check(client, monkeypatch):
    def broken() -> bool:
        raise RuntimeError("secret detail: password=hunter2")

    heartbeat(seconds_ago=1)
    monkeypatch.setitem(health._checks, "search", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {"database": "ok", "migrations": "ok", "worker_alive": "ok",
                                                              "search": "failed"}}
    assert b"hunter2" not in response.content


@pytest.mark.django_db
def test_a_log_line_is_json_with_the_request_id(client, caplog):
    sent = str(uuid.uuid4())
    with caplog.at_level(logging.INFO, logger="liangxin.request"):
        response = client.get("/accounts/login/?q=张伟", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] == sent
    record = next(r for r in caplog.records if r.name == "liangxin.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == sent
    assert {"method": "GET", "path": "/accounts/login/", "status": 200}.items() <= line.items()
    assert "张伟" not in json.dumps(line, ensure_ascii=False)  # the query string stays out of the log


@pytest.mark.django_db
def test_a_request_id_that_is_not_a_uuid_is_replaced(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="<script>")
    assert uuid.UUID(response["X-Request-ID"])
