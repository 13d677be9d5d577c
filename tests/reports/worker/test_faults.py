"""Faults against a real worker: SIGKILL mid-render (the pool child, then the whole worker), a duplicate
delivery, a template error, a transient error, Redis down when a report is requested."""
import time
from pathlib import Path

import pytest
import redis
from django.urls import reverse

from audit.middleware import request_id_bound
from audit.models import AuditEvent
from reports.domain import pipeline
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.reports.worker.processes import publishing_to, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
TIMEOUT = 120
RENDER_DELAY = 3  # seconds the renderer pauses before the file is written: the window to kill it in


def stored_files(media_root):
    return sorted(p.relative_to(media_root) for p in (media_root / "reports").rglob("*") if p.is_file())


def rendered_events(report):
    return AuditEvent.objects.filter(event_type="report.rendered", object_id=str(report.pk))


def status_of(report):
    report.refresh_from_db()
    return report.status


def wait_for_status(report, status, worker, timeout=TIMEOUT):
    wait_for(lambda: status_of(report) == status, timeout=timeout,
             message=lambda: f"{report.status} != {status}; {report.error}\nworker log:\n{worker.output()[-4000:]}")
    return report


def queue_is_empty(broker_url):
    client = redis.Redis.from_url(broker_url)
    try:
        return client.llen("celery") == 0 and client.zcard("unacked_index") == 0
    finally:
        client.close()


def request_year_end(world):
    return pipeline.request_report(kind=ReportKind.YEAR_END, user=world.secretariat, subject=world.own)


def test_a_killed_pool_child_s_job_runs_again_and_one_file_is_stored(world, broker, start_worker, media_root):
    worker = start_worker(broker, REPORTS_TEST_RENDER_DELAY=RENDER_DELAY)
    report = request_year_end(world)
    wait_for_status(report, ReportStatus.RENDERING, worker)
    first_child = worker.kill_pool_child()

    wait_for_status(report, ReportStatus.DONE, worker)
    assert "WorkerLostError" in worker.output()
    assert worker.pool_children() and worker.pool_children() != [first_child]
    assert (report.attempts, report.error) == (2, "")
    assert stored_files(media_root) == [Path(report.file.name)]
    assert rendered_events(report).count() == 1
    assert Report.objects.count() == 1


def test_a_killed_worker_s_job_is_handed_out_again_after_the_visibility_timeout(world, broker, start_worker,
                                                                               media_root):
    limits = dict(CELERY_VISIBILITY_TIMEOUT=12, CELERY_TASK_TIME_LIMIT=10)
    worker = start_worker(broker, REPORTS_TEST_RENDER_DELAY=RENDER_DELAY, **limits)
    report = request_year_end(world)
    wait_for_status(report, ReportStatus.RENDERING, worker)
    killed_at = time.monotonic()
    worker.kill()
    assert not queue_is_empty(broker)  # the job is held as unacknowledged, nobody answers for it
    time.sleep(max(0.0, limits["CELERY_VISIBILITY_TIMEOUT"] + 1 - (time.monotonic() - killed_at)))
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not stored_files(media_root)

    restarted = start_worker(broker, **limits)  # restores the unacknowledged job as it starts polling
    wait_for_status(report, ReportStatus.DONE, restarted)
    assert (report.attempts, report.error) == (2, "")
    assert len(stored_files(media_root)) == 1
    assert rendered_events(report).count() == 1
    wait_for(lambda: queue_is_empty(broker), timeout=30, message="the job was not acknowledged")


def test_a_duplicate_delivery_renders_once(world, broker, start_worker, media_root):
    report = request_year_end(world)  # dispatched: one job in the queue
    assert pipeline.dispatch(report_id=report.pk)  # and the same job again, as a redelivery would
    worker = start_worker(broker)
    wait_for_status(report, ReportStatus.DONE, worker)
    wait_for(lambda: queue_is_empty(broker) and worker.output().count("succeeded in") == 2, timeout=TIMEOUT,
             message=lambda: worker.output()[-3000:])
    report.refresh_from_db()
    assert report.attempts == 1
    assert len(stored_files(media_root)) == 1
    assert rendered_events(report).count() == 1


