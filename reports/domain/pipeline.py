"""The life of a report: requested in the web request, rendered by a Celery worker, reused when nothing changed.

The request only snapshots the inputs and hands the job to the broker after the commit. If the broker is
down the row stays queued with `dispatched=False`; `redispatch_waiting_reports` hands it over again when Redis
is back (from the status poll, the beat schedule and every worker's start), so no job is lost.
"""
import hashlib
import json
import logging
import time
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from audit.middleware import current_request_id
from emulation.broker import broker_connection
from reports.domain import contexts, rendering
from reports.enums import ReportKind, ReportStatus
from reports.models import Report

logger = logging.getLogger(__name__)
# Bump when a template or the stylesheet changes what the same inputs look like: old files are not reused.
LAYOUT_VERSION = "1"
LIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.DONE)
# A rendering is tried at most this often, whatever ended the earlier tries: a transient error (retried by the
# task), a killed worker (the job delivered again), a hard time limit (the job handed out again as abandoned).
# Without the bound a document that kills its worker every time would be delivered again for ever.
MAX_ATTEMPTS = 4


def hash_inputs(*, kind, context):
    payload = json.dumps({"kind": kind, "layout": LAYOUT_VERSION, "context": context}, sort_keys=True,
                         ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def request_report(*, kind, user, subject):
    """Queue the rendering of `kind` about `subject` (a bloc-year, ballot round, award decision, or a
    (province, year) pair), or return the report already made from the same inputs."""
    if kind not in ReportKind.values:
        raise ValidationError(_("Loại văn bản không hợp lệ."))
    fields = contexts.subject_fields(kind=kind, subject=subject)
    context = contexts.build_context(kind=kind, subject=subject)
    inputs_hash = hash_inputs(kind=kind, context=context)
    with transaction.atomic():
        existing = (Report.objects.select_for_update()
                    .filter(kind=kind, inputs_hash=inputs_hash, status__in=LIVE_STATUSES, **fields)
                    .order_by("-requested_at").first())
        if existing is not None:
            return existing
        report = Report.objects.create(kind=kind, title=context["document"]["title"], context=context,
                                       inputs_hash=inputs_hash, requested_by=user, **fields)
        record_event(actor=user, event_type="report.requested", obj=report,
                     new_value={"kind": kind, "inputs_hash": inputs_hash})
        transaction.on_commit(lambda: dispatch(report_id=report.pk), robust=True)
    return report


def dispatch(*, report_id, connection=None):
    """Hand the job to the broker; False (and the row left waiting) when the broker cannot be reached. The job
    carries the id of the web request that asked for it, so the worker's log lines and events carry it too."""
    from reports.tasks import task_render_report  # the task module imports this one

    try:
        with nullcontext(connection) if connection is not None else broker_connection() as conn:
            task_render_report.apply_async(kwargs={"report_id": str(report_id), "request_id": current_request_id()},
                                           retry=False, connection=conn)
    except Exception as exc:  # kombu OperationalError, redis ConnectionError, OSError: the broker is away
        logger.warning("report %s waits for the broker: %s", report_id, exc)
        return False
    Report.objects.filter(pk=report_id, dispatched=False).update(dispatched=True)
    return True


def redispatch_waiting_reports(*, report_ids=None):
    """Hand over again every job the broker never got, and every rendering abandoned past the time limit."""
    stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    waiting = Report.objects.filter(status=ReportStatus.QUEUED, dispatched=False)
    abandoned = Report.objects.filter(status=ReportStatus.RENDERING, started_at__lt=stale)
    if report_ids is not None:
        waiting, abandoned = waiting.filter(pk__in=report_ids), abandoned.filter(pk__in=report_ids)
    abandoned.update(status=ReportStatus.QUEUED, dispatched=False)
    sent = 0
    with broker_connection() as connection:
        for report_id in waiting.order_by("requested_at").values_list("pk", flat=True):
            if not dispatch(report_id=report_id, connection=connection):
                break  # the broker is still away: the rest wait for the next pass
            sent += 1
    return sent


def start_rendering(*, report_id):
    """Claim the job; None when there is nothing to do (already done, failed, gone, or tried too often)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_finished:
            return None
        if report.attempts >= MAX_ATTEMPTS:
            reason = _("Đã thử tạo tệp %(n)s lần mà không xong (lần cuối: %(error)s).") % {
                "n": report.attempts, "error": report.error or _("tiến trình tạo tệp bị dừng giữa chừng")}
            mark_failed(report_id=report.pk, reason=reason)
            return None
        report.status, report.started_at = ReportStatus.RENDERING, timezone.now()
        report.attempts += 1
        report.dispatched = True
        report.save(update_fields=["status", "started_at", "attempts", "dispatched"])
        return report


def render_report(*, report_id):
    """Render a claimed report and store its file; exactly one file per report, whatever was retried."""
    report = start_rendering(report_id=report_id)
    if report is None:
        return Report.objects.filter(pk=report_id).first()
    started = time.monotonic()
    pdf, pages, layout = rendering.render_pdf(kind=report.kind, context=report.context)
    return _store(report_id=report.pk, pdf=pdf, pages=pages, layout=layout, seconds=time.monotonic() - started)


def _store(*, report_id, pdf, pages, layout, seconds):
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.DONE:
            return report  # a duplicate delivery finished first
        name = f"reports/{report.year}/{report.pk}.pdf"
        if default_storage.exists(name):  # left by an attempt killed between the save and the commit
            default_storage.delete(name)
        report.file.name = default_storage.save(name, ContentFile(pdf))
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.pages, report.layout, report.render_seconds = pages, layout, seconds
        report.status, report.finished_at, report.error = ReportStatus.DONE, timezone.now(), ""
        report.save(update_fields=["file", "sha256", "pages", "layout", "render_seconds", "status", "finished_at", "error"])
        # The worker does what the requester asked: the event names them, and carries their request's id.
        record_event(actor=report.requested_by, event_type="report.rendered", obj=report,
                     new_value={"sha256": report.sha256, "pages": pages})
        return report


def mark_failed(*, report_id, reason):
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == ReportStatus.DONE:
            return report
        report.status, report.error, report.finished_at = ReportStatus.FAILED, reason[:2000], timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        record_event(actor=report.requested_by, event_type="report.failed", obj=report,
                     new_value={"error": report.error})
        return report


def mark_retrying(*, report_id, reason):
    """A transient failure: back to the queue, with the reason shown while it waits for the retry."""
    Report.objects.filter(pk=report_id, status=ReportStatus.RENDERING).update(
        status=ReportStatus.QUEUED, error=reason[:2000])


def mark_waiting(*, report_id):
    """The job could not be handed back to the broker: the redispatch passes pick it up."""
    Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(dispatched=False)
