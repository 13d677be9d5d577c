"""Pages of the award history: the province's list (filters, paginated), the Board's Excel import with its
template, and a department's timeline across the units it continues. History is public within the province."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from awards.domain.queries.history import (awards_visible_to, department_timeline, history_departments,
                                           history_provinces)
from awards.importers import XLSX, history_template, template_filename
from awards.models import AwardType
from blocs.models import Department
from decisions.forms.history import HistoryFilterForm, HistoryImportForm
from emulation.views_base import DomainFormView, ScopedObjectMixin

PAGE_SIZE = 50
VIEW, MANAGE = "decisions.view_statistics", "decisions.manage"


def resolve_province(request):
    """(the provinces the user reads, the one asked with ?province= or else the user's own or the first)."""
    provinces = history_provinces(request.user)
    asked, home = request.GET.get("province", ""), request.user.home_province_id
    province = (provinces.filter(pk=int(asked)).first() if asked.isdigit() and len(asked) < 12 else None) or (
        provinces.filter(pk=home).first() if home else None) or provinces.first()
    if province is not None and not request.user.has_perm(VIEW, province):
        raise PermissionDenied
    return provinces, province


def query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class AwardHistoryView(TemplateView):
    template_name = "decisions/history_list.html"

    def get_context_data(self, **kwargs):
        provinces, province = resolve_province(self.request)
        kwargs.update(province=province, query_string=query_string(self.request))
        if province is not None:
            form = HistoryFilterForm(self.request.GET, provinces=provinces, province=province)
            awards = awards_visible_to(self.request.user).filter(department__province=province)
            for name, lookup in (("year", "year"), ("award_type", "award_type"), ("department", "department")):
                if form.value(name) is not None:
                    awards = awards.filter(**{lookup: form.value(name)})
            page = Paginator(awards.order_by("-year", "award_type__position", "department__name", "person_name",
                                             "pk"), PAGE_SIZE).get_page(self.request.GET.get("page"))
            kwargs.update(form=form, filter_errors=form.error_list(), page_obj=page,
                          is_paginated=page.has_other_pages(),
                          can_import=self.request.user.has_perm(MANAGE, province))
        return super().get_context_data(**kwargs)


class HistoryImportView(DomainFormView):
    scope = staticmethod(history_provinces)
    permission_required = MANAGE
    form_class = HistoryImportForm
    template_name = "decisions/history_import.html"

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def form_valid(self, form):
        result = form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Đã nhập %(n)s khen thưởng vào lịch sử của %(province)s.")
                         % {"n": result.count, "province": self.object.name})
        return redirect(self.get_success_url(result))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", _("Nhập lịch sử khen thưởng từ Excel"))
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return reverse("decisions:award_history") + f"?province={self.object.pk}"


class HistoryTemplateView(ScopedObjectMixin, DetailView):
    """The Excel template, with the province's award types and units in a catalogue sheet."""

    scope = staticmethod(history_provinces)
    permission_required = MANAGE

    def get(self, request, *args, **kwargs):
        province = self.get_permission_object()
        content = history_template(
            province=province, award_types=AwardType.objects.filter(province=province).order_by("position", "name"),
            departments=Department.objects.filter(province=province).select_related("successor").order_by("name"))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{template_filename(province)}"'
        return response


class DepartmentTimelineView(ScopedObjectMixin, DetailView):
    scope = staticmethod(history_departments)
    permission_required = VIEW
    template_name = "decisions/history_timeline.html"
    context_object_name = "department"

    def get_context_data(self, **kwargs):
        kwargs["timeline"] = department_timeline(department=self.object)
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("history/", AwardHistoryView.as_view(), name="award_history"),
    path("history/provinces/<int:pk>/import/", HistoryImportView.as_view(), name="history_import"),
    path("history/provinces/<int:pk>/template.xlsx", HistoryTemplateView.as_view(), name="history_template"),
    path("history/departments/<int:pk>/", DepartmentTimelineView.as_view(), name="department_timeline"),
]
