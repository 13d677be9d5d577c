"""Scale screens: the Board's province templates, a bloc-year's scale, criteria, Excel, scoring settings."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from blocs.views.bloc_years import ConfirmDeleteView
from emulation.listing import SearchSortMixin
from emulation.views_base import DomainFormView, ScopedObjectMixin
from scoring.domain import scales as services
from scoring.domain.queries import scales as queries
from scoring.domain.scale_checks import criteria_rows, format_points, specs_from_criteria, tree_totals, \
    validate_tree
from scoring.exporters.scales import XLSX_CONTENT_TYPE, export_filename, export_scale
from scoring.forms import scales as forms


def scale_url(scale):
    if scale.province_id:
        return reverse("scoring:template_detail", args=[scale.pk])
    return reverse("scoring:bloc_year_scale", args=[scale.bloc_year_id])


def scale_body(scale, user):
    """What the scale part of a page shows: the tree, its totals, its problems, and whether it can be edited."""
    criteria = queries.scale_criteria(scale)
    rows, roots = criteria_rows(criteria)
    for row in rows:
        row.points = format_points(row.node.max_points)
    _mark_ends(roots)
    specs = specs_from_criteria(criteria)
    totals = tree_totals(specs, total=scale.total, bonus_cap=scale.bonus_cap)
    return {
        "scale": scale, "rows": rows, "problems": validate_tree(specs, total=scale.total, bonus_cap=scale.bonus_cap),
        "totals": {k: format_points(getattr(totals, k)) for k in ("total", "bonus_cap", "normal", "bonus", "penalty")},
        "can_change": user.has_perm("scoring.change_scale", scale),
        "editable": services.is_editable(scale),
    }


def _mark_ends(siblings):
    """First and last among siblings: no "up" button for the first, no "down" for the last."""
    for index, row in enumerate(siblings):
        row.is_first, row.is_last = index == 0, index == len(siblings) - 1
        _mark_ends(row.children)


# ---------------------------------------------------------------------------------------------- templates

class TemplateListView(SearchSortMixin, ListView):
    template_name = "scoring/scales/template_list.html"
    context_object_name = "templates"
    search_fields = ["name", "province__name"]
    sort_fields = {"name": "name", "province": "province__name", "total": "total", "criteria": "criterion_count"}
    default_sort = "name"

    def get_queryset(self):
        return self.filter_and_sort(queries.templates_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs["manageable_provinces"] = [p for p in provinces_visible_to(user)
                                          if user.has_perm("scoring.add_template", p)]
        context = super().get_context_data(**kwargs)
        for template in context["templates"]:
            template.total_text = format_points(template.total)
        return context


class TemplateCreateView(DomainFormView):
    scope = staticmethod(provinces_visible_to)
    permission_required = "scoring.add_template"
    form_class = forms.TemplateCreateForm
    template_name = "scoring/scales/template_create.html"  # crispy's form tag carries the multipart enctype
    page_title = _("Tạo thang điểm mẫu của tỉnh")
    success_message = _("Đã tạo thang điểm mẫu.")

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def get_success_url(self, result=None):
        return scale_url(result) if result is not None else reverse("scoring:template_list")


class TemplateDetailView(ScopedObjectMixin, DetailView):
    permission_required = "scoring.view_scale"
    template_name = "scoring/scales/template_detail.html"

    def get_queryset(self):
        return queries.scales_visible_to(self.request.user).filter(province__isnull=False)

    def get_context_data(self, **kwargs):
        kwargs.update(scale_body(self.object, self.request.user))
        return super().get_context_data(**kwargs)


# -------------------------------------------------------------------------------------- bloc-year scale

class BlocYearScaleView(ScopedObjectMixin, DetailView):
    """The bloc-year's scale; when it has none, the secretariat or the Board copies a province template."""

    scope = staticmethod(bloc_years_visible_to)
    permission_required = "blocs.view_blocyear"
    template_name = "scoring/scales/bloc_year_scale.html"
    context_object_name = "bloc_year"

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        scale = queries.scale_of_bloc_year(bloc_year)
        if scale is not None:
            scale.bloc_year = bloc_year
            kwargs.update(scale_body(scale, user))
        elif user.has_perm("scoring.change_scale", queries.scale_or_placeholder(bloc_year)):
            kwargs["copy_form"] = forms.CopyTemplateForm(user=user, bloc_year=bloc_year)
        return super().get_context_data(**kwargs)


class BlocYearScaleCopyView(DomainFormView):
    scope = staticmethod(bloc_years_visible_to)
    permission_required = "scoring.change_scale"
    form_class = forms.CopyTemplateForm
    page_title = _("Sao chép thang điểm mẫu vào năm thi đua")
    success_message = _("Đã sao chép thang điểm mẫu; thư ký khối có thể điều chỉnh trước khi ký giao ước.")

    def get_permission_object(self):
        return queries.scale_or_placeholder(super().get_permission_object())

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object}

    def get_success_url(self, result=None):
        return reverse("scoring:bloc_year_scale", args=[self.object.pk])


