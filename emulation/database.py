"""What a request does when PostgreSQL cannot be reached: a 503 that says whether the change was saved, never a
500.

A write is committed by its domain function's own transaction, which holds the audit chain's lock only as
long as that function runs (a transaction spanning the whole request would hold it until the answer was
sent, and every write in the application would queue behind the slowest request). So a request can commit
its change and then meet the failure: while the view reads after the save (the score endpoints compute the
totals), or while its session is saved. A watch on the request's connection notes every write that was
committed; a 503 after one says the change WAS saved and asks to reload and check, and only a 503 before any
says it was NOT saved (the domain transaction that failed was rolled back whole).

The database may fail in the view (process_exception answers) or in another middleware, e.g. while loading or
saving the session; Django turns the latter into a 500 before it reaches us, so got_request_exception marks
the request and the 500 is replaced on the way out. The broken connection is then closed, so the next request
reconnects (CONN_HEALTH_CHECKS does the same for a persistent connection that broke between two requests).
"""
import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
RETRY_AFTER_SECONDS = 30  # a restart takes seconds; clients that honour it come back soon, but not at once
_ERROR_ATTRIBUTE = "_database_error"
_COMMITTED_ATTRIBUTE = "_database_write_committed"
_WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})
# Kept from the answer a 503 replaces: inner middleware set them, and they still hold for the 503.
_KEPT_HEADERS = ("X-Request-ID", "Content-Security-Policy", "X-Frame-Options")


def _mark(request, exc):
    if request is not None and isinstance(exc, DATABASE_ERRORS) and not hasattr(request, _ERROR_ATTRIBUTE):
        setattr(request, _ERROR_ATTRIBUTE, exc)


def _on_uncaught_exception(sender, request=None, **kwargs):
    # Sent from inside Django's except block, before it builds the 500 for an exception some middleware raised.
    _mark(request, sys.exc_info()[1])


got_request_exception.connect(_on_uncaught_exception, dispatch_uid="emulation.database.mark")


def _language(request):
    # The locale middleware sits inside this one and may not have run (the database failed first).
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _wants_json(request):
    # The API, and pages' scripts that ask for JSON (the score grid), read {"detail"}; browsers get a page.
    return request.path.startswith("/api/") or \
        request.get_preferred_type(["text/html", "application/json"]) == "application/json"


class _CommittedWriteWatch:
    """A connection execute wrapper: marks the request once a write statement it ran has been committed."""

    def __init__(self, request):
        self.request = request

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip()[:6].upper() in _WRITE_VERBS:
            connection_ = context["connection"]
            if connection_.in_atomic_block:  # dropped by Django if its savepoint or transaction rolls back
                transaction.on_commit(self.committed, using=connection_.alias)
            else:  # autocommit: the statement's success is its commit
                self.committed()
        return result

    def committed(self):
        setattr(self.request, _COMMITTED_ATTRIBUTE, True)


def write_committed(request):
    """Whether a write `request` made has been committed (only write methods are watched)."""
    return getattr(request, _COMMITTED_ATTRIBUTE, False)


def _message(request, saved):
    if request.method in READ_METHODS:
        return gettext("Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.")
    if saved:
        return gettext("Cơ sở dữ liệu mất kết nối sau khi thay đổi của bạn ĐÃ được lưu, nên trang chưa hiển thị "
                       "được kết quả. Vui lòng tải lại trang sau ít phút để kiểm tra.")
    return gettext("Cơ sở dữ liệu tạm thời không truy cập được; thay đổi của bạn CHƯA được lưu. "
                   "Vui lòng thử lại sau ít phút.")


def unavailable_response(request):
    """The 503 for `request`; renders no template that could touch the database. JSON answers to writes
    carry "saved": whether the change was committed before the failure."""
    saved = write_committed(request)
    with translation.override(_language(request)):
        message = _message(request, saved)
        if _wants_json(request):
            body = {"detail": message} if request.method in READ_METHODS else {"detail": message, "saved": saved}
            response = JsonResponse(body, status=503)
        else:
            retry_url = request.get_full_path() if request.method in READ_METHODS else ""  # never re-send a form
            html = render_to_string("503.html", {"message": message, "retry_url": retry_url,
                                                 "language_code": translation.get_language()})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.database_unavailable = True
    return response


def _close_if_broken():
    # Never inside a transaction that someone else holds open (a test's): closing would end it under them.
    if connection.in_atomic_block:
        return
    try:
        connection.close_if_unusable_or_obsolete()
    except DATABASE_ERRORS:
        connection.close()


class DatabaseUnavailableMiddleware:
    """Sits outside SessionMiddleware (a failed session save is answered here too) and inside WhiteNoise
    (static files need no database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READ_METHODS:
            response = self.get_response(request)
        else:
            with connection.execute_wrapper(_CommittedWriteWatch(request)):
                response = self.get_response(request)
        error = getattr(request, _ERROR_ATTRIBUTE, None)
        if error is None:
            return response
        logger.warning("database unavailable: %s %s (write committed before: %s): %s: %s", request.method,
                       request.path, write_committed(request), type(error).__name__, str(error).strip())
        _close_if_broken()
        if getattr(response, "database_unavailable", False):
            return response
        return self._replace(request, response)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        _mark(request, exception)
        return unavailable_response(request)

    @staticmethod
    def _replace(request, failed):
        response = unavailable_response(request)
        for header in _KEPT_HEADERS:
            if failed is not None and failed.has_header(header):
                response[header] = failed[header]
        return response
