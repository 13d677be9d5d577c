"""Signing a finished report: PAdES with pyHanko, one visible signature per signer slot, each an incremental
update on top of the latest file so that every earlier signature stays valid.

Signing runs in the web request (the passphrase never travels through the broker) with the report row locked,
so two signers never build on the same file and lose an update.
"""
import hashlib
import io
import textwrap
from functools import lru_cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from audit.domain.services import listing, record_event
from emulation.exceptions import ConflictError
from reports.domain import certificates
from reports.domain.event_loop import run_sync
from reports.enums import ReportStatus, SignatureSlot
from reports.models import Report, Signature
from reports.rules import held_slots, slot_key

# Liberation (unitsPerEm 2048) makes pyHanko space the stamp about twice too wide; Noto Serif (1000) is right.
STAMP_FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
STAMP_FONT_SIZE = 8
STAMP_LINE_CHARS = 46
STAMP_TEXT = "%(line1)s\n%(line2)s\n%(line3)s\n%(line4)s"


def signed_file_name(report):
    return f"reports/signed/{report.year}/{report.pk}.pdf"


def signed_keys(report):
    """The signature boxes already filled on the report: {"sig-…": Signature}."""
    return {row.field_name: row for row in report.signatures.all()}


def open_slots(*, report, user):
    """The signer entries this user holds on the report that nobody has signed yet, in signing order."""
    done = set(report.signatures.values_list("field_name", flat=True))
    return [signer for signer in held_slots(user, report) if slot_key(signer) not in done]


def sign_report(*, report, user, passphrase, expected_version, field_name=None):
    """Sign the report in the first open slot the user holds (or `field_name`), with their active certificate.
    Only a finished report, at the version the signer saw (409 otherwise); a wrong passphrase changes nothing."""
    if not held_slots(user, report):
        raise PermissionDenied(_("Bạn không có vị trí ký nào trên văn bản này."))
    signed_file = _SignedFile(report)
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report.pk)
            _check_state(report, expected_version)
            signer_entry = _choose_slot(report, user, field_name)
            certificate = _usable_certificate(user)
            material = certificates.load_key_material(certificate=certificate, passphrase=passphrase)
            certificates.check_usable(material.certificate)
            signed_at = timezone.now()
            key = slot_key(signer_entry)
            pdf = stamp_and_sign(pdf=_read_latest(report), material=material, field_name=key,
                                 place=_place(report, key),
                                 lines=stamp_lines(user=user, signer=signer_entry, signed_at=signed_at))
            return _record(report=report, user=user, certificate=certificate, signer=signer_entry,
                           field_name=key, pdf=pdf, signed_at=signed_at, signed_file=signed_file)
    except BaseException:
        signed_file.undo()
        raise


def _check_state(report, expected_version):
    if report.status != ReportStatus.DONE or not report.file:
        raise ValidationError(_("Văn bản chưa tạo xong nên chưa thể ký."))
    if expected_version is None or int(expected_version) != report.version:
        raise ConflictError(_("Văn bản vừa được người khác ký hoặc thay đổi; hãy tải lại trang rồi ký lại."))


def _choose_slot(report, user, field_name):
    available = open_slots(report=report, user=user)
    if field_name:
        available = [signer for signer in available if slot_key(signer) == field_name]
        held = any(slot_key(signer) == field_name for signer in held_slots(user, report))
        if not held:
            raise PermissionDenied(_("Bạn không giữ vị trí ký này trên văn bản."))
    if not available:
        raise ValidationError(_("Bạn đã ký văn bản này ở vị trí của mình."))
    return available[0]


def _usable_certificate(user):
    certificate = certificates.active_certificate(user)
    if certificate is None:
        raise ValidationError(_("Bạn chưa có chứng thư số: hãy tải chứng thư lên ở trang “Chứng thư số của tôi”."))
    if certificate.not_after <= timezone.now():
        raise ValidationError(_("Chứng thư số của bạn đã hết hạn; hãy tải lên chứng thư mới."))
    return certificate


def _read_latest(report):
    name = report.signed_file.name if report.signed_file else report.file.name
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except OSError:
        raise ValidationError(_("Không đọc được tệp của văn bản; hãy tạo lại văn bản.")) from None


def _place(report, key):
    place = (report.layout or {}).get(key)
    if not place or len(place.get("box") or ()) != 4:
        raise ValidationError(_("Văn bản không có ô chữ ký cho vị trí này; hãy tạo lại văn bản."))
    return place


def stamp_lines(*, user, signer, signed_at):
    """Name, position, unit and time, as the visible stamp shows them: in Vietnamese, like the document,
    whatever language the signer reads the site in."""
    with translation.override("vi"):
        return _stamp_lines(user, signer, signed_at)


