"""Celery tasks of the reports: thin, by id; the retry policy is the only thing decided here."""
from celery import shared_task
from celery.signals import worker_ready
from celery.utils.log import get_task_logger
from django.db import DatabaseError, InterfaceError

from audit.middleware import request_id_bound
from reports.domain import pipeline

logger = get_task_logger(__name__)
MAX_RETRIES = pipeline.MAX_ATTEMPTS - 1
# Failures worth another try: the database or the file system blinked. Anything else (a template error, bad
# data) would fail the same way again, so it fails at once with its reason.
TRANSIENT_ERRORS = (DatabaseError, InterfaceError, OSError, TimeoutError)


@shared_task(bind=True, name="reports.render", acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_RETRIES)
def task_render_report(self, *, report_id, request_id=""):
    """Render one report. Delivered again if the worker dies (acks_late, reject_on_worker_lost): the pipeline
    makes a second delivery harmless. `request_id`: the web request that asked, carried into the log and
    the audit events."""
    with request_id_bound(request_id):
        logger.info("report %s: rendering (request %s, try %s)", report_id, request_id or "-",
                    self.request.retries + 1)
        try:
            report = pipeline.render_report(report_id=report_id)
        except TRANSIENT_ERRORS as exc:
            reason = f"{type(exc).__name__}: {exc}"
            if self.request.retries >= MAX_RETRIES:
                pipeline.mark_failed(report_id=report_id, reason=reason)
                return "failed"
            pipeline.mark_retrying(report_id=report_id, reason=reason)
            logger.warning("report %s: %s; retrying (request %s)", report_id, reason, request_id or "-")
            try:
                retry = self.retry(exc=exc, countdown=2 ** self.request.retries, throw=False)
            except Exception as publish_error:  # the broker went away too: the redispatch hands it over later
                pipeline.mark_waiting(report_id=report_id)
                logger.warning("report %s waits for the broker: %s", report_id, publish_error)
                return "waiting"
            raise retry
        except Exception as exc:  # permanent: no retry loop
            logger.exception("report %s failed (request %s)", report_id, request_id or "-")
            pipeline.mark_failed(report_id=report_id, reason=f"{type(exc).__name__}: {exc}")
            return "failed"
        logger.info("report %s: %s (request %s)", report_id, report.status if report else "gone",
                    request_id or "-")
        return report.status if report else "gone"


@shared_task(name="reports.redispatch_waiting")
def task_redispatch_waiting_reports():
    return pipeline.redispatch_waiting_reports()


@worker_ready.connect
def _redispatch_on_worker_start(**kwargs):
    try:
        pipeline.redispatch_waiting_reports()
    except Exception:  # a worker must start even if the database is not there yet
        logger.exception("could not redispatch waiting reports at worker start")
