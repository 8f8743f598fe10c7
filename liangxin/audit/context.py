"""The request being served, for the change log: who, from where, under which request id.

A contextvar rather than a thread-local, so it is right under ASGI and in threads alike.
Outside a request (management commands, imports from the CLI) the actor is whoever the
command says it is, via `acting_as`.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class RequestContext:
    user: object = None
    ip: str = ""
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    request: object = None

    @property
    def actor(self):
        if self.request is not None:
            user = getattr(self.request, "user", None)
            return user if user is not None and user.is_authenticated else None
        return self.user


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("liangxin_request", default=None)


def current() -> RequestContext:
    return _current.get() or RequestContext()


def current_request_id() -> str | None:
    """The id of the request (or `acting_as` command) being served, None outside one: what the
    log lines carry so they can be matched with the change log and the proxy's log."""
    ctx = _current.get()
    return str(ctx.request_id) if ctx is not None else None


@contextmanager
def acting_as(user=None, ip: str = ""):
    token = _current.set(RequestContext(user=user, ip=ip))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_for_request(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)
