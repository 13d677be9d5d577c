"""Signing (issue 5): the time of `sign_report` on the year-end report of the bloc of 15 members x 60 criteria
(bench/generate_scoring.py; rows "[15x12]"), target <= 0.5 s.

The report is rendered once in this process. Each sample signs it as the leader of the bloc's leader unit
(decrypt the PKCS#12, open it with the passphrase, lock the row, one PAdES incremental update with the visible
stamp, store the file, the signature row and the audit record) inside a savepoint rolled back afterwards, so
every sample signs the same unsigned file. The figures add the deputy's signature on top of the leader's (the
second incremental update) and the validation of both (the verification page's work).
"""
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.enums import Role
from bench.generate import _user
from bench.generate_scoring import scoring_world
from bench.registry import Measurement, case
from reports.domain import certificates, pipeline, signing, verification
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from scoring.domain.ranking import compute_ranking
from scoring.models import Ranking

SIZE = "15x12"
PASSPHRASE = "bench-mat-khau"
SAMPLES_CAP, WARMUP_CAP = 30, 3


@contextmanager
def _media():
    directory = tempfile.mkdtemp(prefix="bench-sign-")
    try:
        with override_settings(MEDIA_ROOT=directory):
            yield
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _leaders(data):
    bloc_year = data.round.bloc_year
    users = []
    for slot, department in (("leader", bloc_year.leader), ("deputy", bloc_year.deputy)):
        user = _user(f"bench-sign-{slot}-{bloc_year.pk}-{time.monotonic_ns()}", role=Role.LEADER,
                     department=department, position="Giám đốc")
        certificates.issue_test_certificate(user=user, passphrase=PASSPHRASE)
        users.append(user)
    return users


def _rendered(data):
    """The year-end report with its ranking, rendered here (the test settings run the task in-process)."""
    if not Ranking.objects.filter(round=data.round).exists():
        compute_ranking(round=data.round, user=data.secretariat)
    report = pipeline.request_report(kind=ReportKind.YEAR_END, user=data.secretariat, subject=data.round.bloc_year)
    pipeline.render_report(report_id=report.pk)  # a no-op when the eager task already rendered it
    report = Report.objects.get(pk=report.pk)
    if report.status != ReportStatus.DONE:
        raise RuntimeError(f"the year-end report did not render: {report.error}")
    return report


def _sign(report, user):
    return signing.sign_report(report=Report.objects.get(pk=report.pk), user=user, passphrase=PASSPHRASE,
                               expected_version=Report.objects.get(pk=report.pk).version)


def _timed(func):
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


@case("reports.sign.year_end", unit="s", target=0.5, sizes=(SIZE,))
def sign_year_end(world, options):
    data = scoring_world(world)
    first, second, validation = [], [], []
    with _media():
        report = _rendered(data)
        leader, deputy = _leaders(data)
        for number in range(min(options.warmup, WARMUP_CAP) + min(options.repeat, SAMPLES_CAP)):
            with transaction.atomic():
                one, _ = _timed(lambda: _sign(report, leader))
                two, _ = _timed(lambda: _sign(report, deputy))
                signed = Report.objects.get(pk=report.pk)
                with signed.signed_file.open("rb") as handle:
                    pdf = handle.read()
                three, result = _timed(lambda: verification.verify_pdf(data=pdf, user=leader))
                assert result.all_ok, result
                transaction.set_rollback(True)
            if number >= min(options.warmup, WARMUP_CAP):
                first.append(one)
                second.append(two)
                validation.append(three)
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            _sign(report, leader)
            transaction.set_rollback(True)
    return Measurement(samples=first, queries=len(captured.captured_queries), figures={
        "pages": report.pages, "file_bytes": len(pdf),
        "second_signature_median_s": round(statistics.median(second), 3),
        "verify_two_signatures_median_s": round(statistics.median(validation), 3)})