def _stamp_lines(user, signer, signed_at):
    name = user.get_full_name() or user.username
    position = user.position or signer.get("position", "")
    unit = signer.get("department") or (user.department.name if user.department_id else "")
    when = timezone.localtime(signed_at).strftime("%d/%m/%Y %H:%M:%S")
    return [_("Ký số bởi: %(name)s") % {"name": name},
            _("Chức vụ: %(position)s") % {"position": position.capitalize() if position.isupper() else position},
            _("Đơn vị: %(unit)s") % {"unit": unit},
            _("Thời gian ký: %(when)s (GMT+7)") % {"when": when}]


def _wrap(lines):
    wrapped = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, STAMP_LINE_CHARS) or [""])
    return wrapped


@lru_cache(maxsize=1)
def _font():
    return GlyphAccumulatorFactory(STAMP_FONT, font_size=STAMP_FONT_SIZE)


def _signer(material):
    key = asn1_keys.PrivateKeyInfo.load(material.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    der = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in material.chain]
    cert = asn1_x509.Certificate.load(material.certificate.public_bytes(serialization.Encoding.DER))
    return signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs(der))


def stamp_and_sign(*, pdf, material, field_name, place, lines):
    """One incremental update of `pdf`: a new visible signature field at `place`, signed (PAdES B-B)."""
    lines = _wrap(lines)
    template = "\n".join(f"%(l{i})s" for i in range(len(lines)))
    style = TextStampStyle(stamp_text=template, text_box_style=TextBoxStyle(font=_font(), leading=10),
                           border_width=1)
    meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    spec = SigFieldSpec(sig_field_name=field_name, on_page=int(place["page"]),
                        box=tuple(float(v) for v in place["box"]))
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = io.BytesIO()
        pdf_signer = signers.PdfSigner(meta, signer=_signer(material), stamp_style=style, new_field_spec=spec)
        run_sync(pdf_signer.async_sign_pdf(
            writer, output=output, appearance_text_params={f"l{i}": line for i, line in enumerate(lines)}))
    except (PdfError, ValueError, KeyError) as exc:
        raise ValidationError(_("Không ký được tệp PDF của văn bản: %(reason)s") % {"reason": exc}) from exc
    return output.getvalue()


def _record(*, report, user, certificate, signer, field_name, pdf, signed_at, signed_file):
    digest = hashlib.sha256(pdf).hexdigest()
    revision = report.signatures.count() + 1
    signature = Signature.objects.create(
        report=report, certificate=certificate, signer=user, slot=signer["slot"],
        department_id=signer.get("department_id") if signer["slot"] == SignatureSlot.MEMBER else None,
        field_name=field_name, signer_name=(user.get_full_name() or user.username)[:200],
        signer_position=(user.position or signer.get("position", ""))[:200], signed_at=signed_at,
        revision=revision, sha256_after=digest)
    old = {"version": report.version, "signed_sha256": report.signed_sha256}
    report.signed_file.name = signed_file.name
    report.signed_sha256, report.version = digest, report.version + 1
    report.save(update_fields=["signed_file", "signed_sha256", "version"])
    record_event(actor=user, event_type="report.signed", obj=report, old_value=old,
                 new_value={"version": report.version, "signed_sha256": digest, "slot": signer["slot"],
                            "field_name": field_name, "revision": revision,
                            "certificate": certificate.fingerprint,
                            "signature": listing([signature], "signer_id", "department_id", "slot", "revision",
                                              "sha256_after")[0]})
    signed_file.write(pdf)  # last: only the commit can fail after it, and then the old bytes go back
    return signature


class _SignedFile:
    """Overwrites the report's signed file (one name per report) and puts the old bytes back when the
    transaction that records the signature does not commit."""

    def __init__(self, report):
        self.name = signed_file_name(report)
        self.previous, self.written = None, False

    def write(self, pdf):
        if default_storage.exists(self.name):
            with default_storage.open(self.name, "rb") as handle:
                self.previous = handle.read()
            default_storage.delete(self.name)
        self.written = True
        stored = default_storage.save(self.name, ContentFile(pdf))
        if stored != self.name:  # the storage picked another name: the row must point at what exists
            raise ValidationError(_("Không lưu được tệp đã ký; hãy thử lại."))
        return stored

    def undo(self):
        if not self.written:
            return
        if default_storage.exists(self.name):
            default_storage.delete(self.name)
        if self.previous is not None:
            default_storage.save(self.name, ContentFile(self.previous))
