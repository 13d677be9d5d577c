"""Signing certificates: a leader's PKCS#12 kept encrypted, and the province's own test CA.

The PKCS#12 bytes are stored encrypted (Fernet) with `settings.SIGNING_CERTIFICATE_KEY`, or with a key derived
from SECRET_KEY when that setting is empty; the passphrase only opens the file to check it and is never kept.
The test CA is for demos and tests and says so in its name: it is not a government CA.
"""
import base64
import datetime
import hashlib
from dataclasses import dataclass

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from audit.domain.services import record_event
from blocs.models import Province
from reports.models import CertificateAuthority, SigningCertificate

PKCS12_MAX_BYTES = 64 * 1024  # a key, its certificate and a chain fit in a few kilobytes
PASSPHRASE_MAX = 200
PASSPHRASE_MIN = 8  # for certificates the app issues; an uploaded file keeps the passphrase it came with
CA_YEARS, LEAF_DAYS = 10, 2 * 365
CA_COMMON_NAME = "CA THỬ NGHIỆM — không phải CA của Chính phủ"


# --- encryption of stored key material ---------------------------------------------------------------------

def _fernet():
    key = settings.SIGNING_CERTIFICATE_KEY
    if not key:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"khoi-thi-dua/signing-certificates",
                       info=b"pkcs12-at-rest").derive(settings.SECRET_KEY.encode())
        key = base64.urlsafe_b64encode(derived)
    return Fernet(key)


def encrypt(data):
    return _fernet().encrypt(bytes(data))


def decrypt(token):
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:
        raise ValidationError(_("Không giải mã được chứng thư đã lưu (khóa mã hóa của hệ thống đã thay đổi); "
                                "hãy tải chứng thư lên lại.")) from None


# --- reading a PKCS#12 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyMaterial:
    key: object
    certificate: x509.Certificate
    chain: list


def open_pkcs12(data, passphrase):
    """The key, certificate and chain of a PKCS#12; a Vietnamese ValidationError when it does not open."""
    if not data:
        raise ValidationError(_("Tệp chứng thư số rỗng."))
    if len(data) > PKCS12_MAX_BYTES:
        raise ValidationError(_("Tệp chứng thư số quá lớn (tối đa %(kb)s KB).") % {"kb": PKCS12_MAX_BYTES // 1024})
    if not _looks_like_pkcs12(data):
        raise ValidationError(_("Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx)."))
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, (passphrase or "").encode() or None)
    except (ValueError, TypeError):
        raise ValidationError(_("Mật khẩu của tệp chứng thư số không đúng.")) from None
    if key is None or certificate is None:
        raise ValidationError(_("Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư của người ký."))
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise ValidationError(_("Chỉ hỗ trợ khóa RSA hoặc ECDSA."))
    return KeyMaterial(key=key, certificate=certificate, chain=list(chain or []))


def _looks_like_pkcs12(data):
    """By content, not by the file name: a DER PFX structure that parses."""
    if data[:1] != b"\x30":
        return False
    try:
        pfx = asn1_pkcs12.Pfx.load(bytes(data))
        pfx.native  # noqa: B018 - forces the lazy parse of the whole structure
    except Exception:  # asn1crypto raises ValueError, TypeError or its own errors on garbage
        return False
    return True


def check_usable(certificate, *, now=None):
    """Refuse a certificate that is not yet or no longer valid, or may not sign documents."""
    now = now or timezone.now()
    if certificate.not_valid_after_utc <= now:
        raise ValidationError(_("Chứng thư số đã hết hạn ngày %(date)s.")
                              % {"date": _local_date(certificate.not_valid_after_utc)})
    if certificate.not_valid_before_utc > now:
        raise ValidationError(_("Chứng thư số chưa có hiệu lực (từ ngày %(date)s).")
                              % {"date": _local_date(certificate.not_valid_before_utc)})
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise ValidationError(_("Chứng thư số này không được dùng để ký văn bản (thiếu mục đích chữ ký số)."))


def _local_date(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def describe(name):
    """An X.509 name as people read it: the common name, then the organisation."""
    parts = [attr.value for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME,
                                    NameOID.ORGANIZATION_NAME) for attr in name.get_attributes_for_oid(oid)]
    return ", ".join(str(p) for p in parts) or name.rfc4514_string()


def fingerprint(certificate):
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


# --- a user's certificates ---------------------------------------------------------------------------------

def active_certificate(user):
    return SigningCertificate.objects.filter(user=user, is_active=True).first()


def upload_certificate(*, user, data, passphrase, is_test=False, as_system=False):
    """Keep `data` (a PKCS#12) encrypted as the user's active certificate, replacing the previous one.
    `as_system`: the audit record names no actor (the demo loader acts as the system)."""
    material = open_pkcs12(data, passphrase)
    check_usable(material.certificate)
    thumbprint = fingerprint(material.certificate)
    with transaction.atomic():
        clash = SigningCertificate.objects.select_for_update().filter(fingerprint=thumbprint).first()
        if clash is not None and clash.user_id != user.pk:
            raise ValidationError(_("Chứng thư số này đã được một tài khoản khác tải lên."))
        previous = SigningCertificate.objects.select_for_update().filter(user=user, is_active=True).first()
        if previous is not None and previous.pk != getattr(clash, "pk", None):
            previous.is_active = False
            previous.save(update_fields=["is_active"])
            record_event(actor=None if as_system else user, event_type="signing_certificate.deactivated",
                         obj=previous, old_value={"is_active": True},
                         new_value={"is_active": False, "reason": "replaced"})
        row = clash or SigningCertificate(user=user, fingerprint=thumbprint)
        _fill(row, material, data, is_test)
        row.save()
        record_event(actor=None if as_system else user, event_type="signing_certificate.uploaded", obj=row,
                     old_value={"replaced": previous.fingerprint} if previous and previous.pk != row.pk else None,
                     new_value={"subject": row.subject, "issuer": row.issuer, "fingerprint": row.fingerprint,
                                "not_after": row.not_after.isoformat(), "is_test": row.is_test})
    return row


def _fill(row, material, data, is_test):
    cert = material.certificate
    row.pkcs12_encrypted = encrypt(data)
    row.subject, row.issuer = describe(cert.subject)[:300], describe(cert.issuer)[:300]
    row.serial_number = format(cert.serial_number, "x")[:80]
    row.not_before, row.not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
    row.is_test, row.is_active = is_test, True


def deactivate_certificate(*, certificate, user):
    """The holder stops using a certificate; signatures already made with it stay valid."""
    with transaction.atomic():
        row = SigningCertificate.objects.select_for_update().get(pk=certificate.pk)
        if not row.is_active:
            raise ValidationError(_("Chứng thư số này đã ngừng sử dụng."))
        row.is_active = False
        row.save(update_fields=["is_active"])
        record_event(actor=user, event_type="signing_certificate.deactivated", obj=row,
                     old_value={"is_active": True}, new_value={"is_active": False})
    return row


def load_key_material(*, certificate, passphrase):
    """Open a stored certificate with the passphrase the signer types now."""
    return open_pkcs12(decrypt(certificate.pkcs12_encrypted), passphrase)


# --- the province's test CA ---------------------------------------------------------------------------------

def ca_display_name(province):
    return f"CA THỬ NGHIỆM {province.name} — không phải CA của Chính phủ"


def ensure_province_ca(*, province, actor=None):
    """The province's test CA, created on first use (the province row is the lock)."""
    existing = CertificateAuthority.objects.filter(province=province).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            Province.objects.select_for_update().get(pk=province.pk)
            existing = CertificateAuthority.objects.filter(province=province).first()
            if existing is not None:
                return existing
            return _create_ca(province, actor)
    except IntegrityError:  # created by a concurrent request on another database connection
        return CertificateAuthority.objects.get(province=province)


def _create_ca(province, actor):
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(CA_COMMON_NAME, province.name, unit=_("Chỉ dùng thử nghiệm"))
    now = timezone.now()
    builder = (_builder(name, name, key.public_key(), now, now + datetime.timedelta(days=365 * CA_YEARS))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(_key_usage(cert_sign=True), critical=True))
    certificate = builder.sign(key, hashes.SHA256())
    ca = CertificateAuthority.objects.create(
        province=province, name=ca_display_name(province)[:200],
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        key_encrypted=encrypt(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption())))
    record_event(actor=actor, event_type="certificate_authority.created", obj=ca,
                 new_value={"name": ca.name, "fingerprint": fingerprint(certificate)})
    return ca


