"""Pages of rounds, inspections, sheet files (Excel) and evidence. The score grid itself is another page.

Every page fetches its object through a selector (out of reach → 404) and checks a scoring permission on it
(visible but not allowed → 403); forms call scoring/domain functions.
"""
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from blocs.domain.queries import bloc_years_visible_to
from emulation.views_base import DomainFormView, ScopedObjectMixin
from scoring.domain.queries import sheets as queries
from scoring.domain.rounds import sheet_label
from scoring.enums import RoundKind, RoundStatus, SheetStatus
from scoring.exporters.sheets import export_filename, export_sheet
from scoring.forms import sheets as forms
from scoring.models import Criterion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RoundListView(ScopedObjectMixin, DetailView):
    """A bloc-year's rounds, and the form to open one."""

    scope = staticmethod(bloc_years_visible_to)
    permission_required = "scoring.view_round"
    template_name = "scoring/sheets/round_list.html"
    context_object_name = "bloc_year"

    def get_context_data(self, **kwargs):
        user, bloc_year = self.request.user, self.object
        rounds = list(queries.rounds_of_bloc_year(user=user, bloc_year=bloc_year))
        can_manage = user.has_perm("scoring.manage_round", bloc_year)
        opened = {r.kind for r in rounds if r.status != RoundStatus.DRAFT}
        kwargs.update(rounds=rounds, can_manage=can_manage,
                      can_open=can_manage and len(opened) < len(RoundKind.values))
        return super().get_context_data(**kwargs)


class RoundDetailView(ScopedObjectMixin, DetailView):
    """A round: its status and steps, and the sheets this user may see."""

    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "scoring.view_round"
    template_name = "scoring/sheets/round_detail.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.object
        sheets = list(queries.sheets_of_round(user=user, round=round_))
        for sheet in sheets:
            sheet.label = sheet_label(sheet)
            sheet.can_edit = user.has_perm("scoring.edit_sheet", sheet)
        kwargs.update(sheets=sheets, can_manage=user.has_perm("scoring.manage_round", round_),
                      can_reopen=user.has_perm("scoring.reopen_round", round_),
                      leaf_count=Criterion.objects.filter(scale__bloc_year=round_.bloc_year_id,
                                                          children__isnull=True).count(),
                      is_open=round_.status == RoundStatus.OPEN)
        return super().get_context_data(**kwargs)


class InspectionListView(ScopedObjectMixin, DetailView):
    """Who inspects whom in a round, with each member's load."""

    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "scoring.view_round"
    template_name = "scoring/sheets/inspections.html"
    context_object_name = "round"

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.object
        inspections = list(queries.inspections_of_round(user=user, round=round_))
        members = list(queries.members_of(round_.bloc_year))
        kwargs.update(inspections=inspections, load=queries.inspection_load(inspections, members),
                      can_adjust=(user.has_perm("scoring.manage_round", round_)
                                  and round_.status in (RoundStatus.DRAFT, RoundStatus.OPEN)))
        return super().get_context_data(**kwargs)


class BlocYearRoundFormView(DomainFormView):
    scope = staticmethod(bloc_years_visible_to)
    permission_required = "scoring.manage_round"
    form_class = forms.OpenRoundForm
    page_title = _("Mở đợt chấm điểm")
    success_message = _("Đã mở đợt chấm điểm: phiếu tự chấm và phân công kiểm tra chéo đã được tạo.")

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object}

    def get_success_url(self, result=None):
        if result is not None:
            return reverse("scoring:round_detail", args=[result.pk])
        return reverse("scoring:round_list", args=[self.object.pk])


class RoundFormView(DomainFormView):
    scope = staticmethod(queries.rounds_visible_to)
    permission_required = "scoring.manage_round"

    def get_form_object_kwargs(self):
        return {"round": self.object}

    def get_success_url(self, result=None):
        return reverse("scoring:round_detail", args=[self.object.pk])


class RoundCloseView(RoundFormView):
    form_class = forms.RoundStepForm
    page_title = _("Đóng đợt chấm điểm")
    success_message = _("Đã đóng đợt chấm điểm.")

    def get_form_object_kwargs(self):
        return {"round": self.object, "action": "close"}


class RoundFinaliseView(RoundCloseView):
    page_title = _("Chốt kết quả đợt chấm điểm")
    success_message = _("Đã chốt kết quả: điểm của đợt này chỉ còn để xem.")

    def get_form_object_kwargs(self):
        return {"round": self.object, "action": "finalise"}


class RoundReopenView(RoundFormView):
    permission_required = "scoring.reopen_round"
    form_class = forms.ReopenRoundForm
    page_title = _("Mở lại đợt chấm điểm")
    success_message = _("Đã mở lại đợt chấm điểm.")


class InspectionAdjustView(DomainFormView):
    scope = staticmethod(queries.inspections_visible_to)
    permission_required = "scoring.manage_round"
    form_class = forms.AdjustInspectionForm
    page_title = _("Đổi đơn vị kiểm tra")
    success_message = _("Đã đổi đơn vị kiểm tra; phiếu kiểm tra đã được lập lại.")

    def get_form_object_kwargs(self):
        return {"inspection": self.object}

    def get_success_url(self, result=None):
        return reverse("scoring:inspection_list", args=[self.object.round_id])


class SheetFormView(DomainFormView):
    scope = staticmethod(queries.sheets_visible_to)
    permission_required = "scoring.edit_sheet"

    def get_success_url(self, result=None):
        return reverse("scoring:round_detail", args=[self.object.round_id])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", sheet_label(self.object))
        return super().get_context_data(**kwargs)


