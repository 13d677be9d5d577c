import contextvars
import uuid
from contextlib import contextmanager

_request_id = contextvars.ContextVar("request_id", default="")


def current_request_id():
    return _request_id.get()


@contextmanager
def request_id_bound(request_id):
    """Carry `request_id` outside a request (a Celery task doing what a request asked for)."""
    token = _request_id.set(request_id or "")
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdMiddleware:
    """Give every request an id that the audit trail and the logs carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
