"""Pages: the Board's rendering queue ("Hàng đợi văn bản"): its province's reports waiting for the broker,
queued, rendering or failed, with their age, attempts and error; a button hands the waiting ones to the
broker again (as the beat schedule does every minute)."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from reports.domain import pipeline
from reports.domain.queries import jobs as queries

STAGE_LABELS = {
    queries.WAITING: _("Chờ máy chủ hàng đợi"),
    queries.QUEUED: _("Đang chờ xử lý"),
    queries.RENDERING: _("Đang tạo tệp"),
    queries.FAILED: _("Lỗi"),
}
STAGE_BADGES = {queries.WAITING: "text-bg-warning", queries.QUEUED: "text-bg-secondary",
                queries.RENDERING: "text-bg-info", queries.FAILED: "text-bg-danger"}


class JobsPermissionMixin(PermissionRequiredMixin):
    permission_required = "reports.view_jobs"
    raise_exception = True


class JobListView(JobsPermissionMixin, ListView):
    template_name = "reports/jobs.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return queries.render_jobs(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for job in context["jobs"]:
            job.stage = queries.STAGE_ORDER[job.stage_number]
            job.age = age_label(now - job.requested_at)
            job.stage_label, job.stage_badge = STAGE_LABELS[job.stage], STAGE_BADGES[job.stage]
        counts = queries.job_counts(user=self.request.user)
        context["counts"] = [(STAGE_LABELS[name], STAGE_BADGES[name], counts[name]) for name in queries.STAGE_ORDER]
        context["waiting"] = counts[queries.WAITING]
        context["show_province"] = self.request.user.is_superuser
        return context


def age_label(delta):
    """How long a job has waited, to the minute (Django's timesince has no Vietnamese catalogue)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return gettext("%(days)s ngày %(hours)s giờ") % {"days": days, "hours": hours}
    if hours:
        return gettext("%(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}
    return gettext("%(minutes)s phút") % {"minutes": minutes} if minutes else gettext("dưới 1 phút")


class RedispatchView(JobsPermissionMixin, View):
    """POST only: hand the province's jobs that wait for the broker to it again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        waiting = queries.waiting_job_ids(user=request.user)
        sent = pipeline.redispatch_waiting_reports(report_ids=waiting) if waiting else 0
        if sent or not waiting:
            messages.success(request, _("Đã gửi %(n)s văn bản cho máy chủ hàng đợi.") % {"n": sent})
        else:
            messages.warning(request, _("Máy chủ hàng đợi chưa sẵn sàng; các văn bản vẫn được giữ và sẽ được "
                                        "gửi lại tự động."))
        return redirect("reports:jobs")


urlpatterns = [
    path("jobs/", JobListView.as_view(), name="jobs"),
    path("jobs/redispatch/", RedispatchView.as_view(), name="jobs_redispatch"),
]
