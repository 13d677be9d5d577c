"""Pages of the documents: a bloc-year's documents, a ballot round's minutes, the Board's province summary
of a year (each with its "Tạo văn bản" button and the link to the texts), the texts page, and a report's
own page, which follows the rendering by itself (htmx, every 2 s) and gives the download.

Requesting only snapshots the inputs and queues the job (reports.domain.pipeline); nothing is rendered in
the web request.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from emulation.exceptions import ConflictError
from emulation.views_base import DomainFormView, ScopedObjectMixin
from reports.domain import pipeline, texts
from reports.domain.queries import documents as queries
from reports.enums import BLOC_YEAR_KINDS, ReportKind, ReportStatus
from reports.forms.documents import ReportTextForm
from voting.domain.queries.rounds import rounds_visible_to

REQUEST = "reports.request_report"
# The bloc-year's own documents, in the order of its year.
BLOC_YEAR_ORDER = [k for k in (ReportKind.PLEDGE, ReportKind.MID_YEAR, ReportKind.YEAR_END,
                               ReportKind.NOMINATION_LETTER) if k in BLOC_YEAR_KINDS]
STATUS_BADGES = {ReportStatus.QUEUED: "text-bg-secondary", ReportStatus.RENDERING: "text-bg-info",
                 ReportStatus.DONE: "text-bg-success", ReportStatus.FAILED: "text-bg-danger"}
POLL_SECONDS = 2


def detail_url(report):
    return reverse("reports:report_detail", args=[report.pk])


def _kind_or_404(kind, allowed):
    if kind not in allowed:
        raise Http404
    return ReportKind(kind)


class ProvinceYearMixin:
    """The province's documents of a year: the object is the province, the subject (province, year)."""

    scope = staticmethod(provinces_visible_to)

    def get_permission_object(self):
        province = super().get_permission_object()
        return (province, self.kwargs["year"])

    def get_object(self, queryset=None):
        if not 2000 <= self.kwargs["year"] <= 2100:
            raise Http404
        return super().get_object(queryset)


# --- listing pages -----------------------------------------------------------------------------------------------


class BlocYearDocumentsView(ScopedObjectMixin, DetailView):
    permission_required = "blocs.view_blocyear"
    template_name = "reports/bloc_year_documents.html"
    context_object_name = "bloc_year"
    scope = staticmethod(lambda user: bloc_years_visible_to(user).select_related("bloc__province"))

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        latest = queries.latest_reports(bloc_year=bloc_year)
        rounds = list(queries.rounds_with_minutes(bloc_year=bloc_year))
        for round_ in rounds:
            round_.minutes_label = ReportStatus(round_.minutes_status).label if round_.minutes_status else ""
        kwargs.update(
            documents=[(kind, kind.label, latest.get(kind)) for kind in BLOC_YEAR_ORDER], rounds=rounds,
            can_request=user.has_perm(REQUEST, bloc_year),
            can_edit_text=user.has_perm(texts.EDIT_TEXT, bloc_year),
            text_kinds=[(k, ReportKind(k).label) for k in texts.BLOC_YEAR_TEXT_KINDS],
            can_see_summary=user.has_perm(REQUEST, (bloc_year.bloc.province, bloc_year.year)))
        return super().get_context_data(**kwargs)


class RoundMinutesView(ScopedObjectMixin, DetailView):
    """A counted ballot round's minutes: every minutes document made of it, latest first."""

    permission_required = "voting.view_round"
    template_name = "reports/round_minutes.html"
    context_object_name = "round"
    scope = staticmethod(rounds_visible_to)

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.object
        kwargs.update(reports=list(round_.reports.filter(kind=ReportKind.VOTE_MINUTES).order_by("-requested_at")),
                      can_request=user.has_perm(REQUEST, round_),
                      can_edit_text=user.has_perm(texts.EDIT_TEXT, round_.bloc_year))
        return super().get_context_data(**kwargs)


