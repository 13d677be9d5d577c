"""/api/v1/reports/: request (201, or 200 for the same inputs), poll, download; bad input; scope."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from reports import tasks
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.factories.voting import BallotRoundFactory
from voting.enums import BallotRoundStatus

pytestmark = pytest.mark.integration
LIST = reverse("v1:report-list")


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def _detail(report, name="v1:report-detail"):
    return reverse(name, args=[report["id"] if isinstance(report, dict) else report.pk])


def test_request_poll_and_download(world, django_capture_on_commit_callbacks):
    client = api(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(LIST, {"kind": "year_end", "bloc_year": world.own.pk}, format="json")
    assert created.status_code == 201
    assert (created.data["kind"], created.data["status"], created.data["bloc_year"]) == ("year_end", "queued",
                                                                                         world.own.pk)
    polled = client.get(_detail(created.data)).data
    assert (polled["status"], polled["error"], polled["dispatched"], polled["waiting_for_broker"]) == (
        "done", "", True, False)
    assert len(polled["sha256"]) == 64 and polled["issued_sha256"] == polled["sha256"]
    assert polled["pages"] >= 1 and polled["signatures"] == [] and polled["signed"] is False
    download = client.get(_detail(created.data, "v1:report-download"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    again = client.post(LIST, {"kind": "year_end", "bloc_year": world.own.pk}, format="json")
    assert (again.status_code, again.data["id"]) == (200, created.data["id"])


def test_the_board_requests_the_province_summary(world):
    response = api(world.board).post(LIST, {"kind": "province_summary", "province": world.province.pk,
                                            "year": 2026}, format="json")
    assert response.status_code == 201
    assert (response.data["province"], response.data["year"], response.data["bloc_year"]) == (
        world.province.pk, 2026, None)
    refused = api(world.secretariat).post(LIST, {"kind": "province_summary", "province": world.province.pk,
                                                 "year": 2026}, format="json")
    assert refused.status_code == 403


@pytest.mark.parametrize(("body", "expected"), [
    (lambda w: {}, {"kind": ["Trường này là bắt buộc."]}),
    (lambda w: {"kind": "bogus"}, {"kind": ["“bogus” không phải là lựa chọn hợp lệ."]}),
    (lambda w: {"kind": "year_end"}, {"bloc_year": ["Trường này là bắt buộc với loại văn bản này."]}),
    (lambda w: {"kind": "year_end", "bloc_year": w.own.pk, "year": 2026},
     {"year": ["Loại văn bản này không lập cho trường này; hãy bỏ trường này."]}),
    (lambda w: {"kind": "year_end", "bloc_year": w.other.pk}, {"bloc_year": ["Năm thi đua không tồn tại."]}),
    (lambda w: {"kind": "year_end", "bloc_year": "abc"}, {"bloc_year": ["Mã không hợp lệ: cần một số nguyên."]}),
    (lambda w: {"kind": "province_summary", "province": w.province.pk, "year": 1900},
     {"year": ["Giá trị không được nhỏ hơn 2000."]}),
    (lambda w: {"kind": "vote_minutes", "ballot_round": BallotRoundFactory(bloc_year=w.own).pk},
     {"detail": "Vòng bỏ phiếu chưa kiểm phiếu: chưa lập được biên bản kiểm phiếu."}),
])
def test_bad_requests_answer_400_and_make_nothing(world, body, expected):
    response = api(world.secretariat).post(LIST, body(world), format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert Report.objects.count() == 0


def test_polling_hands_a_waiting_job_over_again(world, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks.task_render_report, "apply_async",
                        lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError("redis is down")))
    client = api(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(LIST, {"kind": "year_end", "bloc_year": world.own.pk}, format="json").data
    waiting = client.get(_detail(created)).data
    assert (waiting["status"], waiting["dispatched"], waiting["waiting_for_broker"]) == ("queued", False, True)
    monkeypatch.undo()
    assert client.get(_detail(created)).data["status"] == "done"


def test_another_blocs_user_finds_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = api(world.secretariat).post(LIST, {"kind": "year_end", "bloc_year": world.own.pk},
                                              format="json").data
    for user in (world.other_officer, world.far_board):
        client = api(user)
        assert client.get(_detail(created)).status_code == 404
        assert client.get(_detail(created, "v1:report-download")).status_code == 404
        assert client.get(LIST).data["results"] == []


def test_the_list_is_filtered_and_its_queries_do_not_grow(world):
    client = api(world.board)

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, {"kind": "vote_minutes"})
        assert response.status_code == 200
        return len(captured), response.data["count"]

    _minutes(world, 1)
    few = count()
    _minutes(world, 6)
    many = count()
    assert (few[1], many[1]) == (1, 7) and few[0] == many[0]
    Report.objects.create(kind=ReportKind.YEAR_END, province=world.province, year=2026, bloc_year=world.other,
                          title="X", context={}, inputs_hash="0" * 64, status=ReportStatus.DONE)
    assert client.get(LIST, {"kind": "year_end"}).data["count"] == 1
    assert client.get(LIST, {"status": "nope"}).status_code == 400


def _minutes(world, n):
    for _ in range(n):
        round_ = BallotRoundFactory(bloc_year=world.own, status=BallotRoundStatus.CLOSED)
        Report.objects.create(kind=ReportKind.VOTE_MINUTES, province=world.province, year=2026, bloc_year=world.own,
                              ballot_round=round_, title="BIÊN BẢN", context={}, inputs_hash="0" * 64)
