"""Checking an uploaded PDF: each embedded signature (intact, trusted, who, when, which revision, what changed
after it), and whether the file is exactly one this system issued.

Trust roots are every province's test CA in the database plus `settings.SIGNING_TRUST_ROOTS` (paths of PEM or
DER files, e.g. the national root CA). Nothing is fetched from the network: revocation is not checked.
"""
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reports.domain.event_loop import run_sync
from reports.models import CertificateAuthority, Report, Signature

logger = logging.getLogger(__name__)
PDF_MAGIC = b"%PDF-"


@dataclass
class SignatureCheck:
    field_name: str
    signer_name: str = ""
    signer_subject: str = ""
    issuer: str = ""
    signed_at: datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    revision: int | None = None  # the revision it signs, counted from 1 = the original file
    covers_whole_file: bool = False
    coverage: str = ""
    modification: str = ""
    modified_after: bool = False  # changes after this signature that signatures do not explain
    produced_by_system: bool = False  # the signed revision is byte for byte a revision this system wrote
    error: str = ""

    @property
    def ok(self):
        return self.intact and self.valid and self.trusted and not self.modified_after and not self.error


@dataclass
class VerificationResult:
    sha256: str
    size: int
    readable: bool = True
    error: str = ""
    revisions: int = 0
    signatures: list = field(default_factory=list)
    appended_bytes: int = 0  # after the end of the last signature's byte range
    issued: bool = False
    issued_revision: int | None = None  # None: the rendered file; n: the file after the n-th signature
    report: Report | None = None  # only when the user may see it

    @property
    def all_ok(self):
        return self.readable and bool(self.signatures) and all(s.ok for s in self.signatures) \
            and self.appended_bytes == 0


