"""Structured logs: a JSON formatter, a filter that puts the request id (and user, task) on every record, and
the middleware that writes one line per request on "emulation.requests".

Wired in settings.LOGGING (web, management commands) and in emulation.celery (the worker's own handlers).
Standard library only. Must not import models: logging is configured before the apps are loaded.
"""
import contextvars
import json
import logging
import time
from datetime import datetime, timezone

from audit.middleware import current_request_id, request_id_bound

_user_id = contextvars.ContextVar("log_user_id", default=None)
_task = contextvars.ContextVar("log_task", default=None)  # (task_id, task_name) of the running Celery task

# Attributes every LogRecord has; anything else on a record came from `extra` (or a filter) and is logged.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Never logged: django.request passes the HttpRequest, whose repr carries the query string (personal data).
_NOT_LOGGED = frozenset({"request"})
_FIXED = ("request_id", "user_id")


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and, inside a Celery task, task_id and task_name, unless the record has them."""

    def filter(self, record):
        if not getattr(record, "request_id", None) and current_request_id():
            record.request_id = current_request_id()
        if getattr(record, "user_id", None) is None and _user_id.get() is not None:
            record.user_id = _user_id.get()
        task = _task.get()
        if task is not None:
            if getattr(record, "task_id", None) is None:
                record.task_id = task[0]
            if getattr(record, "task_name", None) is None:
                record.task_name = task[1]
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO-8601 UTC), level, logger, message, request_id, user_id, then the
    `extra` fields (method, path, status, duration_ms, task_id...), and exception/stack as strings."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id() or None,
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _NOT_LOGGED and key not in _FIXED \
                    and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
WORKER_TEXT_FORMAT = "[%(asctime)s: %(levelname)s/%(processName)s] [%(request_id)s] %(message)s"
TASK_TEXT_FORMAT = ("[%(asctime)s: %(levelname)s/%(processName)s] %(task_name)s[%(task_id)s] [%(request_id)s] "
                    "%(message)s")


class TextFormatter(logging.Formatter):
    """Readable lines that still carry the request id ("-" when there is none)."""

    def __init__(self, fmt=TEXT_FORMAT, datefmt=None):
        super().__init__(fmt, datefmt, defaults={"request_id": "-", "task_id": "???", "task_name": "???"})


def make_formatter(log_format, *, task=False, worker=False):
    """The formatter for LOG_FORMAT ("json", anything else is text)."""
    if log_format == "json":
        return JsonFormatter()
    return TextFormatter(TASK_TEXT_FORMAT if task else WORKER_TEXT_FORMAT if worker else TEXT_FORMAT)


def install_on_logger(logger, log_format, *, task=False):
    """Give the handlers Celery set up on `logger` our formatter and the context filter."""
    for handler in logger.handlers:
        handler.setFormatter(make_formatter(log_format, task=task, worker=True))
        if not any(isinstance(f, RequestContextFilter) for f in handler.filters):
            handler.addFilter(RequestContextFilter())


# Celery task context, bound by task_prerun and released by task_postrun (emulation.celery). A stack per task
# id: an eager retry runs the same task id nested inside the first run.
_bound_tasks = {}


def bind_task(task_id, task_name, request_id=None):
    binding = request_id_bound(request_id) if request_id else None
    if binding is not None:
        binding.__enter__()
    token = _task.set((task_id, task_name))
    _bound_tasks.setdefault(task_id, []).append((token, binding))


def unbind_task(task_id):
    stack = _bound_tasks.get(task_id)
    if not stack:
        return
    token, binding = stack.pop()
    if not stack:
        _bound_tasks.pop(task_id, None)
    try:
        _task.reset(token)
    except ValueError:  # postrun in another context than prerun (should not happen): just clear
        _task.set(None)
    if binding is not None:
        try:
            binding.__exit__(None, None, None)
        except ValueError:
            pass


request_logger = logging.getLogger("emulation.requests")


def _user_id_of(request):
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """One INFO line per request on "emulation.requests": method, path (never the query string: it may carry
    personal data), status, duration_ms, user_id (None for anonymous). Sits right after RequestIdMiddleware,
    so the line carries the request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        token = _user_id.set(_user_id_of(request))
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            _user_id.reset(token)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            fields = {"method": request.method, "path": request.path, "status": status,
                      "duration_ms": duration_ms, "user_id": _user_id_of(request)}  # after a login/logout too
            request_logger.info("%s %s %s %.1fms", request.method, request.path, status, duration_ms,
                                extra=fields)
