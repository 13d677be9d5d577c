"""Structured logs: the JSON formatter, the per-request line on "emulation.requests", and Celery task logs that
carry the request id of the web request that queued them."""
import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from audit.middleware import current_request_id, request_id_bound
from emulation import celery as emulation_celery
from emulation.logs import JsonFormatter, RequestContextFilter, TextFormatter
from tests.security.helpers import log_in

PERSONAL = "Nguyen-Van-Secret"


def _capture(logger_name, formatter):
    """A handler as settings.LOGGING builds it (context filter + formatter), writing into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    return logger, handler, stream


@pytest.fixture
def request_lines():
    logger, handler, stream = _capture("emulation.requests", JsonFormatter())
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


# --- the request line ------------------------------------------------------------------------------------

@pytest.mark.integration
def test_request_logs_one_json_line_with_request_id_user_status_and_duration(world, request_lines):
    client = Client()
    assert log_in(client, "officer").status_code == 302
    before = len(request_lines())
    response = client.get(reverse("dashboard") + f"?q={PERSONAL}&email=a@b.vn")
    assert response.status_code == 200
    lines = request_lines()[before:]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == response["X-Request-ID"] != ""
    assert line["user_id"] == world.officer.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert isinstance(line["duration_ms"], (int, float)) and not isinstance(line["duration_ms"], bool)
    assert line["duration_ms"] >= 0
    assert (line["level"], line["logger"]) == ("INFO", "emulation.requests")


@pytest.mark.integration
def test_query_string_is_never_logged(world, request_lines):
    response = Client().get(reverse("login") + f"?next=/&name={PERSONAL}", HTTP_X_REQUEST_ID="from-proxy-42")
    assert response["X-Request-ID"] == "from-proxy-42"
    lines = request_lines()
    assert [(ln["path"], ln["user_id"], ln["request_id"]) for ln in lines] == [
        ("/accounts/login/", None, "from-proxy-42")]
    assert PERSONAL not in json.dumps(lines)
    assert "?" not in lines[0]["path"] and "?" not in lines[0]["message"]


@pytest.mark.integration
def test_denied_request_is_still_logged_with_its_status(world, request_lines):
    client = Client()
    assert log_in(client, "officer").status_code == 302
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert [(ln["status"], ln["user_id"]) for ln in request_lines()][-1] == (403, world.officer.pk)


# --- formatters ------------------------------------------------------------------------------------------

def _record_through(formatter, log):
    logger, handler, stream = _capture("tests.observability.formatter", formatter)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        log(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue().splitlines()


@pytest.mark.unit
def test_json_formatter_output_parses_and_carries_exception_and_extras():
    def log(logger):
        with request_id_bound("rid-123"):
            try:
                1 / 0
            except ZeroDivisionError:
                logger.exception("tính điểm thất bại %s", "khối 7", extra={"bloc_id": 7, "request": object()})

    lines = _record_through(JsonFormatter(), log)
    assert len(lines) == 1, lines  # the traceback stays inside the one line
    entry = json.loads(lines[0])
    assert entry["message"] == "tính điểm thất bại khối 7"
    assert (entry["level"], entry["logger"], entry["request_id"], entry["user_id"]) == (
        "ERROR", "tests.observability.formatter", "rid-123", None)
    assert entry["bloc_id"] == 7
    assert "request" not in entry  # django.request's HttpRequest (its repr has the query string)
    assert "ZeroDivisionError: division by zero" in entry["exception"] and "Traceback" in entry["exception"]
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0


@pytest.mark.unit
def test_json_formatter_without_request_gives_null_request_id():
    entry = json.loads(_record_through(JsonFormatter(), lambda logger: logger.warning("x"))[0])
    assert entry["request_id"] is None and "exception" not in entry


@pytest.mark.unit
def test_text_formatter_carries_request_id():
    def log(logger):
        with request_id_bound("rid-text"):
            logger.warning("hello")
        logger.warning("outside")

    inside, outside = _record_through(TextFormatter(), log)
    assert "[rid-text] hello" in inside and "WARNING tests.observability.formatter" in inside
    assert "[-] outside" in outside


@pytest.mark.unit
def test_settings_wire_the_console_handler_with_the_context_filter():
    handlers = logging.getLogger("emulation.requests").handlers
    assert any(any(isinstance(f, RequestContextFilter) for f in h.filters) for h in handlers)
    assert logging.getLogger("emulation.requests").isEnabledFor(logging.INFO)
    assert settings.MIDDLEWARE.index("emulation.logs.RequestLogMiddleware") == \
        settings.MIDDLEWARE.index("audit.middleware.RequestIdMiddleware") + 1
    for name in ("django.security", "emulation.security"):
        assert logging.getLogger(name).handlers, name


@pytest.mark.unit
@pytest.mark.parametrize("value, formatter", [("json", "JsonFormatter"), ("", "TextFormatter")])
def test_log_format_env_switches_the_console_formatter(value, formatter):
    code = ("import django, logging; django.setup(); "
            "print(type(logging.getLogger('emulation.security').handlers[0].formatter).__name__)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emulation.settings.test", "LOG_FORMAT": value}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                         cwd=settings.BASE_DIR, check=True).stdout
    assert out.strip().splitlines()[-1] == formatter


# --- Celery ----------------------------------------------------------------------------------------------

task_logger = logging.getLogger("tests.observability.task")


@emulation_celery.app.task(name="tests.observability.echo")
def echo_task(*, report_id, request_id=""):
    task_logger.info("echo %s", report_id)
    return current_request_id()


@pytest.fixture
def task_lines():
    """The task logger as the worker sets it up: emulation.celery's after_setup_task_logger handler."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    task_logger.addHandler(handler)
    task_logger.setLevel(logging.INFO)
    task_logger.propagate = False
    with override_settings(LOG_FORMAT="json"):
        emulation_celery.format_task_logs(logger=task_logger)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    task_logger.removeHandler(handler)


