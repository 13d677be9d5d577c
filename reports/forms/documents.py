"""Input boundary of the document pages: the texts the secretariat (or the Board) writes into a document."""
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from reports.domain import texts
from reports.models import ReportText

VERSION_ERRORS = {"invalid": _("Phiên bản không hợp lệ; hãy tải lại trang."),
                  "required": _("Thiếu phiên bản; hãy tải lại trang."),
                  "min_value": _("Phiên bản không hợp lệ; hãy tải lại trang.")}


def _limit(name):
    return ReportText._meta.get_field(name).max_length


class ReportTextForm(DomainForm):
    """Number and symbol, place, date, the kind's sections (one text box each) and the recipients."""

    submit_label = _("Lưu nội dung")
    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=_limit("number_symbol"), required=False,
                                    help_text=_("Ví dụ: 05/BC-KTĐ. Để trống: để chỗ trống ghi số khi ban hành."))
    place = forms.CharField(label=_("Địa danh"), max_length=_limit("place"), required=False,
                            help_text=_("Để trống: tên tỉnh."))
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"invalid": _("Ngày không hợp lệ; hãy dùng dạng năm-tháng-ngày.")},
                                help_text=_("Để trống: để chỗ trống ghi ngày khi ký."))
    recipients = forms.CharField(label=_("Nơi nhận"), max_length=texts.RECIPIENTS_MAX, required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("Mỗi dòng một nơi nhận, ví dụ: “Ban Thi đua - Khen thưởng tỉnh;”."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages=VERSION_ERRORS)

    def __init__(self, *args, kind, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.subject = kind, subject
        for key, label in texts.SECTIONS[kind]:
            self.fields[self.section_field(key)] = forms.CharField(
                label=label, required=False, max_length=texts.SECTION_MAX, widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Mỗi dòng là một đoạn văn."))
        order = ["number_symbol", "place", "issued_on", *[self.section_field(k) for k, _l in texts.SECTIONS[kind]],
                 "recipients", "version"]
        self.order_fields(order)

    @staticmethod
    def section_field(key):
        return f"section_{key}"

    @classmethod
    def initial_for(cls, text):
        initial = {"number_symbol": text.number_symbol, "place": text.place, "issued_on": text.issued_on,
                   "recipients": text.recipients, "version": text.version}
        initial.update({cls.section_field(key): value for key, value in (text.sections or {}).items()})
        return initial

    def clean(self):
        """A bad version is not the user's typing: say it at the top, where a hidden field's error shows."""
        cleaned = super().clean()
        if "version" in self.errors:
            self.add_error(None, list(self.errors.pop("version")))
        return cleaned

    def perform(self):
        data = self.cleaned_data
        sections = {key: data[self.section_field(key)] for key, _label in texts.SECTIONS[self.kind]}
        return texts.save_report_text(kind=self.kind, subject=self.subject, expected_version=data["version"],
                                      user=self.user, number_symbol=data["number_symbol"], place=data["place"],
                                      issued_on=data["issued_on"], sections=sections, recipients=data["recipients"])
