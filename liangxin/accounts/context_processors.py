from liangxin.accounts.middleware import session_remaining
from liangxin.accounts.roles import Role


def roles(request) -> dict:
    """`Role` in every template, so a page compares `user.role == Role.INSTRUCTOR`, never a
    string that would silently stop matching if a role's value changed."""
    return {"Role": Role}


def session_timeout(request) -> dict:
    """Seconds the session has left, for the idle warning of base.html (None: not logged in)."""
    user = getattr(request, "user", None)
    return {"session_remaining": session_remaining(request) if user is not None and user.is_authenticated else None}
