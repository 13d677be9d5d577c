"""Input boundary of the pledge pages: each form validates, then its save() calls scoring/domain/pledges."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from blocs.models import Conference
from scoring.domain import pledges
from scoring.domain.pledges import CONTENTS_MAX, REASON_MAX, TARGETS_MAX, THEME_MAX

CHANGE_OPS = [("update", _("Sửa tiêu chí")), ("add", _("Thêm tiêu chí")), ("delete", _("Xóa tiêu chí"))]
VERSION_ERRORS = {"invalid": _("Phiên bản không hợp lệ; hãy tải lại trang."),
                  "required": _("Thiếu phiên bản; hãy tải lại trang."),
                  "min_value": _("Phiên bản không hợp lệ; hãy tải lại trang.")}


def _version_field():
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages=VERSION_ERRORS)


def _text(label, max_length, *, rows=4, required=True, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class NoPledgeMixin:
    """A form acting on the pledge: until it is drafted there is nothing to act on."""

    def require_pledge(self):
        if self.pledge is None:
            raise ValidationError(_("Khối chưa soạn giao ước thi đua."))
        return self.pledge


class PledgeForm(DomainForm):
    theme = _text(_("Chủ đề"), THEME_MAX, rows=2, required=False)
    contents = _text(_("Nội dung giao ước"), CONTENTS_MAX, rows=10, required=False)
    conference = forms.ModelChoiceField(label=_("Hội nghị ký kết"), queryset=Conference.objects.none(),
                                        required=False, error_messages={
                                            "invalid_choice": _("Hội nghị không hợp lệ.")})
    version = _version_field()

    def __init__(self, *args, bloc_year, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc_year, self.pledge = bloc_year, pledge
        self.fields["conference"].queryset = bloc_year.conferences.order_by("date", "id")

    def perform(self):
        data = self.cleaned_data
        return pledges.save_pledge(bloc_year=self.bloc_year, theme=data["theme"], contents=data["contents"],
                                   conference=data["conference"], expected_version=data["version"],
                                   user=self.user)


class OpenPledgeForm(NoPledgeMixin, DomainForm):
    submit_label = _("Mở ký kết")

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge

    def perform(self):
        return pledges.open_pledge_for_signing(pledge=self.require_pledge(), user=self.user)


class TargetsForm(NoPledgeMixin, DomainForm):
    submit_label = _("Lưu chỉ tiêu")
    targets = _text(_("Chỉ tiêu đăng ký"), TARGETS_MAX, rows=6)
    version = _version_field()

    def __init__(self, *args, pledge, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge, self.department = pledge, department

    def perform(self):
        return pledges.register_targets(pledge=self.require_pledge(), department=self.department,
                                        targets=self.cleaned_data["targets"],
                                        expected_version=self.cleaned_data["version"], user=self.user)


class SignForm(NoPledgeMixin, DomainForm):
    submit_label = _("Xác nhận ký giao ước")

    def __init__(self, *args, pledge, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge, self.department = pledge, department

    def perform(self):
        return pledges.sign_pledge(pledge=self.require_pledge(), department=self.department, user=self.user)


class AmendmentRequestForm(DomainForm):
    """One change to a frozen scale, in the shape scales' apply_scale_change takes; blank fields stay as they
    are. The change is tried at once, so one that could never apply is refused with the reason."""

    submit_label = _("Gửi đề nghị sửa đổi")
    op = forms.ChoiceField(label=_("Thay đổi"), choices=CHANGE_OPS, error_messages={
        "invalid_choice": _("Loại thay đổi không hợp lệ.")})
    criterion = forms.CharField(label=_("Mã tiêu chí"), max_length=20, help_text=_(
        "Mã của tiêu chí cần sửa hoặc xóa, hoặc mã của tiêu chí mới."))
    parent = forms.CharField(label=_("Mã tiêu chí cha (khi thêm)"), max_length=20, required=False)
    title = forms.CharField(label=_("Nội dung tiêu chí"), max_length=500, required=False)
    max_points = forms.DecimalField(label=_("Điểm tối đa"), max_digits=8, decimal_places=2, min_value=0,
                                    required=False)
    reason = _text(_("Lý do"), REASON_MAX, rows=3)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale

    def change(self):
        data = self.cleaned_data
        change = {"op": data["op"], "criterion": data["criterion"]}
        if data["op"] == "add" and data["parent"]:
            change["parent"] = data["parent"]
        if data["op"] != "delete":
            if data["title"]:
                change["title"] = data["title"]
            if data["max_points"] is not None:
                change["max_points"] = str(data["max_points"])
        return change

    def perform(self):
        if self.scale is None:
            raise ValidationError(_("Năm thi đua chưa có thang điểm."))
        return pledges.request_scale_amendment(scale=self.scale, change=self.change(),
                                               reason=self.cleaned_data["reason"], user=self.user)


class AmendmentDecisionForm(DomainForm):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect, choices=[
        (APPROVE, _("Duyệt và áp dụng vào thang điểm")), (REJECT, _("Không duyệt"))],
        error_messages={"required": _("Hãy chọn duyệt hoặc không duyệt."),
                        "invalid_choice": _("Quyết định không hợp lệ.")})
    note = _text(_("Ghi chú (bắt buộc khi không duyệt)"), REASON_MAX, rows=2, required=False)

    def __init__(self, *args, amendment, **kwargs):
        super().__init__(*args, **kwargs)
        self.amendment = amendment

    def perform(self):
        return pledges.decide_scale_amendment(amendment=self.amendment,
                                              approve=self.cleaned_data["decision"] == self.APPROVE,
                                              note=self.cleaned_data["note"], user=self.user)
