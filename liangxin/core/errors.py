"""The site's own error pages: Chinese, inside the site's frame, saying what happened and where
to go next. The API keeps answering JSON (DRF handles errors raised in its views; these cover
the rest: an unknown address under /api/, a server error).

403, 404 and CSRF failures render with the request, so a logged-in user keeps the menu. 400 and
500 render a standalone page from no context at all: they happen when the request or the
database cannot be trusted.
"""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _wants_json(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def user_message(exception: Exception | None) -> str:
    """The exception's message when it was written for users (our views raise PermissionDenied
    with a Chinese explanation); Django's and libraries' own English texts are not shown."""
    message = str(exception) if exception is not None and exception.args else ""
    return message if _CHINESE.search(message) else ""


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "未找到。"}, status=404)
    return render(request, "errors/404.html", {"title": "页面不存在"}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": user_message(exception) or "您没有执行该操作的权限。"}, status=403)
    return render(request, "errors/403.html", {"title": "没有权限", "reason": user_message(exception)}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django has logged the reason (django.security.csrf); the user reads what to do.
    return render(request, "errors/403_csrf.html", {"title": "页面已过期"}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "请求无法处理，请检查后重试。"}, status=400)
    return HttpResponse(loader.get_template("errors/400.html").render(), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "服务器内部错误，请稍后重试；如反复出现，请联系管理员。"}, status=500)
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
