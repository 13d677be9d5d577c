"""Signing a year-end report: PAdES signatures pyHanko validates against the province's test CA, incremental
updates that keep earlier signatures valid, and refusals that change nothing."""
import hashlib
import io
import subprocess

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from audit.models import AuditEvent
from emulation.exceptions import ConflictError
from reports.domain import certificates, signing
from reports.domain.event_loop import run_sync
from reports.enums import ReportStatus
from reports.models import CertificateAuthority, Report, Signature
from tests.factories.accounts import leader_user
from tests.reports.signing.conftest import PASSPHRASE, foreign_pkcs12, read, sign

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def province_ca_context(province):
    ca = CertificateAuthority.objects.get(province=province)
    root = asn1_x509.Certificate.load(pem.unarmor(ca.certificate_pem.encode())[2])
    return ValidationContext(trust_roots=[root], allow_fetching=False)


def statuses(data, context):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return {s.field_name: run_sync(async_validate_pdf_signature(s, context)) for s in reader.embedded_signatures}


def test_signed_report_is_intact_and_trusted_against_the_province_ca(world, signers, year_end, tmp_path):
    signature = sign(year_end, signers.head)
    year_end.refresh_from_db()
    data = read(year_end.signed_file.name)
    found = statuses(data, province_ca_context(world.province))
    assert list(found) == ["sig-leader"]
    status = found["sig-leader"]
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (True, True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    assert (signature.slot, signature.field_name, signature.revision, signature.signer_name) == (
        "leader", "sig-leader", 1, "Nguyễn Văn An")
    assert signature.department_id is None and signature.signer_position == "Giám đốc"
    assert (year_end.version, year_end.signed_sha256, signature.sha256_after) == (
        2, hashlib.sha256(data).hexdigest(), hashlib.sha256(data).hexdigest())
    assert year_end.signed_file.name == f"reports/signed/{year_end.year}/{year_end.pk}.pdf"
    assert data.startswith(read(year_end.file.name))  # an incremental update: the rendered bytes come first
    event = AuditEvent.objects.filter(event_type="report.signed").get()
    assert (event.actor_id, event.object_id, event.new_value["revision"]) == (signers.head.pk, str(year_end.pk), 1)
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout
    assert "Ký số bởi: Nguyễn Văn An" in text and "Giám đốc" in text


def test_one_flipped_byte_breaks_the_signature(world, signers, year_end):
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    data = bytearray(read(year_end.signed_file.name))
    data[len(data) // 4] ^= 0x01  # inside the rendered page content, which the signature covers
    status = statuses(bytes(data), province_ca_context(world.province))["sig-leader"]
    assert (status.intact, status.bottom_line) == (False, False)


def test_second_signature_keeps_the_first_valid(world, signers, year_end):
    sign(year_end, signers.head)
    second = sign(year_end, signers.deputy)
    year_end.refresh_from_db()
    data = read(year_end.signed_file.name)
    found = statuses(data, province_ca_context(world.province))
    assert list(found) == ["sig-leader", "sig-deputy"]
    assert all(s.intact and s.valid and s.trusted and s.docmdp_ok for s in found.values())
    assert found["sig-leader"].coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert found["sig-deputy"].coverage == SignatureCoverageLevel.ENTIRE_FILE
    first = Signature.objects.get(report=year_end, revision=1)
    assert data.startswith(read(year_end.file.name))
    assert hashlib.sha256(data[:_first_end(data)]).hexdigest() == first.sha256_after  # revision 1, unchanged
    assert (second.revision, second.slot, year_end.version) == (2, "deputy", 3)


def _first_end(data):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    byte_range = reader.embedded_signatures[0].byte_range
    return byte_range[2] + byte_range[3]


def test_certificate_of_another_ca_is_untrusted(world, signers, year_end):
    certificates.upload_certificate(user=signers.head, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    status = statuses(read(year_end.signed_file.name), province_ca_context(world.province))["sig-leader"]
    assert (status.intact, status.valid, status.trusted) == (True, True, False)


def test_certificate_of_another_province_ca_is_untrusted_by_this_province_ca(world, signers, year_end):
    far_leader = leader_user(world.far_departments[0], username="xa")
    certificates.issue_test_certificate(user=far_leader, passphrase=PASSPHRASE)
    far_material = certificates.load_key_material(certificate=certificates.active_certificate(far_leader),
                                                  passphrase=PASSPHRASE)
    data = signing.stamp_and_sign(pdf=read(year_end.file.name), material=far_material, field_name="sig-leader",
                                  place=year_end.layout["sig-leader"], lines=["Ký thử"])
    status = statuses(data, province_ca_context(world.province))["sig-leader"]
    assert (status.intact, status.trusted) == (True, False)


def _state(report):
    report.refresh_from_db()
    return (report.version, report.signed_file.name, report.signed_sha256, Signature.objects.count(),
            AuditEvent.objects.count())


def test_wrong_passphrase_changes_nothing(signers, year_end):
    before = _state(year_end)
    with pytest.raises(ValidationError) as refused:
        sign(year_end, signers.head, passphrase="sai-mat-khau")
    assert refused.value.messages == ["Mật khẩu của tệp chứng thư số không đúng."]
    assert _state(year_end) == before


def test_wrong_passphrase_on_the_second_signature_keeps_the_first_file(signers, year_end):
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    first = read(year_end.signed_file.name)
    before = _state(year_end)
    with pytest.raises(ValidationError):
        sign(year_end, signers.deputy, passphrase="sai-mat-khau")
    assert _state(year_end) == before and read(year_end.signed_file.name) == first


def test_stale_version_is_a_conflict(signers, year_end):
    sign(year_end, signers.head)
    before = _state(year_end)
    with pytest.raises(ConflictError):
        sign(year_end, signers.deputy, version=1)
    assert _state(year_end) == before


def test_one_signature_per_slot(signers, year_end):
    sign(year_end, signers.head)
    with pytest.raises(ValidationError) as refused:
        sign(year_end, signers.head)
    assert refused.value.messages == ["Bạn đã ký văn bản này ở vị trí của mình."]


def test_member_without_slot_and_other_roles_are_refused(world, signers, year_end):
    member = leader_user(world.own_departments[2], username="thanhvien")  # a member, neither leader nor deputy
    certificates.issue_test_certificate(user=member, passphrase=PASSPHRASE)
    for user in (member, world.officer, world.board, world.secretariat):
        with pytest.raises(PermissionDenied):
            sign(year_end, user)
    assert Signature.objects.count() == 0


def test_unfinished_report_cannot_be_signed(signers, year_end):
    Report.objects.filter(pk=year_end.pk).update(status=ReportStatus.RENDERING)
    with pytest.raises(ValidationError) as refused:
        sign(year_end, signers.head)
    assert refused.value.messages == ["Văn bản chưa tạo xong nên chưa thể ký."]


def test_signing_needs_an_active_certificate(world, signers, year_end):
    certificates.deactivate_certificate(certificate=certificates.active_certificate(signers.head),
                                        user=signers.head)
    with pytest.raises(ValidationError) as refused:
        sign(year_end, signers.head)
    assert "Bạn chưa có chứng thư số" in refused.value.messages[0]


def test_slots_follow_the_document_signers(world, signers, year_end):
    assert [s["slot"] for s in signing.open_slots(report=year_end, user=signers.head)] == ["leader"]
    assert [s["slot"] for s in signing.open_slots(report=year_end, user=signers.deputy)] == ["deputy"]
    assert signing.open_slots(report=year_end, user=world.board) == []
    sign(year_end, signers.head)
    assert signing.open_slots(report=year_end, user=signers.head) == []


def test_each_member_leader_signs_the_pledge_in_its_own_box(django_capture_on_commit_callbacks):
    from accounts.models import User
    from reports.enums import ReportKind
    from tests.reports.documents.conftest import populated_bloc_year
    from tests.reports.signing.conftest import render, validate

    bloc_year = populated_bloc_year(3)
    requester = User.objects.filter(department=bloc_year.leader).get()
    pledge = render(ReportKind.PLEDGE, bloc_year, requester, django_capture_on_commit_callbacks)
    assert pledge.status == ReportStatus.DONE, pledge.error
    members = list(bloc_year.memberships.order_by("name_at_time").values_list("department_id", flat=True))
    leaders = [User.objects.filter(department_id=d).order_by("pk").first() for d in members[:2]]
    for user in leaders:
        certificates.issue_test_certificate(user=user, passphrase=PASSPHRASE)
        sign(pledge, user)
    rows = list(Signature.objects.filter(report=pledge).values_list("slot", "department_id", "field_name"))
    assert rows == [("member", d, f"sig-member-{d}") for d in members[:2]]
    pledge.refresh_from_db()
    checks = validate(read(pledge.signed_file.name))
    assert [name for name, _ in checks] == [f"sig-member-{d}" for d in members[:2]]
    assert all(s.intact and s.trusted for _, s in checks)