def test_a_template_error_fails_at_once_with_its_reason(world, broker, start_worker, media_root):
    worker = start_worker(broker)
    report = Report.objects.create(kind="broken_for_tests", province=world.province, year=world.own.year,
                                   bloc_year=world.own, title="Văn bản hỏng", inputs_hash="0" * 64,
                                   context={"document": {"title": "Văn bản hỏng"}})
    assert pipeline.dispatch(report_id=report.pk)
    wait_for_status(report, ReportStatus.FAILED, worker)
    assert report.error.startswith("NoReverseMatch:") and "no_such_page" in report.error
    assert report.attempts == 1
    wait_for(lambda: queue_is_empty(broker), timeout=30, message="the job was not acknowledged")
    time.sleep(2)  # a retry would have been due by now (the first backoff is 1 s)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.FAILED, 1)
    assert "Retry in" not in worker.output()
    assert AuditEvent.objects.filter(event_type="report.failed", object_id=str(report.pk)).count() == 1
    assert not stored_files(media_root)


def test_a_transient_error_is_retried_and_the_report_completes(world, broker, start_worker, media_root, tmp_path):
    flag = tmp_path / "fail-once"
    flag.write_text("raise an OSError at the next rendering")
    worker = start_worker(broker, REPORTS_TEST_FAIL_ONCE_FLAG=flag)
    report = request_year_end(world)
    wait_for_status(report, ReportStatus.DONE, worker)
    assert not flag.exists()
    assert (report.attempts, report.error) == (2, "")
    assert "injected transient fault" in worker.output() and "Retry in 1s" in worker.output()
    assert len(stored_files(media_root)) == 1
    assert rendered_events(report).count() == 1


def test_a_transient_error_that_persists_fails_after_three_retries_with_its_reason(world, broker, start_worker,
                                                                                 media_root, tmp_path):
    flag = tmp_path / "fail-often"
    flag.write_text("5")  # more failures than the tries allowed
    worker = start_worker(broker, REPORTS_TEST_FAIL_ONCE_FLAG=flag)
    report = request_year_end(world)
    wait_for_status(report, ReportStatus.FAILED, worker)
    assert report.attempts == pipeline.MAX_ATTEMPTS == 4  # the first try and three retries
    assert report.error.startswith("OSError: injected transient fault")
    assert all(f"Retry in {s}s" in worker.output() for s in (1, 2, 4))  # backing off between the tries
    # Acknowledged and nothing scheduled: a retry waiting for its countdown would sit unacknowledged.
    wait_for(lambda: queue_is_empty(broker), timeout=30, message="the job was not acknowledged")
    time.sleep(2)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.FAILED, 4)
    assert flag.read_text() == "1"  # exactly four renderings were tried
    assert not stored_files(media_root)


def test_the_worker_carries_the_request_id_into_its_log_and_the_audit_trail(world, broker, start_worker):
    worker = start_worker(broker)
    with request_id_bound("req-5f3a9c"):
        report = request_year_end(world)
    wait_for_status(report, ReportStatus.DONE, worker)
    assert f"report {report.pk}: rendering (request req-5f3a9c, try 1)" in worker.output()
    assert rendered_events(report).get().request_id == "req-5f3a9c"
    assert AuditEvent.objects.get(event_type="report.requested", object_id=str(report.pk)).request_id == "req-5f3a9c"


def test_reports_requested_while_redis_is_down_wait_and_complete_when_it_returns(world, own_redis, start_worker,
                                                                                 client, media_root):
    """Through the request page: the answer comes at once, the report's page and the Board's queue say it
    waits; when Redis is back the page's poll hands one job over, the starting worker the other."""
    client.force_login(world.board)
    with publishing_to(own_redis.url):
        own_redis.stop()
        pages = []
        for bloc_year in (world.own, world.other):
            started = time.monotonic()
            response = client.post(reverse("reports:bloc_year_request", args=[bloc_year.pk, ReportKind.YEAR_END]))
            assert time.monotonic() - started < 2
            assert response.status_code == 302
            pages.append(response.url)
        polled, at_start = (Report.objects.get(bloc_year=by) for by in (world.own, world.other))
        for report in (polled, at_start):
            assert (report.status, report.dispatched) == (ReportStatus.QUEUED, False)
        assert 'data-testid="waiting"' in client.get(pages[0]).content.decode()
        queue = client.get(reverse("reports:jobs")).content.decode()
        assert "2 văn bản đang chờ máy chủ hàng đợi" in queue

        own_redis.start()
        client.get(pages[0], headers={"HX-Request": "true"})  # the report page's poll
        polled.refresh_from_db()
        at_start.refresh_from_db()
        assert (polled.dispatched, at_start.dispatched) == (True, False)
        worker = start_worker(own_redis.url)  # hands the other waiting job over as it starts
        for report in (polled, at_start):
            wait_for_status(report, ReportStatus.DONE, worker)
            assert report.dispatched and report.attempts == 1
    assert len(stored_files(media_root)) == 2