def check_upload(data):
    """Bad input (nothing read, too large, not a PDF) is a ValidationError, as for any other form field."""
    if not data:
        raise ValidationError(_("Tệp tải lên rỗng."))
    if len(data) > settings.REPORT_UPLOAD_MAX_BYTES:
        raise ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).")
                              % {"mb": settings.REPORT_UPLOAD_MAX_BYTES // (1024 * 1024)})
    if bytes(data[:len(PDF_MAGIC)]) != PDF_MAGIC:
        raise ValidationError(_("Tệp không phải PDF (không bắt đầu bằng %PDF-)."))


def verify_pdf(*, data, user):
    """Everything the verification page shows about `data` (a PDF already checked by `check_upload`)."""
    check_upload(data)
    result = VerificationResult(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    _match_issued(result, user)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        result.revisions = reader.xrefs.total_revisions
    except Exception as exc:  # a damaged file can fail anywhere in the parser: say so, never a 500
        logger.info("unreadable PDF uploaded for verification: %s", exc)
        result.readable, result.error = False, _("Không đọc được cấu trúc PDF của tệp (tệp hỏng hoặc không hợp "
                                                  "lệ).")
        return result
    context = validation_context()
    result.signatures = [_check(signature, context) for signature in embedded]
    ends = [_range_end(signature) for signature in embedded]
    ends = [end for end in ends if end]
    if ends:
        result.appended_bytes = max(len(data) - max(ends), 0)
    _match_revisions(result, data, embedded)
    return result


def trust_roots():
    roots = [asn1_x509.Certificate.load(pem.unarmor(ca.certificate_pem.encode())[2])
             for ca in CertificateAuthority.objects.only("certificate_pem")]
    for path in getattr(settings, "SIGNING_TRUST_ROOTS", ()):
        with open(path, "rb") as handle:
            content = handle.read()
        if pem.detect(content):
            roots.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(content, multiple=True))
        else:
            roots.append(asn1_x509.Certificate.load(content))
    return roots


def validation_context():
    return ValidationContext(trust_roots=trust_roots(), allow_fetching=False)


def _check(embedded, context):
    check = SignatureCheck(field_name=str(embedded.field_name or ""))
    try:
        check.revision = embedded.signed_revision + 1
        status = run_sync(async_validate_pdf_signature(embedded, context))
    except Exception as exc:  # malformed CMS, unsupported algorithm…: report it on this signature only
        logger.info("signature %s could not be validated: %s", check.field_name, exc)
        check.error = _("Không kiểm tra được chữ ký này (dữ liệu chữ ký hỏng hoặc không được hỗ trợ).")
        return check
    cert = status.signing_cert
    check.signer_name = str(cert.subject.native.get("common_name", "")) if cert else ""
    check.signer_subject = _name_text(cert.subject) if cert else ""
    check.issuer = _name_text(cert.issuer) if cert else ""
    check.signed_at = status.signer_reported_dt
    check.intact, check.valid, check.trusted = status.intact, status.valid, status.trusted
    check.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    check.coverage = _coverage_label(status.coverage)
    check.modification, check.modified_after = _modification(status)
    return check


def _name_text(name):
    """A certificate name as people read it: common name, unit, organisation (as on the certificates page)."""
    parts = []
    for key in ("common_name", "organizational_unit_name", "organization_name"):
        value = name.native.get(key)
        parts.extend(value if isinstance(value, list) else [value] if value else [])
    return ", ".join(str(p) for p in parts) or name.human_friendly


def _coverage_label(coverage):
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return _("Chữ ký bao trùm toàn bộ tệp.")
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        return _("Chữ ký bao trùm trọn bản sửa đổi của nó; tệp có thêm cập nhật sau đó.")
    return _("Chữ ký không bao trùm trọn bản sửa đổi của nó: tệp đã bị can thiệp.")


def _modification(status):
    """What changed after the signature, in words, and whether that is a change signatures do not explain."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return _("Không có thay đổi nào sau chữ ký này."), False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return _("Không xác định được phần nào của tệp được ký."), True
    if isinstance(status.diff_result, SuspiciousModification):
        return _("Nội dung đã bị sửa sau khi ký (%(detail)s).") % {"detail": status.diff_result}, True
    level = status.modification_level
    if level == ModificationLevel.NONE:
        return _("Sau chữ ký này có dữ liệu được thêm vào nhưng nội dung văn bản không đổi."), False
    if level == ModificationLevel.LTA_UPDATES:
        return _("Sau chữ ký này chỉ có cập nhật lưu trữ (dấu thời gian, dữ liệu xác thực)."), False
    if level == ModificationLevel.FORM_FILLING:
        return _("Sau chữ ký này chỉ có thêm chữ ký hoặc điền trường biểu mẫu: được phép."), not status.docmdp_ok
    if level == ModificationLevel.ANNOTATIONS:
        return _("Sau khi ký, tệp được thêm chú thích (annotation)."), True
    return _("Nội dung đã bị sửa sau khi ký."), True


def _range_end(embedded):
    try:
        byte_range = embedded.byte_range
        return int(byte_range[2]) + int(byte_range[3])
    except Exception:  # a damaged /ByteRange: the check of that signature already says so
        return None


def _match_issued(result, user):
    """Is the file byte for byte one this system produced: a rendered report, its signed file, or the file
    after one of its signatures? Name the report only to a user who may see it."""
    report = Report.objects.filter(Q(sha256=result.sha256) | Q(signed_sha256=result.sha256)).first()
    signature = None
    if report is None:
        signature = Signature.objects.select_related("report").filter(sha256_after=result.sha256).first()
        report = signature.report if signature else None
    elif report.signed_sha256 == result.sha256:
        signature = report.signatures.filter(sha256_after=result.sha256).first()
    if report is None:
        return
    result.issued = True
    result.issued_revision = signature.revision if signature else None
    if user.has_perm("reports.view_report", report):
        result.report = report


def _match_revisions(result, data, embedded):
    """Mark each signature whose signed revision (the file up to its byte range's end) this system wrote."""
    prefixes = {}
    for check, signature in zip(result.signatures, embedded):
        end = _range_end(signature)
        if end and end <= len(data):
            prefixes.setdefault(hashlib.sha256(data[:end]).hexdigest(), []).append(check)
    known = set(Signature.objects.filter(sha256_after__in=list(prefixes)).values_list("sha256_after", flat=True))
    for digest in known:
        for check in prefixes[digest]:
            check.produced_by_system = True
