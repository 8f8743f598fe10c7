"""Whether a link of the site will open for a user (issue 12, item 7): a link, button or
breadcrumb is shown only when its target answers neither 403 nor 404 for whoever sees it.

The answer comes from the target's own view: a view says who it opens for with a class method
`opens_for(user, kwargs) -> bool`, built from the same permission and jurisdiction checks its
`dispatch` and `get_object` make (core.views.ObjectViewMixin for every object page; a few views
with their own rule say theirs). tests/test_routes.py asks every route it tries whether this
agrees with what the route answered, so a view cannot say one thing here and do another.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve


def opens_for(user, url: str) -> bool:
    """Whether `url` (a path of this site, with or without a query) opens for `user`. Memoized
    on the user object, which lives as long as its request."""
    if user is None or not user.is_authenticated:
        return False
    memo = user.__dict__.setdefault("_opens_for", {})
    path = urlsplit(str(url)).path
    if path not in memo:
        memo[path] = _opens_for(user, path)
    return memo[path]


def _opens_for(user, path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None) or match.func
    check = getattr(view, "opens_for", None)
    if check is not None:
        return bool(check(user, match.kwargs))
    required = getattr(view, "permission_required", None)  # Django's PermissionRequiredMixin
    if required is not None:
        return user.has_perms((required,) if isinstance(required, str) else required)
    # A view that says nothing opens for any signed-in user (the user's own pages, the home page).
    return True


def opens_when(check):
    """For a function view: declare who it opens for (`check(user, kwargs) -> bool`)."""

    def declare(view):
        view.opens_for = check
        return view

    return declare
