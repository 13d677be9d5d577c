"""Input boundary of the disclosure pages: publish a year's list, set the period, file a comment or complaint,
answer it, send the list to the Council. Each form validates, then calls decisions/domain/disclosures.py."""
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from decisions.domain import disclosures as services
from decisions.enums import ComplaintKind

NUMBER = {"invalid": _("Cần một số nguyên."), "required": _("Trường này là bắt buộc.")}
NUL_MESSAGE = _("Không được chứa ký tự NUL.")


class TextField(forms.CharField):
    """Long text whose NUL refusal speaks Vietnamese (Django's own message is English)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(ProhibitNullCharactersValidator(message=NUL_MESSAGE))


def _text_field(label, required_message):
    return TextField(label=label, max_length=services.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                     error_messages={"required": required_message,
                                     "max_length": _("Không được dài quá %(limit_value)d ký tự.")})


def _version_field():
    message = _("Phiên bản gửi lên không hợp lệ; hãy tải lại trang và thử lại.")
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                              error_messages={"invalid": message, "required": message, "min_value": message})


class VersionedForm(DomainForm):
    """A hidden `version` field's error is shown above the form (a hidden field has no place for it)."""

    def clean(self):
        errors = self.errors.pop("version", None)
        if errors:
            raise forms.ValidationError(errors)
        return super().clean()


class PublishForm(DomainForm):
    """The Board picks a year; the service refuses a year with nothing approved or already published."""

    submit_label = _("Công khai danh sách")
    year = forms.IntegerField(label=_("Năm thi đua"), error_messages={**NUMBER, "invalid": _("Năm phải là một số nguyên.")})

    def __init__(self, *args, province, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["year"].widget = forms.Select(choices=[(y, str(y)) for y, published in years if not published])

    def perform(self):
        return services.publish_disclosure(province=self.province, year=self.cleaned_data["year"], user=self.user)


class SettingsForm(VersionedForm):
    submit_label = _("Lưu thiết lập")
    disclosure_working_days = forms.IntegerField(
        label=_("Số ngày làm việc công khai"), min_value=services.MIN_DAYS, max_value=services.MAX_DAYS,
        help_text=_("Tính từ ngày công khai, thứ Hai đến thứ Sáu."),
        error_messages={**NUMBER, "min_value": _("Giá trị không được nhỏ hơn %(limit_value)s."),
                        "max_value": _("Giá trị không được lớn hơn %(limit_value)s.")})
    version = _version_field()

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province

    def perform(self):
        data = self.cleaned_data
        return services.update_settings(province=self.province, working_days=data["disclosure_working_days"],
                                        expected_version=data["version"], user=self.user)


class ComplaintForm(DomainForm):
    """An officer or leader files a comment or complaint about one entry, for their own department."""

    submit_label = _("Gửi ý kiến/khiếu nại")
    kind = forms.ChoiceField(label=_("Loại"), choices=ComplaintKind.choices, initial=ComplaintKind.COMMENT,
                             error_messages={"invalid_choice": _("Loại ý kiến không hợp lệ: chọn “Ý kiến” hoặc "
                                                                 "“Khiếu nại”."),
                                             "required": _("Hãy chọn loại: ý kiến hay khiếu nại.")})
    text = _text_field(_("Nội dung"), _("Hãy nhập nội dung ý kiến, khiếu nại."))

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry

    def perform(self):
        return services.file_complaint(disclosure=self.entry.disclosure, entry=self.entry,
                                       kind=self.cleaned_data["kind"], text=self.cleaned_data["text"], user=self.user)


class AnswerForm(VersionedForm):
    submit_label = _("Trả lời")
    answer = _text_field(_("Trả lời của Ban TĐKT"), _("Hãy nhập câu trả lời."))
    version = _version_field()

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint

    def perform(self):
        return services.answer_complaint(complaint=self.complaint, answer=self.cleaned_data["answer"],
                                         expected_version=self.cleaned_data["version"], user=self.user)


class SendForm(DomainForm):
    submit_label = _("Trình Hội đồng")

    def __init__(self, *args, disclosure, **kwargs):
        super().__init__(*args, **kwargs)
        self.disclosure = disclosure

    def perform(self):
        return services.send_to_council(disclosure=self.disclosure, user=self.user)
