"""The document pages: the bloc-year's documents with their request buttons, requesting (eager rendering),
the report page that follows the job (htmx poll, waiting broker, failure, reload when done), the download,
and who may reach what."""
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import tasks
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.factories.voting import BallotRoundFactory
from voting.enums import BallotRoundStatus

pytestmark = pytest.mark.integration


def _documents(world):
    return reverse("reports:bloc_year_documents", args=[world.own.pk])


def _request(client, world, capture, kind="year_end"):
    with capture(execute=True):
        return client.post(reverse("reports:bloc_year_request", args=[world.own.pk, kind]))


def _broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.task_render_report, "apply_async", refuse)


def test_documents_page_lists_every_kind_with_its_buttons(client, world):
    client.force_login(world.secretariat)
    page = client.get(_documents(world)).content.decode()
    for label in ("Giao ước thi đua", "Báo cáo sơ kết 6 tháng", "Báo cáo tổng kết năm", "Tờ trình đề nghị khen thưởng"):
        assert label in page
    assert page.count("Tạo văn bản<span") == 4 and page.count("Chưa tạo") >= 4
    assert reverse("reports:bloc_year_text", args=[world.own.pk, "year_end"]) in page
    client.force_login(world.officer)
    page = client.get(_documents(world)).content.decode()
    assert "Tạo văn bản" not in page and "Soạn nội dung" not in page
    client.force_login(world.leader)  # a member unit's leader may ask for a document, not write its texts
    page = client.get(_documents(world)).content.decode()
    assert page.count("Tạo văn bản<span") == 4 and "Soạn nội dung" not in page


def test_requesting_renders_and_the_page_gives_the_file(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.secretariat)
    response = _request(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    page = client.get(response.url).content.decode()
    assert "Hoàn thành" in page and reverse("reports:report_download", args=[report.pk]) in page
    assert 'hx-trigger="every' not in page  # nothing left to follow
    download = client.get(reverse("reports:report_download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="year-end-2026-{str(report.pk)[:8]}.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    listing = client.get(_documents(world)).content.decode()
    assert reverse("reports:report_detail", args=[report.pk]) in listing


def test_the_same_inputs_give_the_same_report(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.secretariat)
    first = _request(client, world, django_capture_on_commit_callbacks)
    second = _request(client, world, django_capture_on_commit_callbacks)
    assert first.url == second.url and Report.objects.count() == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages[-1] == "Dữ liệu không thay đổi từ lần tạo trước: dùng lại văn bản đã tạo."


def test_a_refused_request_says_why_and_makes_nothing(client, world, django_capture_on_commit_callbacks):
    open_round = BallotRoundFactory(bloc_year=world.own, status=BallotRoundStatus.OPEN)
    client.force_login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:round_minutes_request", args=[open_round.pk]), follow=True)
    assert response.redirect_chain == [(reverse("reports:round_minutes", args=[open_round.pk]), 302)]
    assert "Vòng bỏ phiếu chưa kiểm phiếu: chưa lập được biên bản kiểm phiếu." in response.content.decode()
    assert Report.objects.count() == 0
    assert client.post(reverse("reports:bloc_year_request", args=[world.own.pk, "bogus"])).status_code == 404
    assert client.post(reverse("reports:bloc_year_request", args=[world.own.pk, "decision"])).status_code == 404


def test_the_page_follows_a_job_waiting_for_the_broker(client, world, django_capture_on_commit_callbacks,
                                                       monkeypatch):
    _broker_down(monkeypatch)
    client.force_login(world.secretariat)
    response = _request(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    assert (report.status, report.dispatched) == (ReportStatus.QUEUED, False)
    page = client.get(response.url).content.decode()
    waiting = "Hệ thống hàng đợi đang tạm ngừng; văn bản sẽ được tạo khi hệ thống hoạt động trở lại"
    assert waiting in page and 'hx-trigger="every 2s"' in page and f'hx-get="{response.url}"' in page
    poll = client.get(response.url, HTTP_HX_REQUEST="true")  # the broker is still down
    assert poll.status_code == 200 and waiting in poll.content.decode() and "HX-Refresh" not in poll
    assert "<html" not in poll.content.decode()  # only the status block
    monkeypatch.undo()  # the broker is back: the next poll hands the job over (eager: rendered at once)
    poll = client.get(response.url, HTTP_HX_REQUEST="true")
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.dispatched
    assert poll["HX-Refresh"] == "true" and waiting not in poll.content.decode()


def test_a_failed_report_shows_its_reason(client, world):
    report = Report.objects.create(kind=ReportKind.YEAR_END, province=world.province, year=2026,
                                   bloc_year=world.own, title="BÁO CÁO", context={}, inputs_hash="0" * 64,
                                   status=ReportStatus.FAILED, dispatched=True,
                                   error="TemplateSyntaxError: thẻ không hợp lệ")
    client.force_login(world.officer)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Không tạo được văn bản." in page and "Lý do: TemplateSyntaxError: thẻ không hợp lệ" in page
    assert 'hx-trigger="every' not in page
    assert client.get(reverse("reports:report_download", args=[report.pk])).status_code == 404


def test_the_download_gives_the_signed_file_once_signed(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.secretariat)
    _request(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    report.signed_file.save(f"{report.pk}-signed.pdf", ContentFile(b"%PDF-1.7 signed\n%%EOF\n"))
    download = client.get(reverse("reports:report_download", args=[report.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 signed\n%%EOF\n"
    assert download["Content-Disposition"].endswith(f'-{str(report.pk)[:8]}-da-ky.pdf"')


def test_another_blocs_user_finds_nothing(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.secretariat)
    _request(client, world, django_capture_on_commit_callbacks)
    report = Report.objects.get()
    for user in (world.other_officer, world.far_board):
        client.force_login(user)
        for name in ("reports:report_detail", "reports:report_download"):
            assert client.get(reverse(name, args=[report.pk])).status_code == 404, (user, name)
        assert client.get(reverse("reports:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true"
                          ).status_code == 404


def test_documents_page_queries_do_not_grow_with_rounds_and_reports(client, world):
    client.force_login(world.secretariat)
    url = _documents(world)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _reports(world, rounds=1, per_kind=1)
    few = count()
    _reports(world, rounds=6, per_kind=4)
    assert count() == few


def _reports(world, *, rounds, per_kind):
    for _ in range(rounds):
        round_ = BallotRoundFactory(bloc_year=world.own, status=BallotRoundStatus.CLOSED)
        Report.objects.create(kind=ReportKind.VOTE_MINUTES, province=world.province, year=2026, bloc_year=world.own,
                              ballot_round=round_, title="BIÊN BẢN", context={}, inputs_hash="0" * 64)
    for kind in (ReportKind.PLEDGE, ReportKind.YEAR_END, ReportKind.NOMINATION_LETTER):
        for _ in range(per_kind):
            Report.objects.create(kind=kind, province=world.province, year=2026, bloc_year=world.own, title="X",
                                  context={}, inputs_hash="0" * 64)
