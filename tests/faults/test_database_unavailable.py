"""A request whose database query fails answers 503 (JSON under /api/ and for scripts, a page otherwise) with a
Retry-After. A change whose transaction failed left nothing behind, and the 503 says it was NOT saved; a change
committed before the failure (a read after the save, the session save) is there, and the 503 says it WAS
saved. The views here raise the error psycopg2 gives when PostgreSQL goes away;
tests/faults/test_postgres_restart.py does it for real. Transactional: commits must really happen."""
import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from blocs.models import Province
from emulation.database import RETRY_AFTER_SECONDS

pytestmark = [pytest.mark.integration, pytest.mark.urls(__name__)]

WRITE_MESSAGE = ("Cơ sở dữ liệu tạm thời không truy cập được; thay đổi của bạn CHƯA được lưu. "
                 "Vui lòng thử lại sau ít phút.")
READ_MESSAGE = "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút."
ENGLISH_WRITE_MESSAGE = ("The database is temporarily unreachable; your change has NOT been saved. "
                         "Please try again in a few minutes.")
SAVED_MESSAGE = ("Cơ sở dữ liệu mất kết nối sau khi thay đổi của bạn ĐÃ được lưu, nên trang chưa hiển thị "
                 "được kết quả. Vui lòng tải lại trang sau ít phút để kiểm tra.")
LOST = OperationalError("server closed the connection unexpectedly")


def _write_then_fail(request):
    # A half-done save: the domain transaction's first row is written before the database goes away.
    with transaction.atomic():
        Province.objects.create(name="Tỉnh nửa chừng", code="nua-chung")
        raise LOST


@login_not_required
def committed_view(request):
    # The save is committed, then the read that builds the answer fails (as the score cell's totals could).
    with transaction.atomic():
        Province.objects.update_or_create(code="da-luu", defaults={"name": "Tỉnh đã lưu"})
    with transaction.atomic():
        Province.objects.create(name="Tỉnh bỏ dở", code="bo-do")
        raise LOST


@login_not_required
def page_view(request):
    if request.method == "GET":
        raise InterfaceError("connection already closed")
    _write_then_fail(request)


@login_not_required
def session_view(request):
    if request.GET.get("write"):
        Province.objects.create(name="Tỉnh có phiên", code="co-phien")
    request.session["seen"] = True  # saved by SessionMiddleware after the view, where the failure is
    return HttpResponse("ok")


class FailingApiView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def put(self, request):
        _write_then_fail(request)


urlpatterns = [
    path("faults/page/", page_view),
    path("faults/session/", session_view),
    path("faults/committed/", committed_view),
    path("api/faults/", FailingApiView.as_view()),
    path("faults/bug/", login_not_required(lambda request: 1 / 0)),
]


def _assert_unavailable(response, stored=()):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert set(Province.objects.filter(code__in=["nua-chung", "co-phien", "da-luu", "bo-do"])
               .values_list("code", flat=True)) == set(stored)


def test_an_api_save_answers_503_json_and_writes_nothing(transactional_db, client):
    response = client.put("/api/faults/", {"points": 5}, content_type="application/json")
    _assert_unavailable(response)
    assert response.json() == {"detail": WRITE_MESSAGE, "saved": False}


def test_a_page_save_answers_a_503_page_in_the_chosen_language(transactional_db, client):
    response = client.post("/faults/page/", {"name": "x"})
    _assert_unavailable(response)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert WRITE_MESSAGE in html and 'lang="vi"' in html and "Thử lại" not in html
    assert response["X-Request-ID"]  # it went out through every middleware, like any answer

    client.cookies["django_language"] = "en"
    html = client.post("/faults/page/").content.decode()
    assert ENGLISH_WRITE_MESSAGE in html and 'lang="en"' in html


def test_a_page_read_says_nothing_about_changes_and_offers_to_retry(transactional_db, client):
    response = client.get("/faults/page/?tab=2")
    _assert_unavailable(response)
    html = response.content.decode()
    assert READ_MESSAGE in html and 'href="/faults/page/?tab=2"' in html


def test_a_script_asking_for_json_gets_json_outside_the_api(transactional_db, client):
    # The score grid posts with Accept: application/json and shows {"detail"} next to the cell.
    response = client.post("/faults/page/", HTTP_ACCEPT="application/json")
    _assert_unavailable(response)
    assert response.json() == {"detail": WRITE_MESSAGE, "saved": False}


def test_a_failure_after_a_committed_save_says_it_was_saved(transactional_db, client):
    response = client.post("/faults/committed/", HTTP_ACCEPT="application/json")
    _assert_unavailable(response, stored=["da-luu"])  # the failed second transaction left nothing
    assert response.json() == {"detail": SAVED_MESSAGE, "saved": True}
    html = client.post("/faults/committed/").content.decode()
    assert SAVED_MESSAGE in html and "CHƯA" not in html


def _losing_session_saves(monkeypatch):
    def lost(self, must_create=False):
        raise LOST

    monkeypatch.setattr(SessionStore, "save", lost)
    # The failure is in a middleware, so Django reports it as an uncaught exception: do not re-raise it here.
    return Client(raise_request_exception=False)


def test_a_session_that_cannot_be_saved_after_a_committed_view_says_the_change_was_saved(
        transactional_db, monkeypatch):
    response = _losing_session_saves(monkeypatch).post("/faults/session/?write=1", HTTP_ACCEPT="application/json")
    _assert_unavailable(response, stored=["co-phien"])
    assert response.json() == {"detail": SAVED_MESSAGE, "saved": True}


def test_a_session_that_cannot_be_saved_after_a_view_that_wrote_nothing_says_not_saved(
        transactional_db, monkeypatch):
    response = _losing_session_saves(monkeypatch).post("/faults/session/", HTTP_ACCEPT="application/json")
    _assert_unavailable(response)
    assert response.json() == {"detail": WRITE_MESSAGE, "saved": False}


def test_other_errors_stay_500s(transactional_db):
    response = Client(raise_request_exception=False).post("/faults/bug/")
    assert response.status_code == 500 and not response.has_header("Retry-After")
