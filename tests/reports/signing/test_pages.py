"""Pages: "Chứng thư số của tôi" (upload, test certificate, deactivate), signing from the report's page, and
the verification page; bad input answered in Vietnamese with nothing changed."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.domain import certificates
from reports.models import Signature, SigningCertificate
from tests.factories.accounts import leader_user
from tests.reports.signing.conftest import PASSPHRASE, foreign_pkcs12, read, sign

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
CERTIFICATES = reverse("reports:certificates")


def _upload(data, name="chung-thu.p12"):
    return SimpleUploadedFile(name, data, content_type="application/x-pkcs12")


def _errors(response):
    form = response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


def test_certificates_page_lists_only_own_certificates(client, world, signers):
    client.force_login(signers.deputy)
    page = client.get(CERTIFICATES)
    assert page.status_code == 200
    assert [c.user_id for c in page.context["certificates"]] == [signers.deputy.pk]
    assert "Trần Thị Bình" in page.content.decode() and "Nguyễn Văn An" not in page.content.decode()


@pytest.mark.parametrize(("data", "passphrase", "message"), [
    (b"not a certificate", "x", "Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx)."),
    (None, "sai-mat-khau", "Mật khẩu của tệp chứng thư số không đúng."),
    ("expired", PASSPHRASE, "Chứng thư số đã hết hạn ngày"),
])
def test_upload_bad_input_shows_a_message_and_stores_nothing(client, world, data, passphrase, message):
    if data is None:
        data = foreign_pkcs12()
    elif data == "expired":
        data = foreign_pkcs12(days=10, start_days_ago=20)
    client.force_login(world.leader)
    response = client.post(CERTIFICATES, {"file": _upload(data), "passphrase": passphrase})
    assert response.status_code == 200
    assert any(error.startswith(message) for error in _errors(response)), _errors(response)
    assert SigningCertificate.objects.count() == 0


def test_upload_without_a_file_and_too_large(client, world):
    client.force_login(world.leader)
    assert _errors(client.post(CERTIFICATES, {"passphrase": "x"})) == ["Hãy chọn một tệp."]
    big = _upload(b"0" * (certificates.PKCS12_MAX_BYTES + 1))
    assert _errors(client.post(CERTIFICATES, {"file": big, "passphrase": "x"})) == ["Tệp quá lớn (tối đa 64 KB)."]


def test_upload_stores_the_certificate_without_the_passphrase(client, world):
    client.force_login(world.leader)
    response = client.post(CERTIFICATES, {"file": _upload(foreign_pkcs12()), "passphrase": PASSPHRASE})
    assert response.status_code == 302 and response.url == CERTIFICATES
    row = SigningCertificate.objects.get()
    assert (row.user_id, row.subject, row.issuer, row.is_active) == (world.leader.pk, "Người Ngoài", "CA Lạ", True)
    assert PASSPHRASE.encode() not in bytes(row.pkcs12_encrypted)


def test_test_certificate_from_the_page(client, world, settings):
    client.force_login(world.leader)
    url = reverse("reports:certificate_test")
    mismatch = client.post(url, {"passphrase": PASSPHRASE, "passphrase_again": "khac-nhau-1"})
    assert mismatch.status_code == 200
    assert mismatch.context["test_form"].errors == {"passphrase_again": ["Hai lần nhập mật khẩu không khớp."]}
    response = client.post(url, {"passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE})
    assert response.status_code == 302
    assert SigningCertificate.objects.get(user=world.leader).is_test
    assert "không phải CA của Chính phủ" in client.get(CERTIFICATES).content.decode()
    settings.SIGNING_TEST_CA = False
    assert client.post(url, {"passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}).status_code == 403
    assert "Cấp chứng thư thử nghiệm" not in client.get(CERTIFICATES).content.decode()


@pytest.mark.parametrize("role", ["officer", "secretariat", "other_officer"])
def test_roles_that_sign_nothing_have_no_certificate_pages(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(CERTIFICATES).status_code == 403
    assert client.post(reverse("reports:certificate_test"), {"passphrase": PASSPHRASE,
                                                             "passphrase_again": PASSPHRASE}).status_code == 403


def test_deactivate_from_the_page(client, world, signers):
    row = certificates.active_certificate(signers.deputy)
    client.force_login(signers.head)
    assert client.post(reverse("reports:certificate_deactivate", args=[row.pk])).status_code == 404
    client.force_login(signers.deputy)
    assert client.post(reverse("reports:certificate_deactivate", args=[row.pk])).status_code == 302
    row.refresh_from_db()
    assert not row.is_active


def test_certificates_page_queries_do_not_grow(client, world):
    client.force_login(world.leader)
    certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    with CaptureQueriesContext(connection) as one:
        client.get(CERTIFICATES)
    for _ in range(4):
        certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CERTIFICATES)
    assert len(page.context["certificates"]) == 5
    assert len(many) == len(one)


# --- signing from the report's page ---------------------------------------------------------------------------


def test_report_page_offers_the_form_to_the_slot_holder_only(client, world, signers, year_end):
    detail = reverse("reports:report_detail", args=[year_end.pk])
    client.force_login(signers.head)
    page = client.get(detail).content.decode()
    assert 'data-testid="sign-form"' in page and "vị trí của bạn" in page
    for user in (world.officer, world.board):
        client.force_login(user)
        assert 'data-testid="sign-form"' not in client.get(detail).content.decode()


def test_report_page_tells_a_slot_holder_without_certificate(client, world, year_end):
    holder = leader_user(world.own_departments[0])
    client.force_login(holder)
    page = client.get(reverse("reports:report_detail", args=[year_end.pk])).content.decode()
    assert "chưa có chứng thư số" in page and 'data-testid="sign-form"' not in page


def test_sign_from_the_page(client, world, signers, year_end):
    client.force_login(signers.head)
    url = reverse("reports:report_sign", args=[year_end.pk])
    response = client.post(url, {"passphrase": PASSPHRASE, "expected_version": 1, "field_name": "sig-leader"})
    assert response.status_code == 302 and response.url == reverse("reports:report_detail", args=[year_end.pk])
    assert Signature.objects.get().signer_id == signers.head.pk
    page = client.get(response.url).content.decode()
    assert "Đã ký số văn bản." in page and "Tải văn bản đã ký (PDF)" in page


def test_sign_page_refusals_change_nothing(client, world, signers, year_end):
    url = reverse("reports:report_sign", args=[year_end.pk])
    client.force_login(signers.head)
    wrong = client.post(url, {"passphrase": "sai-mat-khau", "expected_version": 1})
    assert _errors(wrong) == ["Mật khẩu của tệp chứng thư số không đúng."]
    stale = client.post(url, {"passphrase": PASSPHRASE, "expected_version": 7})
    assert _errors(stale) == ["Văn bản vừa được người khác ký hoặc thay đổi; hãy tải lại trang rồi ký lại."]
    assert _errors(client.post(url, {"expected_version": 1})) == ["Hãy nhập mật khẩu."]
    assert Signature.objects.count() == 0


def test_sign_page_scope_and_slot(client, world, signers, year_end):
    url = reverse("reports:report_sign", args=[year_end.pk])
    client.force_login(world.other_officer)
    assert client.post(url, {"passphrase": PASSPHRASE, "expected_version": 1}).status_code == 404
    client.force_login(leader_user(world.other_departments[0]))
    assert client.get(url).status_code == 404
    member = leader_user(world.own_departments[2])  # a member of the bloc, neither leader nor deputy
    certificates.issue_test_certificate(user=member, passphrase=PASSPHRASE)
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"passphrase": PASSPHRASE, "expected_version": 1}).status_code == 403
    assert Signature.objects.count() == 0


# --- verification page ----------------------------------------------------------------------------------------


def test_verify_page_shows_each_signature_and_the_report(client, world, signers, year_end):
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    client.force_login(world.officer)
    response = client.post(reverse("reports:verify"), {"file": _upload(read(year_end.signed_file.name), "bc.pdf")})
    page = response.content.decode()
    assert response.status_code == 200 and response.context["result"].all_ok
    assert 'data-all-ok="true"' in page and 'data-issued="true"' in page and year_end.title in page
    assert "Nguyễn Văn An" in page and "Nguyên vẹn" in page and "Tin cậy" in page


@pytest.mark.parametrize(("data", "expected"), [
    (b"hello", "Tệp không phải PDF (không bắt đầu bằng %PDF-)."),
    (b"%PDF-1.4 rubbish", "Không đọc được cấu trúc PDF của tệp (tệp hỏng hoặc không hợp lệ)."),
])
def test_verify_page_answers_bad_files(client, world, data, expected):
    client.force_login(world.secretariat)
    response = client.post(reverse("reports:verify"), {"file": _upload(data, "x.pdf")})
    assert response.status_code == 200 and expected in response.content.decode()


def test_verify_page_unsigned_pdf(client, world, year_end):
    client.force_login(world.far_board)
    response = client.post(reverse("reports:verify"), {"file": _upload(read(year_end.file.name), "x.pdf")})
    page = response.content.decode()
    assert "Tệp không có chữ ký số nào." in page and 'data-issued="true"' in page and year_end.title not in page
