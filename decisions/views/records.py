"""Decision pages: the province's decisions, one decision (its lines, money, withdrawal and document), recording
one from a disclosed list or by hand, withdrawing it; the reward money of a year (page and Excel); the base
salary (everyone reads, a superuser adds)."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from decisions.domain import records as services
from decisions.domain.queries import records as queries
from decisions.enums import DecisionStatus, DisclosureStatus
from decisions.exporters import XLSX, export_money, money_filename
from decisions.forms import records as forms
from emulation.views_base import DomainFormView, ScopedObjectMixin
from reports.domain.pipeline import request_report
from reports.enums import ReportKind

PAGE_SIZE = 25


def detail_url(pk):
    return reverse("decisions:decision_detail", args=[pk])


def report_url(report):
    """The report's page when the reports app has one, else None (the decision page then shows the status)."""
    try:
        return reverse("reports:report-detail", args=[report.pk]) if report is not None else None
    except NoReverseMatch:
        return None


def _number(value, default=None):
    return int(value) if value.isdigit() and len(value) < 6 else default


class DecisionListView(TemplateView):
    """Every account reads its province's decisions (a superuser picks the province)."""

    template_name = "decisions/decision_list.html"

    def get_context_data(self, **kwargs):
        user, params = self.request.user, self.request.GET
        provinces = queries.provinces_for_decisions(user)
        asked = _number(params.get("province", ""))
        province = (provinces.filter(pk=asked).first() if asked else None) or (
            provinces.filter(pk=user.home_province_id).first() if user.home_province_id else provinces.first())
        year, status = _number(params.get("year", "")), params.get("status", "")
        status = status if status in DecisionStatus.values else ""
        rows = queries.decision_list(user=user, province=province, year=year, status=status) if province else []
        page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
        can_manage = province is not None and user.has_perm(services.MANAGE, province)
        query = params.copy()
        query.pop("page", None)
        kwargs.update(
            province=province, provinces=provinces if user.is_superuser else None, page_obj=page, year=year,
            query_string=query.urlencode(), is_paginated=page.has_other_pages(),
            status=status, statuses=DecisionStatus.choices, can_manage=can_manage,
            years=queries.decision_years(user=user, province=province) if province else [],
            ready=list(queries.disclosures_ready_for_decision(province=province)) if can_manage else [])
        return super().get_context_data(**kwargs)


class DecisionDetailView(ScopedObjectMixin, DetailView):
    permission_required = "decisions.view"
    template_name = "decisions/decision_detail.html"
    context_object_name = "decision"
    scope = staticmethod(queries.decision_detail_queryset)

    def get_context_data(self, **kwargs):
        user, decision = self.request.user, self.object
        report = queries.latest_decision_report(decision=decision)
        kwargs.update(
            lines=list(decision.lines.all()), total=queries.decision_total(decision),
            can_withdraw=decision.status == DecisionStatus.RECORDED and user.has_perm(services.MANAGE, decision),
            can_request_document=user.has_perm("reports.request_report", decision),
            report=report, report_url=report_url(report))
        return super().get_context_data(**kwargs)


class DecisionCreateView(DomainFormView):
    """A decision without a disclosed list: lines entered by hand (`?rows=` gives more empty lines)."""

    scope = staticmethod(queries.provinces_for_decisions)
    permission_required = services.MANAGE
    form_class = forms.ManualDecisionForm
    template_name = "decisions/decision_form.html"
    page_title = gettext_lazy("Ghi nhận quyết định khen thưởng")
    success_message = gettext_lazy("Đã ghi nhận quyết định; mỗi dòng được khen thưởng đã vào lịch sử khen thưởng.")

    def get_form_object_kwargs(self):
        rows = _number(self.request.GET.get("rows", ""), forms.DEFAULT_ROWS)
        return {"province": self.object, "rows": min(max(rows, 1), forms.MAX_ROWS)}

    def get_success_url(self, result=None):
        return detail_url(result.pk) if result is not None else reverse("decisions:decision_list")

    def get_cancel_url(self):
        return reverse("decisions:decision_list")


class DecisionFromDisclosureView(DomainFormView):
    """The Council's outcome on a disclosed list: tick the awarded entries."""

    scope = staticmethod(queries.disclosures_scope)
    permission_required = services.MANAGE
    form_class = forms.FromDisclosureForm
    template_name = "decisions/decision_form.html"
    page_title = gettext_lazy("Ghi nhận quyết định theo danh sách đã trình Hội đồng")
    success_message = DecisionCreateView.success_message

    def get_form_object_kwargs(self):
        return {"disclosure": self.object}

    def get_context_data(self, **kwargs):
        kwargs.update(disclosure=self.object, sent=self.object.status == DisclosureStatus.SENT_TO_COUNCIL)
        return super().get_context_data(**kwargs)

    get_success_url = DecisionCreateView.get_success_url
    get_cancel_url = DecisionCreateView.get_cancel_url


