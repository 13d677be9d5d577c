"""The Board's rendering queue: what it lists, for whom, in how many queries; handing waiting jobs over."""
import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.factories.blocs import BlocYearFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
URL = "reports:jobs"


def make_report(bloc_year, *, status, dispatched=True, attempts=0, error="", title=None, age_minutes=5,
                inputs="x"):
    report = Report.objects.create(
        kind=ReportKind.YEAR_END, province=bloc_year.bloc.province, year=bloc_year.year, bloc_year=bloc_year,
        title=title or f"Báo cáo {status} {Report.objects.count()}", context={"document": {}},
        inputs_hash=hashlib.sha256(inputs.encode()).hexdigest(), status=status, dispatched=dispatched,
        attempts=attempts, error=error)
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - timedelta(minutes=age_minutes))
    return report


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return response


def test_the_board_sees_its_province_s_open_and_failed_jobs(world, client):
    waiting = make_report(world.own, status=ReportStatus.QUEUED, dispatched=False, title="Chờ Redis",
                          age_minutes=90)
    queued = make_report(world.other, status=ReportStatus.QUEUED, title="Trong hàng đợi")
    rendering = make_report(world.own, status=ReportStatus.RENDERING, attempts=2, title="Đang vẽ")
    failed = make_report(world.own, status=ReportStatus.FAILED, attempts=1, title="Hỏng mẫu",
                         error="NoReverseMatch: 'x' is not a registered namespace", inputs="broken")
    make_report(world.own, status=ReportStatus.DONE, title="Đã xong")
    make_report(world.far, status=ReportStatus.QUEUED, dispatched=False, title="Tỉnh khác")
    superseded = make_report(world.own, status=ReportStatus.FAILED, error="OSError", title="Lỗi đã qua",
                             inputs="same", age_minutes=60)
    make_report(world.own, status=ReportStatus.DONE, title="Làm lại thành công", inputs="same", age_minutes=30)

    response = page(client, world.board)
    jobs = list(response.context["jobs"])
    assert jobs == [waiting, queued, rendering, failed]
    assert [job.stage for job in jobs] == ["waiting", "queued", "rendering", "failed"]
    html = response.content.decode()
    assert "Chờ máy chủ hàng đợi" in html and 'data-testid="broker-waiting"' in html
    assert "1 giờ 30 phút" in html and "5 phút" in html  # the jobs' ages
    assert "NoReverseMatch: &#x27;x&#x27; is not a registered namespace" in html
    assert "Tỉnh khác" not in html and "Đã xong" not in html and superseded.title not in html
    assert [(str(label), n) for label, _badge, n in response.context["counts"]] == [
        ("Chờ máy chủ hàng đợi", 1), ("Đang chờ xử lý", 1), ("Đang tạo tệp", 1), ("Lỗi", 1)]

    far = page(client, world.far_board).content.decode()
    assert "Tỉnh khác" in far and "Chờ Redis" not in far


def test_an_empty_queue_says_so(world, client):
    html = page(client, world.board).content.decode()
    assert "Không có văn bản nào đang chờ hoặc bị lỗi." in html
    assert 'data-testid="broker-waiting"' not in html


def test_the_queue_page_queries_do_not_grow_with_rows(world, client):
    make_report(world.own, status=ReportStatus.QUEUED, dispatched=False)

    def count():
        client.force_login(world.board)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(URL)).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for n in range(30):
        by = BlocYearFactory(bloc=world.own.bloc, year=2000 + n) if n % 3 == 0 else world.other
        make_report(by, status=(ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.FAILED)[n % 3],
                    dispatched=n % 2 == 0, error="lỗi" if n % 3 == 2 else "", inputs=f"n{n}")
    assert count() == few


def test_handing_the_waiting_jobs_to_the_broker_again(world, client, monkeypatch):
    from reports.domain import pipeline

    waiting = make_report(world.own, status=ReportStatus.QUEUED, dispatched=False)
    far = make_report(world.far, status=ReportStatus.QUEUED, dispatched=False)
    sent = []
    monkeypatch.setattr(pipeline, "dispatch", lambda *, report_id, connection: sent.append(report_id) or True)
    client.force_login(world.board)
    response = client.post(reverse("reports:jobs_redispatch"), follow=True)
    assert sent == [waiting.pk]  # not the other province's
    assert "Đã gửi 1 văn bản cho máy chủ hàng đợi." in response.content.decode()

    monkeypatch.setattr(pipeline, "dispatch", lambda *, report_id, connection: False)  # the broker is still away
    response = client.post(reverse("reports:jobs_redispatch"), follow=True)
    assert "Máy chủ hàng đợi chưa sẵn sàng" in response.content.decode()
    far.refresh_from_db()
    assert not far.dispatched


def test_others_are_refused(world, client):
    client.force_login(world.secretariat)
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse("reports:jobs_redispatch")).status_code == 403


def test_the_navbar_links_the_queue_for_the_board_only(world, client):
    link = f'href="{reverse(URL)}"'
    assert link in page(client, world.board).content.decode()
    client.force_login(world.secretariat)
    assert link not in client.get(reverse("dashboard")).content.decode()
