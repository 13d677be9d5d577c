"""Province, bloc and department screens."""
from django.core.paginator import Paginator
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from blocs import forms
from blocs.domain import queries
from blocs.enums import DepartmentKind
from emulation.listing import SearchSortMixin
from emulation.views_base import DomainFormView, ScopedObjectMixin


class ProvinceListView(SearchSortMixin, ListView):
    template_name = "blocs/province_list.html"
    context_object_name = "provinces"
    search_fields = ["name"]
    sort_fields = {"name": "name", "blocs": "bloc_count"}
    default_sort = "name"

    def get_queryset(self):
        qs = queries.provinces_visible_to(self.request.user).annotate(bloc_count=Count("blocs"))
        return self.filter_and_sort(qs)


class ProvinceDetailView(SearchSortMixin, ScopedObjectMixin, DetailView):
    """A province and its blocs (only those the user may see), searchable and sortable."""

    scope = staticmethod(queries.provinces_visible_to)
    permission_required = "blocs.view_province"
    template_name = "blocs/province_detail.html"
    context_object_name = "province"
    search_fields = ["name"]
    sort_fields = {"name": "name", "years": "year_count"}
    default_sort = "name"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        blocs = self.filter_and_sort(queries.blocs_of_province(user=self.request.user, province=self.object))
        page = Paginator(blocs, self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.update(page_obj=page, blocs=page.object_list, is_paginated=page.has_other_pages(),
                      can_manage=self.request.user.has_perm("blocs.add_bloc", self.object))
        return super().get_context_data(**kwargs)


class BlocDetailView(ScopedObjectMixin, DetailView):
    scope = staticmethod(queries.blocs_visible_to)
    permission_required = "blocs.view_bloc"
    template_name = "blocs/bloc_detail.html"
    context_object_name = "bloc"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs["years"] = (queries.bloc_years_visible_to(user).filter(bloc=self.object)
                           .annotate(member_count=Count("memberships")).order_by("-year"))
        kwargs["can_add_year"] = user.has_perm("blocs.add_blocyear", self.object.province)
        return super().get_context_data(**kwargs)


class BlocCreateView(DomainFormView):
    scope = staticmethod(queries.provinces_visible_to)
    permission_required = "blocs.add_bloc"
    form_class = forms.BlocForm
    page_title = _("Thêm khối thi đua")
    success_message = _("Đã tạo khối thi đua.")

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def get_success_url(self, result=None):
        if result is not None:
            return reverse("blocs:bloc_detail", args=[result.pk])
        return reverse("blocs:province_detail", args=[self.object.pk])


class BlocYearCreateView(DomainFormView):
    scope = staticmethod(queries.blocs_visible_to)
    form_class = forms.BlocYearForm
    page_title = _("Mở năm thi đua mới")
    success_message = _("Đã mở năm thi đua.")
    permission_required = "blocs.add_blocyear"

    def get_permission_object(self):
        return super().get_permission_object().province

    def get_form_object_kwargs(self):
        return {"bloc": self.object}

    def get_success_url(self, result=None):
        if result is not None:
            return reverse("blocs:bloc_year_detail", args=[result.pk])
        return reverse("blocs:bloc_detail", args=[self.object.pk])


class DepartmentListView(SearchSortMixin, ListView):
    template_name = "blocs/department_list.html"
    context_object_name = "departments"
    search_fields = ["name", "short_name"]
    sort_fields = {"name": "name", "province": "province__name", "kind": "kind"}
    default_sort = "name"

    def get_queryset(self):
        qs = queries.departments_visible_to(self.request.user)
        kind = self.request.GET.get("kind")
        if kind in DepartmentKind.values:
            qs = qs.filter(kind=kind)
        return self.filter_and_sort(qs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs["kinds"] = DepartmentKind.choices
        kwargs["manageable_provinces"] = [p for p in queries.provinces_visible_to(user)
                                          if user.has_perm("blocs.add_department", p)]
        return super().get_context_data(**kwargs)


class DepartmentDetailView(ScopedObjectMixin, DetailView):
    scope = staticmethod(queries.departments_visible_to)
    permission_required = "blocs.view_department"
    template_name = "blocs/department_detail.html"
    context_object_name = "department"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible_years = queries.bloc_years_visible_to(user).values("pk")
        kwargs["history"] = queries.department_history(department=self.object).filter(bloc_year__in=visible_years)
        kwargs["predecessors"] = self.object.predecessors.all()
        kwargs["can_edit"] = user.has_perm("blocs.change_department", self.object)
        return super().get_context_data(**kwargs)


class DepartmentCreateView(DomainFormView):
    scope = staticmethod(queries.provinces_visible_to)
    permission_required = "blocs.add_department"
    form_class = forms.DepartmentForm
    page_title = _("Thêm đơn vị")
    success_message = _("Đã lưu đơn vị.")

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def get_success_url(self, result=None):
        if result is not None:
            return reverse("blocs:department_detail", args=[result.pk])
        return reverse("blocs:department_list")


class DepartmentEditView(DomainFormView):
    scope = staticmethod(queries.departments_visible_to)
    permission_required = "blocs.change_department"
    form_class = forms.DepartmentForm
    page_title = _("Sửa đơn vị")
    success_message = _("Đã lưu đơn vị.")

    def get_form_object_kwargs(self):
        return {"province": self.object.province, "department": self.object}

    def get_success_url(self, result=None):
        return reverse("blocs:department_detail", args=[self.object.pk])