def ca_certificate(ca):
    return x509.load_pem_x509_certificate(ca.certificate_pem.encode())


def _name(common_name, organisation, *, unit=None):
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:128] or "-")]
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, str(unit)[:128]))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name, 64)))
    return x509.Name(attributes)


def _fit(text, max_bytes):
    """X.509 limits a common name to 64 bytes of UTF-8: cut on a character boundary."""
    text = text or "-"
    while len(text.encode()) > max_bytes:
        text = text[:-1]
    return text


def _builder(subject, issuer, public_key, not_before, not_after):
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before - datetime.timedelta(minutes=5)).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _key_usage(*, cert_sign=False):
    return x509.KeyUsage(digital_signature=not cert_sign, content_commitment=not cert_sign,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False, decipher_only=False)


def _organisation_of(user):
    if user.role == Role.BOARD and user.province_id:
        return user.province.board_name or user.province.name
    return user.department.name if user.department_id else ""


def issue_test_pkcs12(*, user, passphrase, province, days=LEAF_DAYS, now=None, as_system=False):
    """A PKCS#12 for `user` from the province's test CA: CN = full name, O = the user's unit, key usage
    digitalSignature + nonRepudiation (pyHanko's validation expects the latter)."""
    ca = ensure_province_ca(province=province, actor=None if as_system else user)
    ca_cert = ca_certificate(ca)
    ca_key = serialization.load_der_private_key(decrypt(ca.key_encrypted), password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = now or timezone.now()
    subject = _name(user.get_full_name() or user.username, _organisation_of(user))
    certificate = (_builder(subject, ca_cert.subject, key.public_key(), now, now + datetime.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(_key_usage(), critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                                  critical=False)
                   .sign(ca_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(
        _fit(user.username, 64).encode(), key, certificate, [ca_cert],
        serialization.BestAvailableEncryption(passphrase.encode()))


def issue_test_certificate(*, user, passphrase, as_system=False):
    """Issue the user a certificate from their province's test CA and make it their active one."""
    if not passphrase or len(passphrase) < PASSPHRASE_MIN:
        raise ValidationError(_("Mật khẩu bảo vệ chứng thư cần ít nhất %(n)s ký tự.") % {"n": PASSPHRASE_MIN})
    if len(passphrase) > PASSPHRASE_MAX:
        raise ValidationError(_("Mật khẩu quá dài (tối đa %(n)s ký tự).") % {"n": PASSPHRASE_MAX})
    province = Province.objects.filter(pk=user.home_province_id).first() if user.home_province_id else None
    if province is None:
        raise ValidationError(_("Tài khoản không thuộc tỉnh nào nên không có CA thử nghiệm để cấp chứng thư."))
    data = issue_test_pkcs12(user=user, passphrase=passphrase, province=province, as_system=as_system)
    return upload_certificate(user=user, data=data, passphrase=passphrase, is_test=True, as_system=as_system)
