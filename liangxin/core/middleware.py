"""Response headers for every answer to a signed-in user."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` (with Django's never-cache set) on every response to an
    authenticated request: pages and API answers hold data of the user's jurisdiction, personal
    data among it, which neither the browser's cache nor a proxy may keep. Read after the view:
    DRF authenticates tokens inside it and sets the request's user then. Static files are served
    before this runs (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
