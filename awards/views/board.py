"""The Board's pages: the dashboard of every bloc of its province (filters, counts against quotas, overdue
items, the paginated list, the chart), the proposal list to the Council as Excel, and the score and ranking
trends of a bloc or a department across years."""
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from awards import charts
from awards.domain.nominations import AWAITING_DECISION
from awards.domain.queries import board as queries
from awards.enums import NominationStatus
from awards.exporters import export_proposal_list, proposal_filename
from awards.forms.nominations import BoardFilterForm
from blocs.domain.queries import blocs_visible_to, departments_visible_to
from emulation.views_base import ScopedObjectMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 25


class BoardFiltersMixin(PermissionRequiredMixin):
    permission_required = "awards.view_board_dashboard"
    raise_exception = True

    def resolve_filters(self):
        """The province (the Board's own; a superuser picks one), then the validated GET filters."""
        user, params = self.request.user, self.request.GET
        scope = queries.board_provinces(user)
        provinces = list(scope)
        by_pk = {p.pk: p for p in provinces}
        asked = params.get("province", "")
        province = (by_pk.get(int(asked)) if asked.isdigit() and len(asked) < 12 else None) or (
            by_pk.get(user.province_id)) or (provinces[0] if provinces else None)
        years = queries.years_of(province=province) if province else []
        self.blocs = queries.province_blocs(province=province) if province else []
        self.award_types = queries.province_award_types(province=province) if province else []
        form = BoardFilterForm(params or None, provinces=scope, province_list=provinces, province=province,
                               years=years, blocs=self.blocs, award_types=self.award_types)
        filters = queries.Filters(
            province=province, year=form.value("year") or (years[0] if years else None), bloc=form.value("bloc"),
            award_type=form.value("award_type"), status=form.value("status") or "",
            overdue=bool(form.value("overdue")))
        return form, filters

    def query_string(self):
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()


def with_detail_urls(nominations):
    """Each nomination's page address, made from one reverse: {% url %} in the dashboard's three loops was a
    tenth of its rendering time."""
    pattern = reverse("awards:nomination_detail", args=[0]).replace("/0/", "/%d/")
    for nomination in nominations:
        nomination.detail_url = pattern % nomination.pk
    return nominations


def with_line_urls(summary):
    pattern = reverse("awards:bloc_year_nominations", args=[0]).replace("/0/", "/%d/")
    for line in summary.lines:
        line.nominations_url = pattern % line.bloc_year_id if line.bloc_year_id else ""
    return summary


class BoardDashboardView(BoardFiltersMixin, TemplateView):
    template_name = "awards/board/dashboard.html"

    def get_context_data(self, **kwargs):
        form, filters = self.resolve_filters()
        kwargs.update(form=form, filters=filters, query_string=self.query_string(), today=timezone.localdate(),
                      awaiting=[str(status) for status in AWAITING_DECISION],
                      choose_province=len(form.fields["province"].choices) > 1,
                      filter_errors=[(form[name].label, errors) for name, errors in form.errors.items()])
        if filters.province is not None:
            summary = queries.board_summary(filters=filters, blocs=self.blocs, award_types=self.award_types)
            page = Paginator(queries.board_list_nominations(user=self.request.user, filters=filters),
                             PAGE_SIZE).get_page(self.request.GET.get("page"))
            page.object_list = with_detail_urls(list(page.object_list))
            kwargs.update(
                summary=with_line_urls(summary), page_obj=page,
                status_counts=[(label, summary.status_counts.get(value, 0)) for value, label in NominationStatus.choices
                               if value != NominationStatus.DRAFT], is_paginated=page.has_other_pages(),
                overdue=with_detail_urls(queries.overdue_nominations(user=self.request.user, filters=filters)),
                chart=charts.quota_chart(rows=[
                    (line.bloc.name, line.places if any(c.places is not None for c in line.cells) else None,
                     line.pending, line.approved) for line in summary.lines]) if summary.lines else None,
            )
        return super().get_context_data(**kwargs)


class BoardExportView(BoardFiltersMixin, TemplateView):
    """The proposal list (danh sách đề nghị) of the dashboard's filters, as .xlsx."""

    def get(self, request, *args, **kwargs):
        _form, filters = self.resolve_filters()
        rows = []
        if filters.province is not None:
            rows = queries.proposal_rows(queries.board_nominations(user=request.user, filters=filters))
        content = export_proposal_list(province=filters.province, year=filters.year, rows=rows) \
            if filters.province is not None else b""
        response = HttpResponse(content, content_type=XLSX)
        name = proposal_filename(province=filters.province, year=filters.year) if filters.province else "trong.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def trend_table(points):
    """(years, [(name, [point or None per year])]) for the table under the charts."""
    years = sorted({p.year for p in points})
    rows, names = {}, {}
    for p in points:
        names.setdefault(p.department_id, p.name)
        rows.setdefault(p.department_id, {})[p.year] = p
    return years, [(names[d], [rows[d].get(year) for year in years]) for d in names]


class TrendsMixin(ScopedObjectMixin):
    template_name = "awards/board/trends.html"

    def trend_context(self, points, subject):
        years, rows = trend_table(points)
        return {"years": years, "rows": rows, "subject": subject,
                "score_chart": charts.score_trend_chart(points=points, subject=subject) if points else None,
                "rank_chart": charts.rank_trend_chart(points=points, subject=subject) if points else None}


class BlocTrendsView(TrendsMixin, DetailView):
    permission_required = "blocs.view_bloc"
    scope = staticmethod(blocs_visible_to)
    context_object_name = "bloc"

    def get_context_data(self, **kwargs):
        kwargs.update(self.trend_context(queries.bloc_trend(user=self.request.user, bloc=self.object),
                                         self.object.name))
        return super().get_context_data(**kwargs)


class DepartmentTrendsView(TrendsMixin, DetailView):
    permission_required = "blocs.view_department"
    scope = staticmethod(departments_visible_to)
    context_object_name = "department"

    def get_context_data(self, **kwargs):
        kwargs.update(self.trend_context(queries.department_trend(user=self.request.user, department=self.object),
                                         self.object.name))
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("board/", BoardDashboardView.as_view(), name="board_dashboard"),
    path("board/proposals.xlsx", BoardExportView.as_view(), name="board_export"),
    path("blocs/<int:pk>/trends/", BlocTrendsView.as_view(), name="bloc_trends"),
    path("departments/<int:pk>/trends/", DepartmentTrendsView.as_view(), name="department_trends"),
]
