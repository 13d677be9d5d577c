"""The report pipeline in eager mode: request → render → stored file; same inputs reuse it."""
import subprocess

import pytest
from django.core.files.storage import default_storage

from reports.domain import pipeline
from reports.enums import ReportKind, ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db


def test_year_end_report_renders_and_is_reused(world, django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.request_report(kind=ReportKind.YEAR_END, user=world.secretariat, subject=world.own)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert report.pages >= 1 and len(report.sha256) == 64
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(default_storage.open(report.file.name).read())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert world.own.memberships.first().name_at_time in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "sig-leader" in report.layout

    again = pipeline.request_report(kind=ReportKind.YEAR_END, user=world.secretariat, subject=world.own)
    assert again.pk == report.pk
    assert Report.objects.count() == 1


def test_broker_down_leaves_the_job_waiting(world, django_capture_on_commit_callbacks, monkeypatch):
    from reports import tasks

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.task_render_report, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.request_report(kind=ReportKind.YEAR_END, user=world.secretariat, subject=world.own)
    report.refresh_from_db()
    assert (report.status, report.dispatched) == (ReportStatus.QUEUED, False)
    monkeypatch.undo()
    assert pipeline.redispatch_waiting_reports() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def _settings(module, expression, **env):
    """Evaluate `expression` against the settings `module` in a fresh interpreter with `env`."""
    import os
    import sys

    from django.conf import settings

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_URL"))}
    environ.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="x", **env)
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings as s; print(repr({expression}))"],
        capture_output=True, text=True, env=environ, cwd=settings.BASE_DIR)
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


@pytest.mark.unit
@pytest.mark.parametrize("module", ["emulation.settings.production", "emulation.settings.local"])
def test_with_redis_configured_nothing_renders_in_the_web_request(module):
    assert _settings(module, "(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
                     REDIS_URL="redis://redis:6379/0") == "(False, 'redis://redis:6379/0')"
    assert _settings(module, "s.CELERY_TASK_ALWAYS_EAGER") == "True"  # `make run` without Redis


@pytest.mark.unit
def test_time_limits_stay_below_the_visibility_timeout():
    module = "emulation.settings.production"
    limits = "(s.CELERY_TASK_SOFT_TIME_LIMIT, s.CELERY_TASK_TIME_LIMIT, " \
             "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])"
    assert _settings(module, limits) == "(240, 300, 3600)"
    assert _settings(module, limits, CELERY_VISIBILITY_TIMEOUT="12", CELERY_TASK_TIME_LIMIT="10") == "(8, 10, 12)"
    refused = _settings(module, limits, CELERY_VISIBILITY_TIMEOUT="200")
    assert refused.startswith("django.core.exceptions.ImproperlyConfigured: Celery: need 0 < soft time limit")


def test_a_job_tried_too_often_fails_instead_of_running_again(world):
    report = Report.objects.create(kind=ReportKind.YEAR_END, province=world.province, year=world.own.year,
                                   bloc_year=world.own, title="Báo cáo", context={"document": {}},
                                   inputs_hash="1" * 64, status=ReportStatus.RENDERING,
                                   attempts=pipeline.MAX_ATTEMPTS, error="WorkerLostError")
    assert pipeline.start_rendering(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "Đã thử tạo tệp 4 lần mà không xong (lần cuối: WorkerLostError)."


def test_a_refused_broker_answers_at_once(world, django_capture_on_commit_callbacks, settings):
    import time

    from emulation.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:9/0"  # nothing listens there
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            report = pipeline.request_report(kind=ReportKind.YEAR_END, user=world.secretariat, subject=world.own)
        assert time.monotonic() - started < 1
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
    report.refresh_from_db()
    assert (report.status, report.dispatched) == (ReportStatus.QUEUED, False)


@pytest.mark.unit
@pytest.mark.parametrize(("seconds", "label"), [(20, "dưới 1 phút"), (300, "5 phút"), (5400, "1 giờ 30 phút"),
                                                (3 * 86400 + 7200, "3 ngày 2 giờ")])
def test_the_queue_shows_ages_to_the_minute(seconds, label):
    from datetime import timedelta

    from reports.views.jobs import age_label

    assert age_label(timedelta(seconds=seconds)) == label
