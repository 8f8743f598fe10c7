"""Errors a user meets: Chinese pages inside the site's frame (403, 404, CSRF), standalone pages
that need nothing (400, 500), JSON with Chinese messages for the API, the demo without Django's
debug pages, static files and the favicon served with DEBUG off, API 文档 in the corner."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver, path, reverse

from liangxin import urls as project_urls
from tests.identity import force_login_verified

EN = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
ROOT = Path(__file__).resolve().parent.parent


def english_client(user=None) -> Client:
    client = Client(**EN)
    if user is not None:
        force_login_verified(client, user)
    return client


def test_it_answers_an_unknown_page_with_a_chinese_404_inside_the_menu(world):
    response = english_client(world.street_user).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "不在您的管辖范围内" in html
    assert 'id="mainnav"' in html and "返回首页" in html  # the site's frame, a way back
    assert "Page not found" not in html and "Not Found" not in html


def test_it_answers_an_object_outside_the_jurisdiction_with_the_same_404(world):
    response = english_client(world.other_street_user).get(reverse("organizations:organization_detail", args=[world.org1.pk]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_it_shows_a_calm_404_with_a_way_to_log_in_when_not_logged_in(db):
    html = english_client().get("/no-such-page/").content.decode()
    assert "页面不存在" in html and reverse("accounts:login") in html
    assert 'id="mainnav"' not in html


def test_it_answers_a_forbidden_page_with_a_chinese_403_and_the_reason(world):
    response = english_client(world.leader).get(reverse("audit:changelog_list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "您的角色没有此操作的权限。" in html  # the view's own reason
    assert 'id="mainnav"' in html and "Forbidden" not in html


def test_it_shows_no_english_reason_from_a_library_on_the_403_page(world):
    from django.core.exceptions import PermissionDenied

    handler = get_resolver().resolve_error_handler(403)
    request = RequestFactory(**EN).get("/somewhere/")
    request.user = world.leader
    html = handler(request, PermissionDenied("You do not have permission")).content.decode()
    assert "You do not have permission" not in html
    assert "您的角色没有打开这个页面或执行这个操作的权限。" in html


def test_it_explains_an_expired_form_in_chinese(world):
    client = Client(enforce_csrf_checks=True, **EN)
    force_login_verified(client, world.street_user)
    response = client.post(reverse("organizations:organization_add"), {"name": "过期表单企业"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "刷新后重新填写" in html and 'id="mainnav"' in html
    assert "CSRF cookie" not in html and "Forbidden" not in html


@pytest.mark.parametrize(("status", "heading"), [(500, "系统出错了"), (400, "请求无法处理")])
def test_it_renders_400_and_500_pages_without_context_or_database(status, heading):
    # No database fixture: a query here would fail the test.
    handler = get_resolver().resolve_error_handler(status)
    request = RequestFactory(**EN).get("/organizations/")
    response = handler(request) if status == 500 else handler(request, ValueError("bad"))
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html and f"错误代码 {status}" in html and 'href="/"' in html
    assert "Server Error" not in html and "Bad Request" not in html


def _broken(request):
    raise RuntimeError("boom")


# This module doubles as a URL configuration: the project's routes, one view that fails, and
# the project's own error handlers.
urlpatterns = [path("broken/", _broken), *project_urls.urlpatterns]
handler500 = project_urls.handler500


def test_it_answers_a_server_error_in_a_view_with_the_chinese_page(world, settings):
    settings.ROOT_URLCONF = __name__
    client = english_client(world.street_user)
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html and "boom" not in html


# --- the API stays JSON, in Chinese -----------------------------------------------------------

def test_it_answers_the_api_in_json_with_chinese_details(world):
    anonymous = english_client()
    response = anonymous.get("/api/organizations/")
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "身份认证信息未提供。"}
    missing = english_client(world.street_user).get("/api/no-such-resource/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "未找到。"}
    outside = english_client(world.other_street_user).get(f"/api/organizations/{world.org1.pk}/")
    assert outside.status_code == 404 and outside.json() == {"detail": "未找到。"}


def test_it_refuses_an_api_write_without_csrf_in_chinese(world):
    client = Client(enforce_csrf_checks=True, **EN)
    force_login_verified(client, world.street_user)
    response = client.patch(f"/api/organizations/{world.org1.pk}/", {"employees": 5}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF 校验失败")


# --- the demo's settings: no debug pages, static files served, the favicon ----------------------

def _settings_value(name: str, **env) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "LIANGXIN_"))}
    code = f"import django; from django.conf import settings; django.setup(); print(settings.{name})"
    result = subprocess.run([sys.executable, "-c", code], env={**clean, **env, "DJANGO_SETTINGS_MODULE": "liangxin.settings"},
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_it_keeps_the_debug_pages_off_unless_a_developer_asks():
    assert _settings_value("DEBUG") == "False"
    assert _settings_value("DEBUG", LIANGXIN_DEBUG="1") == "True"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE


def test_it_serves_static_files_and_the_favicon_with_debug_off(db):
    assert settings.DEBUG is False  # as in the demo
    client = Client()
    css = client.get("/static/liangxin/app.css")
    assert css.status_code == 200 and b"".join(css.streaming_content).startswith(b"/*")
    icon = client.get("/favicon.ico")
    assert icon.status_code == 302 and icon["Location"] == "/static/liangxin/favicon.svg"
    svg = client.get(icon["Location"])
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert 'rel="icon"' in client.get(reverse("accounts:login")).content.decode()


def test_it_runs_the_demo_server_with_static_files_and_chinese_error_pages(tmp_path):
    """`make demo` runs runserver with the demo's settings: DEBUG off, so runserver serves no
    static files and WhiteNoise must (no collectstatic step), and a wrong address gets the
    site's own 404, not Django's debug page."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "LIANGXIN_", "DJANGO_"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                css = urllib.request.urlopen(f"{base}/static/liangxin/app.css", timeout=30)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("runserver did not answer")
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert urllib.request.urlopen(f"{base}/static/vendor/bootstrap/js/bootstrap.bundle.min.js", timeout=30).status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/no-such-page/", timeout=30)
        assert missing.value.code == 404
        html = missing.value.read().decode()
        assert "页面不存在" in html and "URLconf" not in html and "DEBUG = True" not in html
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- API 文档: the administrator's corner, nobody's main menu -----------------------------------

def _main_menu(html: str) -> str:
    return html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>\n", 1)[0]


@pytest.mark.parametrize("persona", ["street_user", "grid_user", "instructor_user", "secretary", "paired_user", "leader"])
def test_it_keeps_the_api_docs_out_of_the_menus_of_the_working_roles(world, persona):
    html = english_client(getattr(world, persona)).get("/").content.decode()
    assert reverse("api-docs") not in html


def test_it_shows_the_api_docs_in_the_administrators_corner_only(world):
    html = english_client(world.admin).get("/").content.decode()
    assert reverse("api-docs") in html
    assert reverse("api-docs") not in _main_menu(html)


def test_it_shows_the_api_docs_to_anyone_signed_in_with_a_way_back(world):
    response = english_client(world.leader).get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "返回两新党建平台" in html and f'href="{reverse("dashboard:home")}"' in html
    assert 'id="swagger-ui"' in html