class DecisionWithdrawView(DomainFormView):
    scope = staticmethod(queries.decisions_visible_to)
    permission_required = services.MANAGE
    form_class = forms.WithdrawForm
    page_title = gettext_lazy("Thu hồi quyết định khen thưởng")
    success_message = gettext_lazy("Đã thu hồi quyết định; các khen thưởng theo quyết định không còn được tính.")

    def get_form_object_kwargs(self):
        return {"decision": self.object}

    def get_success_url(self, result=None):
        return detail_url(self.object.pk)


class DecisionDocumentView(ScopedObjectMixin, View):
    """POST: request the decision document (rendered by a worker), then go to the report's page."""

    scope = staticmethod(queries.decisions_visible_to)
    permission_required = "reports.request_report"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        decision = self.get_permission_object()
        try:
            report = request_report(kind=ReportKind.DECISION, user=request.user, subject=decision)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(detail_url(decision.pk))
        messages.success(request, _("Đã gửi yêu cầu tạo văn bản quyết định (%(status)s).")
                         % {"status": report.get_status_display()})
        return redirect(report_url(report) or detail_url(decision.pk))


class MoneyView(ScopedObjectMixin, DetailView):
    """The province's reward money of a year by award type (recorded decisions only)."""

    permission_required = "decisions.view"
    template_name = "decisions/money.html"
    context_object_name = "province"
    scope = staticmethod(queries.provinces_for_decisions)

    def resolve_year(self):
        years = queries.money_years(province=self.object)
        form = forms.YearForm(self.request.GET or None, years=years)
        year = form.cleaned_data.get("year") if form.is_valid() else None
        return form, years, year or (years[0] if years else None)

    def get_context_data(self, **kwargs):
        form, years, year = self.resolve_year()
        kwargs.update(form=form, years=years, year=year,
                      totals=queries.money_totals(province=self.object, year=year) if year else None)
        return super().get_context_data(**kwargs)


class MoneyExportView(MoneyView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_permission_object()
        _form, _years, year = self.resolve_year()
        totals = queries.money_totals(province=self.object, year=year) if year else None
        response = HttpResponse(export_money(province=self.object, year=year, totals=totals), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{money_filename(province=self.object, year=year)}"'
        return response


class BaseSalaryListView(PermissionRequiredMixin, TemplateView):
    permission_required = "decisions.view_base_salary"
    raise_exception = True
    template_name = "decisions/base_salary_list.html"

    def get_context_data(self, **kwargs):
        kwargs.update(salaries=list(queries.base_salaries()),
                      can_add=self.request.user.has_perm("decisions.add_base_salary"))
        return super().get_context_data(**kwargs)


class BaseSalaryCreateView(PermissionRequiredMixin, FormView):
    permission_required = "decisions.add_base_salary"
    raise_exception = True
    form_class = forms.BaseSalaryForm
    template_name = "form_page.html"
    form_valid = DomainFormView.form_valid
    success_message = gettext_lazy("Đã thêm mức lương cơ sở.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self, result=None):
        return reverse("decisions:base_salary_list")

    def get_context_data(self, **kwargs):
        kwargs.update(page_title=_("Thêm mức lương cơ sở"), cancel_url=self.get_success_url())
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("records/", DecisionListView.as_view(), name="decision_list"),
    path("records/<int:pk>/", DecisionDetailView.as_view(), name="decision_detail"),
    path("records/<int:pk>/withdraw/", DecisionWithdrawView.as_view(), name="decision_withdraw"),
    path("records/<int:pk>/document/", DecisionDocumentView.as_view(), name="decision_document"),
    path("provinces/<int:pk>/records/add/", DecisionCreateView.as_view(), name="decision_create"),
    path("disclosures/<int:pk>/decision/add/", DecisionFromDisclosureView.as_view(),
         name="decision_create_from_disclosure"),
    path("provinces/<int:pk>/money/", MoneyView.as_view(), name="money"),
    path("provinces/<int:pk>/money.xlsx", MoneyExportView.as_view(), name="money_export"),
    path("base-salaries/", BaseSalaryListView.as_view(), name="base_salary_list"),
    path("base-salaries/add/", BaseSalaryCreateView.as_view(), name="base_salary_create"),
]