class ProvinceSummaryView(ProvinceYearMixin, ScopedObjectMixin, DetailView):
    """The Board's summary of all its blocs in a year: the documents made, the texts, the request."""

    permission_required = REQUEST
    template_name = "reports/province_summary.html"
    context_object_name = "province"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        kwargs.update(year=year, years=queries.province_years(province=self.object),
                      bloc_years=list(queries.province_bloc_years(province=self.object, year=year)),
                      reports=list(queries.province_summary_reports(province=self.object, year=year)),
                      can_edit_text=self.request.user.has_perm(texts.EDIT_TEXT, (self.object, year)))
        return super().get_context_data(**kwargs)


# --- requesting -------------------------------------------------------------------------------------------------


class RequestReportView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST only: snapshot the inputs and queue the rendering; go to the report's page (the same report when
    nothing changed since the last one)."""

    permission_required = REQUEST
    http_method_names = ["post"]
    kinds = ()

    def kind(self):
        return _kind_or_404(self.kwargs["kind"], self.kinds)

    def subject(self):
        return self.get_permission_object()

    def post(self, request, *args, **kwargs):
        kind, subject = self.kind(), self.subject()
        try:
            report = pipeline.request_report(kind=kind, user=request.user, subject=subject)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.back_url())
        if report.status == ReportStatus.DONE:
            messages.info(request, _("Dữ liệu không thay đổi từ lần tạo trước: dùng lại văn bản đã tạo."))
        else:
            messages.success(request, _("Đã gửi yêu cầu tạo văn bản; trang này tự cập nhật khi văn bản xong."))
        return redirect(detail_url(report))


class BlocYearRequestView(RequestReportView):
    kinds = BLOC_YEAR_KINDS
    scope = staticmethod(lambda user: bloc_years_visible_to(user).select_related("bloc__province", "leader", "deputy"))

    def back_url(self):
        return reverse("reports:bloc_year_documents", args=[self.object.pk])


class RoundMinutesRequestView(RequestReportView):
    scope = staticmethod(lambda user: rounds_visible_to(user).select_related("bloc_year__leader", "parent"))

    def kind(self):
        return ReportKind.VOTE_MINUTES

    def back_url(self):
        return reverse("reports:round_minutes", args=[self.object.pk])


class ProvinceSummaryRequestView(ProvinceYearMixin, RequestReportView):
    def kind(self):
        return ReportKind.PROVINCE_SUMMARY

    def back_url(self):
        return reverse("reports:province_summary", args=[self.kwargs["pk"], self.kwargs["year"]])


# --- texts -------------------------------------------------------------------------------------------------------


class ReportTextView(DomainFormView):
    """The texts of one kind of document; a stale version answers 409 with the form and its message."""

    permission_required = texts.EDIT_TEXT
    form_class = ReportTextForm
    template_name = "reports/report_text.html"
    success_message = _("Đã lưu nội dung văn bản. Lần tạo văn bản sau sẽ dùng nội dung này.")
    kinds = ()

    def kind(self):
        return _kind_or_404(self.kwargs["kind"], self.kinds)

    def subject(self):
        return self.get_permission_object()

    def get_form_object_kwargs(self):
        return {"kind": self.kind(), "subject": self.subject()}

    def get_initial(self):
        return ReportTextForm.initial_for(texts.text_for(kind=self.kind(), subject=self.subject()))

    def form_invalid(self, form):
        conflict = any(isinstance(e, ConflictError) for e in form.errors.as_data().get("__all__", []))
        return self.render_to_response(self.get_context_data(form=form), status=409 if conflict else 200)

    def get_context_data(self, **kwargs):
        kind = self.kind()
        kwargs.setdefault("page_title", _("Nội dung văn bản: %(kind)s") % {"kind": kind.label})
        kwargs.update(kind=kind, subject_label=self.subject_label())
        return super().get_context_data(**kwargs)


class BlocYearTextView(ReportTextView):
    kinds = texts.BLOC_YEAR_TEXT_KINDS
    scope = staticmethod(lambda user: bloc_years_visible_to(user).select_related("bloc__province"))

    def subject_label(self):
        return str(self.object)

    def get_success_url(self, result=None):
        return reverse("reports:bloc_year_documents", args=[self.object.pk])


class ProvinceTextView(ProvinceYearMixin, ReportTextView):
    def kind(self):
        return ReportKind.PROVINCE_SUMMARY

    def subject_label(self):
        return f"{self.object} – {self.kwargs['year']}"

    def get_success_url(self, result=None):
        return reverse("reports:province_summary", args=[self.object.pk, self.kwargs["year"]])


# --- one report --------------------------------------------------------------------------------------------------


class ReportDetailView(ScopedObjectMixin, DetailView):
    """The report's status (polled by htmx while it is queued or rendering), its download and signatures.
    A poll hands a job that waits for the broker over again; the finished job reloads the whole page."""

    permission_required = "reports.view_report"
    template_name = "reports/report_detail.html"
    context_object_name = "report"
    scope = staticmethod(queries.reports_visible_to)

    def get_queryset(self):
        if self.request.htmx:
            return queries.report_status_visible_to(self.request.user)
        return super().get_queryset()

    def get(self, request, *args, **kwargs):
        self.object = self.get_permission_object()
        if request.htmx:
            return self.poll()
        return self.render_to_response(self.get_context_data(object=self.object))

    def poll(self):
        report = self.object
        if report.status == ReportStatus.QUEUED and not report.dispatched:
            pipeline.redispatch_waiting_reports(report_ids=[report.pk])
            report.refresh_from_db()
        response = self.response_class(request=self.request, template="reports/_report_status.html",
                                       context=self.get_context_data(object=report), using=self.template_engine)
        if report.is_finished:
            response["HX-Refresh"] = "true"  # the download and the signatures panel come with the full page
        return response

    def get_context_data(self, **kwargs):
        report = self.object
        kwargs.update(waiting=report.status == ReportStatus.QUEUED and not report.dispatched,
                      badge=STATUS_BADGES.get(report.status, "text-bg-secondary"), poll_seconds=POLL_SECONDS,
                      back_url=_subject_url(report))
        return super().get_context_data(**kwargs)


def _subject_url(report):
    if report.ballot_round_id:
        return reverse("reports:round_minutes", args=[report.ballot_round_id])
    if report.bloc_year_id:
        return reverse("reports:bloc_year_documents", args=[report.bloc_year_id])
    if report.kind == ReportKind.PROVINCE_SUMMARY:
        return reverse("reports:province_summary", args=[report.province_id, report.year])
    return None


class ReportDownloadView(ScopedObjectMixin, SingleObjectMixin, View):
    """The PDF as issued (the signed file once anyone signed), through Django and the report's permission."""

    permission_required = "reports.view_report"
    scope = staticmethod(queries.reports_visible_to)

    def get(self, request, *args, **kwargs):
        report = self.get_permission_object()
        return download_response(report)