# ------------------------------------------------------------------------------------ scale and criteria

class ScaleActionView(DomainFormView):
    """A form about one scale (template or bloc-year copy) that the user may change."""

    permission_required = "scoring.change_scale"

    def get_queryset(self):
        return queries.scales_visible_to(self.request.user)

    def get_form_object_kwargs(self):
        return {"scale": self.object}

    def get_success_url(self, result=None):
        return scale_url(self.object)


class ScaleEditView(ScaleActionView):
    form_class = forms.ScaleForm
    page_title = _("Sửa thông tin thang điểm")
    success_message = _("Đã lưu thang điểm.")


class ScaleImportView(ScaleActionView):
    form_class = forms.ImportForm
    template_name = "scoring/scales/import.html"
    page_title = _("Nhập thang điểm từ Excel")
    success_message = _("Đã nhập thang điểm từ tệp Excel.")


class CriterionAddView(ScaleActionView):
    form_class = forms.CriterionForm
    page_title = _("Thêm nhóm / tiêu chí")
    success_message = _("Đã thêm tiêu chí.")

    def get_form_object_kwargs(self):
        parent_id = self.request.GET.get("parent", "")
        parent = self.object.criteria.filter(pk=parent_id).first() if parent_id.isdigit() else None
        return {"scale": self.object, "parent": parent}


class CriterionMixin:
    permission_required = "scoring.change_scale"

    def get_queryset(self):
        return queries.criteria_visible_to(self.request.user)

    def get_permission_object(self):
        return super().get_permission_object().scale

    def get_success_url(self, result=None):
        return scale_url(self.object.scale)


class CriterionEditView(CriterionMixin, DomainFormView):
    form_class = forms.CriterionForm
    page_title = _("Sửa tiêu chí")
    success_message = _("Đã lưu tiêu chí.")

    def get_form_object_kwargs(self):
        return {"scale": self.object.scale, "criterion": self.object}


class CriterionDeleteView(CriterionMixin, ConfirmDeleteView):
    template_name = "scoring/scales/criterion_confirm_delete.html"
    success_message = _("Đã xóa tiêu chí.")

    def perform(self):
        services.delete_criterion(criterion=self.object, user=self.request.user)


class CriterionMoveView(CriterionMixin, ScopedObjectMixin, SingleObjectMixin, View):
    """POST direction=up|down; answered by a redirect to the scale page (htmx swaps the tree in place)."""

    def post(self, request, *args, **kwargs):
        try:
            services.move_criterion(criterion=self.object, direction=request.POST.get("direction", ""),
                                    user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(self.get_success_url())


class ScaleExportView(ScopedObjectMixin, SingleObjectMixin, View):
    permission_required = "scoring.view_scale"

    def get_queryset(self):
        return queries.scales_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        response = HttpResponse(export_scale(self.object), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(self.object)}"'
        return response


# ------------------------------------------------------------------------------------ scoring settings

class ScoringSettingsView(DomainFormView):
    scope = staticmethod(provinces_visible_to)
    permission_required = "scoring.change_settings"
    form_class = forms.ScoringSettingsForm
    template_name = "scoring/scales/settings.html"
    page_title = _("Quy định chấm điểm của tỉnh")
    success_message = _("Đã lưu quy định chấm điểm.")

    def get_form_object_kwargs(self):
        return {"province": self.object, "settings": queries.scoring_settings_of(self.object)}

    def get_success_url(self, result=None):
        return reverse("scoring:scoring_settings", args=[self.object.pk])

    def get_cancel_url(self):
        return reverse("scoring:template_list")


urlpatterns = [
    path("scale-templates/", TemplateListView.as_view(), name="template_list"),
    path("provinces/<int:pk>/scale-templates/add/", TemplateCreateView.as_view(), name="template_create"),
    path("provinces/<int:pk>/settings/", ScoringSettingsView.as_view(), name="scoring_settings"),
    path("scale-templates/<int:pk>/", TemplateDetailView.as_view(), name="template_detail"),
    path("bloc-years/<int:pk>/scale/", BlocYearScaleView.as_view(), name="bloc_year_scale"),
    path("bloc-years/<int:pk>/scale/copy/", BlocYearScaleCopyView.as_view(), name="bloc_year_scale_copy"),
    path("scales/<int:pk>/edit/", ScaleEditView.as_view(), name="scale_edit"),
    path("scales/<int:pk>/import/", ScaleImportView.as_view(), name="scale_import"),
    path("scales/<int:pk>/export.xlsx", ScaleExportView.as_view(), name="scale_export"),
    path("scales/<int:pk>/criteria/add/", CriterionAddView.as_view(), name="criterion_add"),
    path("criteria/<int:pk>/edit/", CriterionEditView.as_view(), name="criterion_edit"),
    path("criteria/<int:pk>/delete/", CriterionDeleteView.as_view(), name="criterion_delete"),
    path("criteria/<int:pk>/move/", CriterionMoveView.as_view(), name="criterion_move"),
]
