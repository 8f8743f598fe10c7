import uuid

from liangxin.audit import context


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    """Gives every request an id (echoed in the X-Request-ID header) and makes the user and IP
    available to the change log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4()
        # DRF authenticates tokens inside the view, so the user is read lazily from the request.
        ctx = context.RequestContext(ip=client_ip(request), request_id=request.request_id, request=request)
        token = context.set_for_request(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = str(request.request_id)
        return response
