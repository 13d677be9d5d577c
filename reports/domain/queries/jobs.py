"""The rendering queue as the Board sees it: its province's reports not rendered yet, and the failed ones that
nothing rendered since (a later request with the same inputs that succeeded closes a failure)."""
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from blocs.rules import NOTHING
from reports.enums import ReportStatus
from reports.models import Report

WAITING, QUEUED, RENDERING, FAILED = "waiting", "queued", "rendering", "failed"
STAGE_ORDER = (WAITING, QUEUED, RENDERING, FAILED)
_STAGES = {
    WAITING: Q(status=ReportStatus.QUEUED, dispatched=False),  # the broker never got it (Redis was down)
    QUEUED: Q(status=ReportStatus.QUEUED, dispatched=True),
    RENDERING: Q(status=ReportStatus.RENDERING),
    FAILED: Q(status=ReportStatus.FAILED),
}


def jobs_scope(user):
    """The Board sees its province's queue; a superuser every province's."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    return Q(province_id=user.province_id) if user.province_id else NOTHING


def _open_jobs(user):
    rendered_since = Report.objects.filter(kind=OuterRef("kind"), inputs_hash=OuterRef("inputs_hash"),
                                           status=ReportStatus.DONE, requested_at__gt=OuterRef("requested_at"))
    return (Report.objects.filter(jobs_scope(user))
            .filter(status__in=(ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.FAILED))
            .exclude(Q(status=ReportStatus.FAILED) & Exists(rendered_since)))


def render_jobs(*, user):
    """Waiting for the broker first, then queued, rendering, failed; the oldest first within each."""
    stage = Case(*(When(condition, then=Value(number)) for number, condition in
                   enumerate(_STAGES[name] for name in STAGE_ORDER)), output_field=IntegerField())
    return (_open_jobs(user).annotate(stage_number=stage)
            .select_related("province", "bloc_year__bloc", "requested_by")
            .defer("context", "layout")
            .order_by("stage_number", "requested_at", "pk"))


def job_counts(*, user):
    """{stage: count} over the whole queue (not only the page shown)."""
    return _open_jobs(user).aggregate(**{name: Count("pk", filter=_STAGES[name]) for name in STAGE_ORDER})


def waiting_job_ids(*, user):
    return list(_open_jobs(user).filter(_STAGES[WAITING]).values_list("pk", flat=True))
