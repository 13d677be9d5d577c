"""Input boundary of the rounds, inspections, Excel and evidence pages: validate, then call the domain."""
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from blocs.models import Department
from scoring.domain import evidence as evidence_domain
from scoring.domain import inspections, rounds, sheets
from scoring.domain.queries.sheets import members_of
from scoring.enums import RoundKind
from scoring.exporters.sheets import read_sheet_file

FILE_REQUIRED = {"required": _("Chưa chọn tệp."), "empty": _("Tệp rỗng."),
                 "invalid": _("Không đọc được tệp gửi lên.")}


class OpenRoundForm(DomainForm):
    submit_label = _("Mở đợt chấm điểm")
    kind = forms.ChoiceField(label=_("Đợt chấm"), choices=RoundKind.choices,
                             error_messages={"invalid_choice": _("Loại đợt chấm điểm không hợp lệ.")})

    def __init__(self, *args, bloc_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year

    def perform(self):
        return rounds.open_round(bloc_year=self.bloc_year, kind=self.cleaned_data["kind"], user=self.user)


class RoundStepForm(DomainForm):
    """Close or finalise: a confirmation without fields."""

    def __init__(self, *args, round, action, **kwargs):  # noqa: A002
        self.submit_label = {"close": _("Đóng đợt chấm điểm"), "finalise": _("Chốt kết quả")}[action]
        super().__init__(*args, **kwargs)
        self.round, self.action = round, action

    def perform(self):
        step = {"close": rounds.close_round, "finalise": rounds.finalise_round}[self.action]
        return step(round=self.round, user=self.user)


class ReopenRoundForm(DomainForm):
    submit_label = _("Mở lại đợt chấm điểm")
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Cần nêu lý do mở lại đợt chấm điểm.")})

    def __init__(self, *args, round, **kwargs):  # noqa: A002
        super().__init__(*args, **kwargs)
        self.round = round

    def perform(self):
        return rounds.reopen_round(round=self.round, reason=self.cleaned_data["reason"], user=self.user)


class AdjustInspectionForm(DomainForm):
    submit_label = _("Đổi đơn vị kiểm tra")
    inspector = forms.ModelChoiceField(label=_("Đơn vị kiểm tra mới"), queryset=Department.objects.none(),
                                       error_messages={"invalid_choice": _("Đơn vị không hợp lệ.")})

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["inspector"].queryset = members_of(inspection.round.bloc_year).exclude(
            pk__in=[inspection.inspected_id, inspection.inspector_id])

    def perform(self):
        return inspections.adjust_inspection(inspection=self.inspection, new_inspector=self.cleaned_data["inspector"],
                                             user=self.user)


class SheetStatusForm(DomainForm):
    """Submit a sheet, or (secretariat) send it back to draft with an optional reason."""

    reason = forms.CharField(label=_("Lý do (không bắt buộc)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sheet, action, **kwargs):
        self.submit_label = {"submit": _("Gửi phiếu chấm"), "reopen": _("Mở lại phiếu chấm")}[action]
        super().__init__(*args, **kwargs)
        self.sheet, self.action = sheet, action
        if action == "submit":
            del self.fields["reason"]

    def perform(self):
        if self.action == "submit":
            return sheets.submit_sheet(sheet=self.sheet, user=self.user)
        return sheets.reopen_sheet(sheet=self.sheet, user=self.user, reason=self.cleaned_data["reason"])


class SheetImportForm(DomainForm):
    submit_label = _("Nhập điểm từ tệp")
    file = forms.FileField(label=_("Tệp Excel (.xlsx) đã tải về từ phiếu này"), error_messages=FILE_REQUIRED,
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet

    def perform(self):
        upload = self.cleaned_data["file"]
        rows = read_sheet_file(sheet=self.sheet, upload=upload)
        return sheets.import_scores(sheet=self.sheet, rows=rows, user=self.user, file_name=upload.name)


class EvidenceForm(DomainForm):
    submit_label = _("Tải lên minh chứng")
    file = forms.FileField(label=_("Tệp minh chứng (PDF, PNG hoặc JPEG)"), error_messages=FILE_REQUIRED,
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))

    def __init__(self, *args, sheet, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet, self.criterion = sheet, criterion

    def perform(self):
        return evidence_domain.add_evidence(sheet=self.sheet, criterion=self.criterion,
                                            upload=self.cleaned_data["file"], user=self.user)


class RemoveEvidenceForm(DomainForm):
    submit_label = _("Xóa tệp minh chứng")

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = evidence

    def perform(self):
        evidence_domain.remove_evidence(evidence=self.evidence, user=self.user)
        return self.evidence
