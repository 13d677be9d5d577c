"""A real Celery worker (not eager) renders the year-end report of a demo bloc from Redis."""
import subprocess

import pytest
from django.core.files.storage import default_storage

from accounts.enums import Role
from accounts.models import User
from audit.models import AuditEvent
from blocs.models import BlocYear
from reports.domain import pipeline
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.reports.worker.processes import wait_for
from tests.scoring.demo.loading import load_demo

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
RENDER_TIMEOUT = 120


def wait_until_finished(report, worker, timeout=RENDER_TIMEOUT):
    def finished():
        report.refresh_from_db()
        return report.is_finished

    wait_for(finished, timeout=timeout, message=lambda: f"{report.status}; worker log:\n{worker.output()[-3000:]}")
    return report


def test_the_worker_renders_the_demo_year_end_report_with_the_serif_embedded(broker, start_worker, media_root,
                                                                              tmp_path):
    load_demo()
    bloc_year = BlocYear.objects.get(bloc__province__code="quang-ngai", year=2017)
    secretariat = User.objects.filter(role=Role.SECRETARIAT, bloc=bloc_year.bloc).first()
    worker = start_worker(broker)

    report = pipeline.request_report(kind=ReportKind.YEAR_END, user=secretariat, subject=bloc_year)
    report.refresh_from_db()
    assert report.dispatched and report.status in (ReportStatus.QUEUED, ReportStatus.RENDERING)

    wait_until_finished(report, worker)
    assert (report.status, report.error, report.attempts) == (ReportStatus.DONE, "", 1)
    assert "Task reports.render[" in worker.output()
    pdf = tmp_path / "year-end.pdf"
    pdf.write_bytes(default_storage.open(report.file.name).read())
    assert (media_root / report.file.name).exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    names = list(bloc_year.memberships.values_list("name_at_time", flat=True))
    assert len(names) == 11
    flat = " ".join(text.split())
    for name in names:
        assert name in flat, name
    assert "Văn phòng HĐND tỉnh" in flat and "Kho bạc Nhà nước tỉnh" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    serif = {line.split()[0].split("+")[-1]: line.split()[-5:-2] for line in fonts.splitlines()
             if "Liberation-Serif" in line or "LiberationSerif" in line}  # name type encoding emb sub uni id
    assert serif.get("Liberation-Serif") == ["yes", "yes", "yes"], fonts  # embedded, subset, ToUnicode map
    assert AuditEvent.objects.filter(event_type="report.rendered", object_id=str(report.pk)).count() == 1
    assert Report.objects.count() == 1
