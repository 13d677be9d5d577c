"""Generated documents (PDF), the texts the secretariat writes into them, signing certificates and signatures.

A `Report` row is the job and its result at once: it keeps a JSON snapshot of everything the document shows
(`context`), so the worker renders exactly what was hashed, a retry renders the same thing, and the same
inputs are answered with the stored file instead of a new rendering.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.enums import ReportKind, ReportStatus, SignatureSlot


class ReportText(models.Model):
    """The sections the secretariat writes before rendering (achievements, shortcomings, next year's tasks)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=ReportKind.choices)
    province = models.ForeignKey("blocs.Province", on_delete=models.PROTECT, related_name="report_texts")
    year = models.PositiveSmallIntegerField(_("năm"))
    bloc_year = models.ForeignKey("blocs.BlocYear", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="report_texts")
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True,
                                     help_text=_("Ví dụ: 05/BC-KTĐ"))
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    sections = models.JSONField(_("nội dung"), default=dict, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["kind", "bloc_year"], condition=Q(bloc_year__isnull=False),
                                    name="one_report_text_per_bloc_year_kind"),
            models.UniqueConstraint(fields=["kind", "province", "year"], condition=Q(bloc_year__isnull=True),
                                    name="one_report_text_per_province_year_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=ReportKind.choices)
    province = models.ForeignKey("blocs.Province", on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("năm"))
    bloc_year = models.ForeignKey("blocs.BlocYear", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="reports")
    ballot_round = models.ForeignKey("voting.BallotRound", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="reports")
    decision = models.ForeignKey("decisions.AwardDecision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reports")
    title = models.CharField(_("tiêu đề"), max_length=300)
    context = models.JSONField(default=dict, help_text="snapshot of the inputs the document shows")
    inputs_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.QUEUED)
    dispatched = models.BooleanField(default=False, help_text="handed to the broker; false while Redis is down")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    file = models.FileField(_("tệp PDF"), upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, help_text="of the rendered file")
    pages = models.PositiveIntegerField(null=True, blank=True)
    layout = models.JSONField(default=dict, blank=True,
                              help_text="signature boxes found in the rendered file: id -> page, box in points")
    signed_file = models.FileField(_("tệp đã ký"), upload_to="reports/signed/%Y/", blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="requested_reports")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="bumped by every signature")

    class Meta:
        verbose_name = _("báo cáo")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "dispatched"]),
                   models.Index(fields=["kind", "inputs_hash"])]

    def __str__(self):
        return self.title

    @property
    def is_finished(self):
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def issued_file(self):
        """What a download gives: the signed file once anyone has signed."""
        return self.signed_file if self.signed_file else self.file

    @property
    def issued_sha256(self):
        return self.signed_sha256 or self.sha256


class CertificateAuthority(models.Model):
    """The province's own test CA: issues leaders' certificates for demos and tests. Not a government CA."""

    province = models.OneToOneField("blocs.Province", on_delete=models.PROTECT, related_name="test_ca")
    name = models.CharField(max_length=200)
    certificate_pem = models.TextField()
    key_encrypted = models.BinaryField(help_text="PKCS#8 private key, encrypted with the settings' key")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("CA thử nghiệm của tỉnh")

    def __str__(self):
        return self.name


class SigningCertificate(models.Model):
    """A leader's PKCS#12, encrypted with a key from the settings; the passphrase is never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="signing_certificates")
    pkcs12_encrypted = models.BinaryField()
    subject = models.CharField(_("chủ thể"), max_length=300)
    issuer = models.CharField(_("tổ chức cấp"), max_length=300)
    serial_number = models.CharField(max_length=80)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField(_("hết hạn"))
    fingerprint = models.CharField(max_length=64, unique=True, help_text="sha256 of the certificate (DER)")
    is_test = models.BooleanField(_("chứng thư thử nghiệm"), default=False)
    is_active = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số")
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(is_active=True),
                                               name="one_active_certificate_per_user")]

    def __str__(self):
        return self.subject


class Signature(models.Model):
    """One PAdES incremental update of a report's file."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="signatures")
    certificate = models.ForeignKey(SigningCertificate, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    slot = models.CharField(max_length=10, choices=SignatureSlot.choices)
    department = models.ForeignKey("blocs.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="the unit whose leader signs (member slot)")
    field_name = models.CharField(max_length=80)
    signer_name = models.CharField(max_length=200)
    signer_position = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField()
    revision = models.PositiveSmallIntegerField(help_text="1 for the first signature on the file")
    sha256_after = models.CharField(max_length=64, db_index=True, help_text="of the file after this update")

    class Meta:
        verbose_name = _("chữ ký số")
        ordering = ["revision"]
        constraints = [
            models.UniqueConstraint(fields=["report", "revision"], name="one_signature_per_revision"),
            models.UniqueConstraint(fields=["report", "slot", "department"], condition=Q(department__isnull=False),
                                    name="one_signature_per_member_slot"),
            models.UniqueConstraint(fields=["report", "slot"], condition=Q(department__isnull=True),
                                    name="one_signature_per_slot"),
        ]

    def __str__(self):
        return f"{self.signer_name} ({self.get_slot_display()})"
