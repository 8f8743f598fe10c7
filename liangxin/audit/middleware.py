import logging
import time
import uuid

from liangxin.audit import context

request_log = logging.getLogger("liangxin.request")


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def incoming_request_id(request) -> uuid.UUID:
    """The X-Request-ID the reverse proxy gave (nginx's $request_id is 32 hex digits, a UUID
    once parsed), so its access log and ours name the same id; anything that is not a UUID is
    replaced by a new one rather than written into the logs and the change log as sent."""
    try:
        return uuid.UUID(request.headers.get("X-Request-ID", ""))
    except ValueError:
        return uuid.uuid4()


class RequestContextMiddleware:
    """Gives every request an id (echoed in the X-Request-ID header) and makes the user and IP
    available to the change log; one log line per request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = incoming_request_id(request)
        # DRF authenticates tokens inside the view, so the user is read lazily from the request.
        ctx = context.RequestContext(ip=client_ip(request), request_id=request.request_id, request=request)
        token = context.set_for_request(ctx)
        try:
            response = self.get_response(request)
            request_log.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"request_id": str(request.request_id), "method": request.method, "path": request.path, "status": response.status_code,
                       "duration_ms": round((time.monotonic() - started) * 1000, 1)},
            )
        finally:
            context.reset(token)
        response["X-Request-ID"] = str(request.request_id)
        return response
