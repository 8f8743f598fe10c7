"""Transport and headers (等保 通信传输, issue 10 §4): the Content-Security-Policy on every page,
no-store on every answer to a signed-in user, the API schema and docs behind a login, and
`manage.py check --deploy` clean under production settings (HSTS, secure cookies, redirect)."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from liangxin.accounts import tokens

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "liangxin"


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_every_page_carries_a_policy_without_inline_scripts_or_styles(world, login):
    for response in (Client().get(reverse("accounts:login")), login(world.admin).get(reverse("dashboard:home")),
                     login(world.street_user).get(reverse("rules:coverage"))):
        policy = csp(response)
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in value for values in policy.values() for value in values)


def test_no_template_or_page_code_has_an_inline_script_handler_or_style():
    """What the policy would refuse, found in the source: a <script> without src (JSON data
    blocks are not scripts), an on…= handler, a style= attribute, a <style> element."""
    offenders = []
    html_patterns = (r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r"\son[a-z]+\s*=\s*[\"']",
                     r"\sstyle\s*=\s*[\"'{]", r"<style\b")
    # In Python, HTML is written in strings (format_html): a style attribute or a script tag.
    code_patterns = (r"\sstyle=[\\]?[\"'{]", r"<script\b", r"\son(click|change|load|submit|input)=")
    for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in html_patterns if path.suffix == ".html" else code_patterns:
            for match in re.finditer(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_the_coverage_page_loads_its_charts_from_a_static_file(world, login):
    html = login(world.admin).get(reverse("rules:coverage")).content.decode()
    assert "liangxin/coverage.js" in html and 'id="coverage-data" type="application/json"' in html
    assert "<script>" not in html


def test_every_answer_to_a_signed_in_user_is_no_store(world, login):
    client = login(world.street_user)
    for url in (reverse("dashboard:home"), reverse("organizations:organization_list"), "/api/organizations/",
                reverse("accounts:token_list"), f"/api/organizations/{world.org2.pk}/"):  # a 404 too
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    _row, token = tokens.issue(world.street_user, "脚本")
    response = Client().get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    # Static files (served before the user is known) may be cached as usual.
    static = client.get("/static/liangxin/app.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_the_api_schema_and_docs_need_a_login(world, login):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 401 and response.json()["detail"] == "身份认证信息未提供。"
    response = Client().get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert Client().get("/api/docs/", {"script": ""}).status_code == 302
    # Signed in, or with a token: the schema; the docs page's script comes from a URL, not inline.
    assert login(world.leader).get("/api/schema/", {"format": "json"}).status_code == 200
    _row, token = tokens.issue(world.leader, "读取接口说明")
    assert Client().get("/api/schema/", {"format": "json"}, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    page = login(world.leader).get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "?script=" in html and "<script>" not in html and "<style>" not in html
    script = login(world.leader).get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def test_base_html_switches_off_htmx_inline_styles_and_eval():
    source = get_template("base.html").template.source
    assert '"includeIndicatorStyles": false' in source and '"allowEval": false' in source


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("genkeys", stdout=out)
    keys = dict(line.split("=", 1) for line in out.getvalue().splitlines() if line and not line.startswith("#"))
    # Not the test run's own settings (tests/browser.py allows async-unsafe calls, which the
    # deployment check rightly refuses).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LIANGXIN_", "LIANXIN_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update(keys, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", LIANGXIN_STATIC_ROOT=str(tmp_path / "static"),
               LIANGXIN_ALLOWED_HOSTS="liangxin.example.cn", **extra)
    return env


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_python(production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_ask_for_https(tmp_path):
    probe = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
             "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))")
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="liangxin.settings")
    result = run_python(env, "-c", f"import django; django.setup(); {probe}")
    assert result.stdout.split() == ["31536000", "True", "True", "True", "None"], result.stderr
    env["LIANGXIN_SECURE_PROXY_SSL_HEADER"] = "HTTP_X_FORWARDED_PROTO,https"
    result = run_python(env, "-c", f"import django; django.setup(); {probe}")
    assert result.stdout.split()[-2:] == ["('HTTP_X_FORWARDED_PROTO',", "'https')"], result.stderr
    env["LIANGXIN_SECURE_PROXY_SSL_HEADER"] = "X-Forwarded-Proto"
    result = run_python(env, "-c", "import django; django.setup()")
    assert result.returncode != 0 and "LIANGXIN_SECURE_PROXY_SSL_HEADER" in result.stderr


@pytest.mark.parametrize("header", [None, "HTTP_X_FORWARDED_PROTO,https"])
def test_plain_http_is_redirected_in_production_but_not_the_health_check(settings, world, header):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["testserver"]
    if header:
        settings.SECURE_PROXY_SSL_HEADER = tuple(header.split(","))
    response = Client().get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    if header:
        assert response.status_code == 200  # the proxy said the client came over TLS
    else:
        assert response.status_code == 301 and response["Location"].startswith("https://")
    assert Client().get("/healthz").status_code in (200, 503)


def test_development_keeps_plain_http():
    assert settings.SECURE_SSL_REDIRECT is False and settings.SECURE_HSTS_SECONDS == 0


def test_a_script_payload_is_shown_as_text(world, login):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    world.org1.name = payload
    world.org1.save()
    client = login(world.street_user)
    for url in (reverse("organizations:organization_list"), reverse("organizations:organization_detail", args=[world.org1.pk])):
        html = client.get(url).content.decode()
        assert payload not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