def download_response(report):
    issued = report.issued_file
    if report.status != ReportStatus.DONE or not issued:
        raise Http404
    try:
        handle = issued.open("rb")
    except OSError:
        raise Http404 from None
    suffix = "-da-ky" if report.signed_file else ""
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                            filename=f"{report.kind.replace('_', '-')}-{report.year}-{str(report.pk)[:8]}{suffix}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("bloc-years/<int:pk>/", BlocYearDocumentsView.as_view(), name="bloc_year_documents"),
    path("bloc-years/<int:pk>/<slug:kind>/request/", BlocYearRequestView.as_view(), name="bloc_year_request"),
    path("bloc-years/<int:pk>/<slug:kind>/text/", BlocYearTextView.as_view(), name="bloc_year_text"),
    path("rounds/<int:pk>/minutes/", RoundMinutesView.as_view(), name="round_minutes"),
    path("rounds/<int:pk>/minutes/request/", RoundMinutesRequestView.as_view(), name="round_minutes_request"),
    path("provinces/<int:pk>/summary/<int:year>/", ProvinceSummaryView.as_view(), name="province_summary"),
    path("provinces/<int:pk>/summary/<int:year>/request/", ProvinceSummaryRequestView.as_view(),
         name="province_summary_request"),
    path("provinces/<int:pk>/summary/<int:year>/text/", ProvinceTextView.as_view(), name="province_text"),
    path("<uuid:pk>/", ReportDetailView.as_view(), name="report_detail"),
    path("<uuid:pk>/download/", ReportDownloadView.as_view(), name="report_download"),
]