@pytest.mark.unit
def test_task_logs_carry_the_request_id_task_id_and_name(task_lines):
    result = echo_task.apply(kwargs={"report_id": 5, "request_id": "web-req-9"})
    assert result.get() == "web-req-9"
    assert [(ln["message"], ln["request_id"], ln["task_id"], ln["task_name"]) for ln in task_lines()] == [
        ("echo 5", "web-req-9", result.id, "tests.observability.echo")]
    assert current_request_id() == ""  # task_postrun released it


@pytest.mark.unit
def test_task_without_request_id_keeps_the_surrounding_one(task_lines):
    with request_id_bound("outer"):
        echo_task.apply(kwargs={"report_id": 1})
    echo_task.apply(kwargs={"report_id": 2})
    assert [(ln["message"], ln["request_id"]) for ln in task_lines()] == [("echo 1", "outer"), ("echo 2", None)]


@pytest.mark.unit
def test_signal_handlers_bind_and_release_the_request_id_even_when_nested():
    emulation_celery.bind_task_log_context(task_id="t1", task=echo_task, kwargs={"request_id": "a"})
    emulation_celery.bind_task_log_context(task_id="t1", task=echo_task, kwargs={"request_id": "b"})  # eager retry
    assert current_request_id() == "b"
    emulation_celery.unbind_task_log_context(task_id="t1")
    assert current_request_id() == "a"
    emulation_celery.unbind_task_log_context(task_id="t1")
    emulation_celery.unbind_task_log_context(task_id="t1")  # a stray postrun is harmless
    assert current_request_id() == ""


@pytest.mark.unit
def test_worker_text_lines_carry_the_request_id():
    stream = io.StringIO()
    logger = logging.getLogger("tests.observability.worker")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with override_settings(LOG_FORMAT="text"):
            emulation_celery.format_worker_logs(logger=logger)
        with request_id_bound("rid-w"):
            logger.warning("worker line")
    finally:
        logger.removeHandler(handler)
    assert "[rid-w] worker line" in stream.getvalue()
