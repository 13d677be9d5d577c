"""Certificates: PKCS#12 checked by content and kept encrypted without its passphrase; the province's test CA."""
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from reports.domain import certificates
from reports.models import CertificateAuthority, SigningCertificate
from tests.factories.accounts import board_user, leader_user
from tests.reports.signing.conftest import PASSPHRASE, foreign_pkcs12

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _messages(call):
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def test_test_certificate_names_the_leader_and_unit_with_signing_key_usage(world):
    leader = leader_user(world.own_departments[0], first_name="Nguyễn Văn", last_name="An")
    row = certificates.issue_test_certificate(user=leader, passphrase=PASSPHRASE)
    material = certificates.load_key_material(certificate=row, passphrase=PASSPHRASE)
    subject = material.certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Nguyễn Văn An"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == world.own_departments[0].name
    usage = material.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.content_commitment, usage.key_cert_sign) == (True, True, False)
    ca = CertificateAuthority.objects.get(province=world.province)
    assert ca.name == f"CA THỬ NGHIỆM {world.province.name} — không phải CA của Chính phủ"
    assert material.certificate.issuer == certificates.ca_certificate(ca).subject
    assert (row.user_id, row.is_test, row.is_active, row.subject) == (
        leader.pk, True, True, f"Nguyễn Văn An, {world.own_departments[0].name}")


def test_board_member_gets_the_board_as_organisation_and_one_ca_per_province(world):
    certificates.issue_test_certificate(user=world.board, passphrase=PASSPHRASE)
    second = certificates.issue_test_certificate(user=board_user(world.province), passphrase=PASSPHRASE)
    assert CertificateAuthority.objects.filter(province=world.province).count() == 1
    assert world.province.board_name in second.subject or world.province.name in second.subject


def test_stored_bytes_are_encrypted_and_the_passphrase_is_not_kept(world):
    row = certificates.issue_test_certificate(user=world.leader, passphrase=PASSPHRASE)
    stored = bytes(SigningCertificate.objects.get(pk=row.pk).pkcs12_encrypted)
    plain = certificates.decrypt(stored)
    assert pkcs12.load_key_and_certificates(plain, PASSPHRASE.encode())[1] is not None
    assert plain not in stored and PASSPHRASE.encode() not in stored and PASSPHRASE.encode() not in plain
    ca_key = bytes(CertificateAuthority.objects.get(province=world.province).key_encrypted)
    assert b"PRIVATE KEY" not in ca_key and ca_key.startswith(b"gAAAA")  # a Fernet token


def test_settings_key_is_used_when_set(world, settings):
    from cryptography.fernet import Fernet

    settings.SIGNING_CERTIFICATE_KEY = Fernet.generate_key().decode()
    token = certificates.encrypt(b"abc")
    assert Fernet(settings.SIGNING_CERTIFICATE_KEY).decrypt(token) == b"abc"
    settings.SIGNING_CERTIFICATE_KEY = Fernet.generate_key().decode()
    assert "khóa mã hóa của hệ thống đã thay đổi" in _messages(lambda: certificates.decrypt(token))[0]


@pytest.mark.parametrize(("data", "passphrase", "message"), [
    (b"", "x", "Tệp chứng thư số rỗng."),
    (b"%PDF-1.7 not a certificate", "x", "Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx)."),
    (b"\x30\x82\x00\x10garbage-garbage", "x", "Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx)."),
    (b"0" * (certificates.PKCS12_MAX_BYTES + 1), "x", "Tệp chứng thư số quá lớn (tối đa 64 KB)."),
])
def test_bad_files_are_refused(world, data, passphrase, message):
    assert _messages(lambda: certificates.upload_certificate(user=world.leader, data=data,
                                                             passphrase=passphrase)) == [message]
    assert SigningCertificate.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_wrong_passphrase_expired_and_not_yet_valid_are_refused(world):
    data = foreign_pkcs12()
    assert _messages(lambda: certificates.upload_certificate(user=world.leader, data=data, passphrase="sai")) == [
        "Mật khẩu của tệp chứng thư số không đúng."]
    expired = foreign_pkcs12(days=30, start_days_ago=60)
    assert _messages(lambda: certificates.upload_certificate(user=world.leader, data=expired,
                                                             passphrase=PASSPHRASE))[0].startswith(
        "Chứng thư số đã hết hạn ngày ")
    future = foreign_pkcs12(start_days_ago=-10)
    assert _messages(lambda: certificates.upload_certificate(user=world.leader, data=future,
                                                             passphrase=PASSPHRASE))[0].startswith(
        "Chứng thư số chưa có hiệu lực")
    assert SigningCertificate.objects.count() == 0


def test_a_key_without_a_certificate_is_refused(world):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    data = pkcs12.serialize_key_and_certificates(b"k", ec.generate_private_key(ec.SECP256R1()), None, None,
                                                 serialization.BestAvailableEncryption(PASSPHRASE.encode()))
    assert _messages(lambda: certificates.upload_certificate(user=world.leader, data=data,
                                                             passphrase=PASSPHRASE)) == [
        "Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư của người ký."]


def test_upload_replaces_the_active_certificate(world):
    first = certificates.issue_test_certificate(user=world.leader, passphrase=PASSPHRASE)
    second = certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    first.refresh_from_db()
    assert (first.is_active, second.is_active, second.is_test, second.issuer) == (False, True, False, "CA Lạ")
    assert certificates.active_certificate(world.leader) == second
    event = AuditEvent.objects.filter(event_type="signing_certificate.uploaded").last()
    assert event.old_value == {"replaced": first.fingerprint}


def test_the_same_certificate_cannot_belong_to_two_accounts(world):
    data = foreign_pkcs12()
    certificates.upload_certificate(user=world.leader, data=data, passphrase=PASSPHRASE)
    other = leader_user(world.own_departments[0])
    assert _messages(lambda: certificates.upload_certificate(user=other, data=data, passphrase=PASSPHRASE)) == [
        "Chứng thư số này đã được một tài khoản khác tải lên."]


def test_reuploading_a_deactivated_certificate_reactivates_it(world):
    data = foreign_pkcs12()
    row = certificates.upload_certificate(user=world.leader, data=data, passphrase=PASSPHRASE)
    certificates.deactivate_certificate(certificate=row, user=world.leader)
    assert certificates.active_certificate(world.leader) is None
    again = certificates.upload_certificate(user=world.leader, data=data, passphrase=PASSPHRASE)
    assert again.pk == row.pk and again.is_active
    certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    assert _messages(lambda: certificates.deactivate_certificate(certificate=row, user=world.leader)) == [
        "Chứng thư số này đã ngừng sử dụng."]


def test_test_certificate_needs_a_long_passphrase_and_a_province(world):
    from tests.factories.accounts import UserFactory

    assert _messages(lambda: certificates.issue_test_certificate(user=world.leader, passphrase="ngan")) == [
        "Mật khẩu bảo vệ chứng thư cần ít nhất 8 ký tự."]
    root = UserFactory(is_superuser=True)
    assert _messages(lambda: certificates.issue_test_certificate(user=root, passphrase=PASSPHRASE)) == [
        "Tài khoản không thuộc tỉnh nào nên không có CA thử nghiệm để cấp chứng thư."]
