"""Pages of the award statistics (every account of the province): counts by type, bloc, department and
year with their charts, and the national export of the same filters as CSV and JSON."""
from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from decisions import charts
from decisions.domain.queries.statistics import StatisticsFilters, award_statistics
from decisions.domain.statistics import export_csv, export_filename, export_json
from decisions.forms.history import StatisticsFilterForm
from decisions.views.history import query_string, resolve_province


def resolve_filters(request):
    """(form or None, filters or None): the province of the request and the valid GET filters."""
    provinces, province = resolve_province(request)
    if province is None:
        return None, None
    form = StatisticsFilterForm(request.GET, provinces=provinces, province=province)
    return form, form.filters()


class StatisticsView(TemplateView):
    template_name = "decisions/statistics.html"

    def get_context_data(self, **kwargs):
        form, filters = resolve_filters(self.request)
        kwargs.update(form=form, filters=filters, query_string=query_string(self.request))
        if filters is not None:
            stats = award_statistics(filters)
            years = [line.key for line in stats.by_year]
            kwargs.update(
                stats=stats, filter_errors=form.error_list(),
                type_chart=charts.awards_by_type_chart(rows=[(t.name, n) for t, n in stats.by_type])
                if stats.award_types else None,
                year_chart=charts.awards_by_year_chart(years=years, award_types=stats.award_types,
                                                       lines=stats.by_year) if years else None)
        return super().get_context_data(**kwargs)


class ExportView(TemplateView):
    extension, content_type, render = "", "", None

    def get(self, request, *args, **kwargs):
        _form, filters = resolve_filters(request)
        if filters is None:
            filters = StatisticsFilters(province=None)
            content = b""
        else:
            content = self.render(filters)
        response = HttpResponse(content, content_type=self.content_type)
        name = export_filename(filters, self.extension) if filters.province else f"khen-thuong.{self.extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


urlpatterns = [
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("statistics/awards.csv", ExportView.as_view(extension="csv", content_type="text/csv; charset=utf-8",
                                                     render=export_csv), name="statistics_csv"),
    path("statistics/awards.json", ExportView.as_view(extension="json", content_type="application/json",
                                                      render=export_json), name="statistics_json"),
]
