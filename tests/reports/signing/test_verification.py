"""Verification of an uploaded PDF: signatures, whether this system issued the file, what changed after
signing; damaged, unsigned and non-PDF files answered clearly."""
import io

import pytest
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from reports.domain import certificates
from reports.domain.verification import verify_pdf
from tests.reports.signing.conftest import PASSPHRASE, foreign_pkcs12, read, sign

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def signed_twice(signers, year_end):
    sign(year_end, signers.head)
    sign(year_end, signers.deputy)
    year_end.refresh_from_db()
    return read(year_end.signed_file.name)


def test_signed_report_verifies_and_is_named_to_who_sees_it(world, year_end, signed_twice):
    result = verify_pdf(data=signed_twice, user=world.officer)
    assert (result.readable, result.all_ok, result.issued, result.issued_revision, result.report) == (
        True, True, True, 2, year_end)
    assert result.revisions == 3 and result.appended_bytes == 0
    rows = [(s.field_name, s.signer_name, s.intact, s.valid, s.trusted, s.revision, s.covers_whole_file,
             s.modified_after, s.produced_by_system) for s in result.signatures]
    assert rows == [("sig-leader", "Nguyễn Văn An", True, True, True, 2, False, False, True),
                    ("sig-deputy", "Trần Thị Bình", True, True, True, 3, True, False, True)]
    assert result.signatures[0].modification == ("Sau chữ ký này chỉ có thêm chữ ký hoặc điền trường biểu mẫu: "
                                                 "được phép.")
    assert result.signatures[1].modification == "Không có thay đổi nào sau chữ ký này."
    assert all(s.signed_at is not None for s in result.signatures)


def test_issued_file_is_not_named_to_who_cannot_see_it(world, signed_twice):
    result = verify_pdf(data=signed_twice, user=world.far_board)
    assert (result.issued, result.report, result.all_ok) == (True, None, True)


def test_intermediate_and_unsigned_files_are_recognised(world, signers, year_end):
    unsigned = read(year_end.file.name)
    result = verify_pdf(data=unsigned, user=world.officer)
    assert (result.issued, result.issued_revision, result.report, result.signatures, result.all_ok) == (
        True, None, year_end, [], False)
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    after_first = read(year_end.signed_file.name)
    sign(year_end, signers.deputy)
    result = verify_pdf(data=after_first, user=world.officer)
    assert (result.issued, result.issued_revision, result.all_ok) == (True, 1, True)


def test_edit_after_signing_is_shown(world, signed_twice):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice), strict=False)
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 m 300 300 l S")))
    edited = io.BytesIO()
    writer.write(edited)
    result = verify_pdf(data=edited.getvalue(), user=world.officer)
    assert (result.issued, result.report, result.all_ok) == (False, None, False)
    assert [(s.intact, s.trusted, s.modified_after, s.produced_by_system) for s in result.signatures] == [
        (True, True, True, True), (True, True, True, True)]
    assert result.signatures[1].modification.startswith("Nội dung đã bị sửa sau khi ký")
    assert result.revisions == 4


def test_bytes_appended_after_the_last_signature_are_counted(world, signed_twice):
    extra = b"\n% them vao\n"
    result = verify_pdf(data=signed_twice + extra, user=world.officer)
    assert (result.issued, result.appended_bytes, result.all_ok) == (False, len(extra), False)
    assert all(s.intact and s.trusted for s in result.signatures)


def test_flipped_byte_fails_and_is_not_issued(world, signed_twice):
    damaged = bytearray(signed_twice)
    damaged[len(damaged) // 4] ^= 0x01
    result = verify_pdf(data=bytes(damaged), user=world.officer)
    assert (result.issued, result.all_ok) == (False, False)
    assert [s.intact for s in result.signatures] == [False, False]
    assert [s.produced_by_system for s in result.signatures] == [False, False]


def test_signature_of_an_unknown_ca_is_untrusted(world, signers, year_end):
    certificates.upload_certificate(user=signers.head, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    result = verify_pdf(data=read(year_end.signed_file.name), user=world.officer)
    assert [(s.intact, s.trusted, s.signer_name) for s in result.signatures] == [(True, False, "Người Ngoài")]
    assert (result.issued, result.all_ok) == (True, False)


def test_extra_trust_roots_from_settings(world, signers, year_end, settings, tmp_path):
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    data = foreign_pkcs12()
    certificates.upload_certificate(user=signers.head, data=data, passphrase=PASSPHRASE)
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    leaf = pkcs12.load_key_and_certificates(data, PASSPHRASE.encode())[1]
    root = tmp_path / "root.pem"
    root.write_bytes(leaf.public_bytes(Encoding.PEM))  # trusting the leaf itself is enough for the path
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    result = verify_pdf(data=read(year_end.signed_file.name), user=world.officer)
    assert [s.trusted for s in result.signatures] == [True]


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"%PDF-" + bytes(range(256)) * 4])
def test_garbage_pdf_is_answered_clearly(world, data):
    result = verify_pdf(data=data, user=world.officer)
    assert (result.readable, result.error, result.signatures, result.issued) == (
        False, "Không đọc được cấu trúc PDF của tệp (tệp hỏng hoặc không hợp lệ).", [], False)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Tệp tải lên rỗng."),
    (b"PK\x03\x04 a zip", "Tệp không phải PDF (không bắt đầu bằng %PDF-)."),
    (b" %PDF-1.7", "Tệp không phải PDF (không bắt đầu bằng %PDF-)."),
])
def test_not_a_pdf_is_refused(world, data, message):
    with pytest.raises(ValidationError) as refused:
        verify_pdf(data=data, user=world.officer)
    assert refused.value.messages == [message]


def test_too_large_is_refused(world, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        verify_pdf(data=b"%PDF-" + b"0" * (1024 * 1024), user=world.officer)
    assert refused.value.messages == ["Tệp quá lớn (tối đa 1 MB)."]


def test_damaged_files_never_raise(world, signed_twice):
    """Truncations and bytes overwritten anywhere (the xref table, the signature dictionary, the CMS blob):
    every one is answered with a result, never an exception."""
    import random

    rng = random.Random(5)
    size = len(signed_twice)
    damaged = [signed_twice[:cut] for cut in (100, size // 2, size - 200, size - 1)]
    for _ in range(16):
        data = bytearray(signed_twice)
        start = rng.randrange(5, size - 64)
        data[start:start + 32] = bytes(rng.randrange(256) for _ in range(32))
        damaged.append(bytes(data))
    for data in damaged:
        result = verify_pdf(data=data, user=world.officer)
        assert not result.issued  # a changed byte is never "exactly the issued file"


def test_names_read_as_on_the_certificates_page(world, signed_twice):
    first = verify_pdf(data=signed_twice, user=world.officer).signatures[0]
    assert first.signer_subject == f"Nguyễn Văn An, {world.own_departments[0].name}"
    assert first.issuer == f"CA THỬ NGHIỆM — không phải CA của Chính phủ, Chỉ dùng thử nghiệm, {world.province.name}"
