"""Input boundary of the signing pages: uploading a certificate, the test CA's certificate, signing a report,
and a PDF to verify. Files are checked by size and content, never by their name."""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs.forms import DomainForm
from reports.domain import certificates, signing, verification
from reports.forms.documents import VERSION_ERRORS

FILE_ERRORS = {"required": _("Hãy chọn một tệp."), "empty": _("Tệp tải lên rỗng."),
               "invalid": _("Không đọc được tệp tải lên."), "missing": _("Hãy chọn một tệp.")}
PASSPHRASE_ERRORS = {"required": _("Hãy nhập mật khẩu."),
                     "max_length": _("Mật khẩu quá dài (tối đa %(limit_value)s ký tự).")}


def passphrase_field(label, *, required=True, help_text="", autocomplete="current-password"):
    return forms.CharField(label=label, required=required, strip=False, max_length=certificates.PASSPHRASE_MAX,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
                           error_messages=PASSPHRASE_ERRORS, help_text=help_text)


def read_upload(upload, limit):
    """The bytes of an uploaded file, refused before reading when it is larger than `limit`."""
    if upload.size > limit:
        raise ValidationError(_("Tệp quá lớn (tối đa %(size)s).") % {"size": _human(limit)})
    upload.seek(0)
    return upload.read()


def _human(size):
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class CertificateUploadForm(DomainForm):
    submit_label = _("Tải chứng thư lên")
    file = forms.FileField(label=_("Tệp chứng thư số (PKCS#12: .p12, .pfx)"), error_messages=FILE_ERRORS)
    passphrase = passphrase_field(_("Mật khẩu của tệp"), required=False,
                                  help_text=_("Chỉ dùng để kiểm tra tệp mở được; hệ thống không lưu mật khẩu."))

    def clean_file(self):
        return read_upload(self.cleaned_data["file"], certificates.PKCS12_MAX_BYTES)

    def perform(self):
        return certificates.upload_certificate(user=self.user, data=self.cleaned_data["file"],
                                               passphrase=self.cleaned_data["passphrase"])


class IssueTestCertificateForm(DomainForm):
    submit_label = _("Cấp chứng thư thử nghiệm")
    passphrase = passphrase_field(_("Mật khẩu bảo vệ chứng thư"), autocomplete="new-password",
                                  help_text=_("Ít nhất %(n)s ký tự; bạn sẽ nhập mật khẩu này mỗi lần ký.")
                                  % {"n": certificates.PASSPHRASE_MIN})
    passphrase_again = passphrase_field(_("Nhập lại mật khẩu"), autocomplete="new-password")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("passphrase") and cleaned.get("passphrase") != cleaned.get("passphrase_again"):
            self.add_error("passphrase_again", _("Hai lần nhập mật khẩu không khớp."))
        return cleaned

    def perform(self):
        return certificates.issue_test_certificate(user=self.user, passphrase=self.cleaned_data["passphrase"])


class DeactivateCertificateForm(DomainForm):
    submit_label = _("Ngừng sử dụng chứng thư")

    def __init__(self, *args, certificate, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate

    def perform(self):
        return certificates.deactivate_certificate(certificate=self.certificate, user=self.user)


class SignForm(DomainForm):
    submit_label = _("Ký số")
    passphrase = passphrase_field(_("Mật khẩu chứng thư số"),
                                  help_text=_("Mật khẩu chỉ dùng cho lần ký này và không được lưu."))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages=VERSION_ERRORS)
    field_name = forms.ChoiceField(label=_("Vị trí ký"), required=False, choices=())

    def __init__(self, *args, report, open_keys=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        labels = labels or {}
        self.fields["field_name"].choices = [(key, labels.get(key, key)) for key in open_keys]
        self.fields["field_name"].error_messages["invalid_choice"] = _("Vị trí ký không hợp lệ hoặc đã có người ký.")
        if len(open_keys) <= 1:
            self.fields["field_name"].widget = forms.HiddenInput()
        self.initial.setdefault("expected_version", report.version)
        if open_keys:
            self.initial.setdefault("field_name", open_keys[0])

    def perform(self):
        return signing.sign_report(report=self.report, user=self.user, passphrase=self.cleaned_data["passphrase"],
                                   expected_version=self.cleaned_data["expected_version"],
                                   field_name=self.cleaned_data.get("field_name") or None)


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF cần kiểm tra"), error_messages=FILE_ERRORS,
                           help_text=_("Tối đa %(size)s.") % {"size": _human(settings.REPORT_UPLOAD_MAX_BYTES)})

    def clean_file(self):
        data = read_upload(self.cleaned_data["file"], settings.REPORT_UPLOAD_MAX_BYTES)
        verification.check_upload(data)
        return data
