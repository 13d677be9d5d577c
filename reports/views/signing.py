"""Pages of signing: "Chứng thư số của tôi" (upload, test certificate, deactivate), signing a report, and the
verification page where any account checks a PDF's signatures and whether this system issued it."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from emulation.views_base import DomainFormView
from reports.domain import verification
from reports.domain.queries import signing as queries
from reports.domain.queries.documents import reports_visible_to
from reports.forms import signing as forms

CERTIFICATES_URL = "reports:certificates"
# Passphrases never reach an error report or a log.
hide_passphrases = method_decorator(sensitive_post_parameters("passphrase", "passphrase_again"), name="dispatch")


@hide_passphrases
class CertificatesView(PermissionRequiredMixin, FormView):
    """The user's certificates with the upload form; the test CA's form when the demo allows it."""

    permission_required = "reports.manage_certificate"
    raise_exception = True
    form_class = forms.CertificateUploadForm
    template_name = "reports/signing/certificates.html"
    success_message = _("Đã lưu chứng thư số. Mật khẩu không được lưu: bạn sẽ nhập lại mỗi lần ký.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(CERTIFICATES_URL)

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.setdefault("test_form", forms.IssueTestCertificateForm(user=user, auto_id="id_test_%s")
                          if user.has_perm("reports.issue_test_certificate") else None)
        kwargs.update(certificates=list(queries.certificates_of(user)), page_title=_("Chứng thư số của tôi"))
        return super().get_context_data(**kwargs)


class IssueTestCertificateView(CertificatesView):
    permission_required = "reports.issue_test_certificate"
    success_message = _("Đã cấp chứng thư thử nghiệm từ CA thử nghiệm của tỉnh (không phải CA của Chính phủ).")

    def get_form_class(self):
        return forms.IssueTestCertificateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "auto_id": "id_test_%s"}

    def form_invalid(self, form):
        upload = forms.CertificateUploadForm(user=self.request.user)
        return self.render_to_response(self.get_context_data(form=upload, test_form=form))


class DeactivateCertificateView(DomainFormView):
    scope = staticmethod(queries.certificates_of)
    permission_required = "reports.manage_certificate"
    form_class = forms.DeactivateCertificateForm
    page_title = _("Ngừng sử dụng chứng thư số")
    success_message = _("Đã ngừng sử dụng chứng thư số; các chữ ký đã ký vẫn hợp lệ.")

    def get_form_object_kwargs(self):
        return {"certificate": self.object}

    def get_success_url(self, result=None):
        return reverse(CERTIFICATES_URL)


@hide_passphrases
class SignReportView(DomainFormView):
    """The signing form (also shown in the report's signatures panel); signing happens in this request."""

    scope = staticmethod(reports_visible_to)
    permission_required = "reports.sign_report"
    form_class = forms.SignForm
    template_name = "reports/signing/sign.html"
    page_title = _("Ký số văn bản")
    success_message = _("Đã ký số văn bản.")

    @cached_property
    def panel(self):
        return queries.signature_panel(report=self.object, user=self.request.user)

    def get_form_object_kwargs(self):
        labels = {line.key: f"{line.position} – {line.department}" for line in self.panel.lines}
        return {"report": self.object, "open_keys": self.panel.open_keys, "labels": labels}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("panel", self.panel)
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return reverse("reports:report_detail", args=[self.object.pk])


class VerifyView(PermissionRequiredMixin, FormView):
    """Upload a PDF, see its signatures and whether it is a file this system issued; nothing is stored."""

    permission_required = "reports.verify_file"
    raise_exception = True
    form_class = forms.VerifyForm
    template_name = "reports/signing/verify.html"

    def form_valid(self, form):
        result = verification.verify_pdf(data=form.cleaned_data["file"], user=self.request.user)
        return self.render_to_response(self.get_context_data(form=forms.VerifyForm(), result=result,
                                                             file_name=form.files["file"].name))


urlpatterns = [
    path("certificates/", CertificatesView.as_view(), name="certificates"),
    path("certificates/test/", IssueTestCertificateView.as_view(), name="certificate_test"),
    path("certificates/<int:pk>/deactivate/", DeactivateCertificateView.as_view(), name="certificate_deactivate"),
    path("<uuid:pk>/sign/", SignReportView.as_view(), name="report_sign"),
    path("verify/", VerifyView.as_view(), name="verify"),
]