class SheetSubmitView(SheetFormView):
    form_class = forms.SheetStatusForm
    page_title = _("Gửi phiếu chấm")
    success_message = _("Đã gửi phiếu chấm.")

    def get_form_object_kwargs(self):
        return {"sheet": self.object, "action": "submit"}


class SheetReopenView(SheetSubmitView):
    permission_required = "scoring.manage_round"
    page_title = _("Mở lại phiếu chấm")
    success_message = _("Đã mở lại phiếu chấm để sửa.")

    def get_form_object_kwargs(self):
        return {"sheet": self.object, "action": "reopen"}


class SheetImportView(SheetFormView):
    form_class = forms.SheetImportForm
    page_title = _("Nhập điểm từ tệp Excel")
    template_name = "scoring/sheets/import.html"

    def get_form_object_kwargs(self):
        return {"sheet": self.object}

    def form_valid(self, form):
        changed = form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Đã nhập tệp: %(n)s ô điểm thay đổi.") % {"n": changed})
        return redirect(self.get_success_url())


class SheetExportView(ScopedObjectMixin, DetailView):
    scope = staticmethod(queries.sheets_visible_to)
    permission_required = "scoring.view_sheet"

    def get(self, request, *args, **kwargs):
        sheet = self.get_permission_object()
        response = HttpResponse(export_sheet(sheet=sheet), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(sheet)}"'
        return response


class EvidenceCellView(SheetFormView):
    """A cell's evidence files: the list for whoever sees the sheet, the upload for whoever fills it."""

    permission_required = "scoring.view_sheet"
    form_class = forms.EvidenceForm
    template_name = "scoring/sheets/evidence.html"
    success_message = _("Đã tải lên tệp minh chứng.")
    page_title = _("Tệp minh chứng")

    def get_criterion(self):
        if not hasattr(self, "criterion"):
            self.criterion = Criterion.objects.filter(
                pk=self.kwargs["criterion_id"], scale__bloc_year__scoring_rounds=self.object.round_id,
                children__isnull=True).first()
            if self.criterion is None:
                raise Http404
        return self.criterion

    def get_form_object_kwargs(self):
        return {"sheet": self.object, "criterion": self.get_criterion()}

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("scoring.edit_sheet", self.get_permission_object()):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def get_success_url(self, result=None):
        return reverse("scoring:evidence_list", args=[self.object.pk, self.get_criterion().pk])

    def get_context_data(self, **kwargs):
        sheet, user = self.object, self.request.user
        can_edit = (user.has_perm("scoring.edit_sheet", sheet) and sheet.status == SheetStatus.DRAFT
                    and sheet.round.status == RoundStatus.OPEN)
        kwargs.update(criterion=self.get_criterion(), can_edit=can_edit, sheet_label=sheet_label(sheet),
                      back_url=reverse("scoring:round_detail", args=[sheet.round_id]),
                      files=queries.evidence_of_cell(sheet=sheet, criterion=self.get_criterion()))
        return super().get_context_data(**kwargs)


class EvidenceMixin(ScopedObjectMixin):
    scope = staticmethod(queries.evidence_visible_to)

    def get_permission_object(self):
        return super().get_permission_object().entry.sheet


class EvidenceDownloadView(EvidenceMixin, DetailView):
    """The file, through Django and the sheet's permission; never a public media URL."""

    permission_required = "scoring.view_sheet"

    def get(self, request, *args, **kwargs):
        self.get_permission_object()
        evidence = self.object
        try:
            handle = evidence.file.open("rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type=evidence.content_type, as_attachment=True,
                                filename=evidence.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EvidenceDeleteView(EvidenceMixin, DomainFormView):
    permission_required = "scoring.edit_sheet"
    form_class = forms.RemoveEvidenceForm
    page_title = _("Xóa tệp minh chứng")
    success_message = _("Đã xóa tệp minh chứng.")

    def get_form_object_kwargs(self):
        return {"evidence": self.object}

    def get_success_url(self, result=None):
        entry = self.object.entry
        return reverse("scoring:evidence_list", args=[entry.sheet_id, entry.criterion_id])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object.original_name)
        return super().get_context_data(**kwargs)


urlpatterns = [
    path("bloc-years/<int:pk>/rounds/", RoundListView.as_view(), name="round_list"),
    path("bloc-years/<int:pk>/rounds/open/", BlocYearRoundFormView.as_view(), name="round_open"),
    path("rounds/<int:pk>/", RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/close/", RoundCloseView.as_view(), name="round_close"),
    path("rounds/<int:pk>/finalise/", RoundFinaliseView.as_view(), name="round_finalise"),
    path("rounds/<int:pk>/reopen/", RoundReopenView.as_view(), name="round_reopen"),
    path("rounds/<int:pk>/inspections/", InspectionListView.as_view(), name="inspection_list"),
    path("inspections/<int:pk>/adjust/", InspectionAdjustView.as_view(), name="inspection_adjust"),
    path("sheets/<int:pk>/submit/", SheetSubmitView.as_view(), name="sheet_submit"),
    path("sheets/<int:pk>/reopen/", SheetReopenView.as_view(), name="sheet_reopen"),
    path("sheets/<int:pk>/export/", SheetExportView.as_view(), name="sheet_export"),
    path("sheets/<int:pk>/import/", SheetImportView.as_view(), name="sheet_import"),
    path("sheets/<int:pk>/cells/<int:criterion_id>/evidence/", EvidenceCellView.as_view(), name="evidence_list"),
    path("evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", EvidenceDeleteView.as_view(), name="evidence_delete"),
]
