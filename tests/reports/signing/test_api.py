"""API: signing a report, one's own certificates, the test CA, and verification (multipart)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reports.domain import certificates
from reports.models import Signature, SigningCertificate
from tests.factories.accounts import leader_user
from tests.reports.signing.conftest import PASSPHRASE, foreign_pkcs12, read, sign

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
CERTIFICATES = "/api/v1/signing-certificates/"


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def _sign_url(report):
    return f"/api/v1/reports/{report.pk}/sign/"


def test_sign_through_the_api(signers, year_end):
    response = api(signers.head).post(_sign_url(year_end), {"passphrase": PASSPHRASE, "expected_version": 1},
                                      format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    year_end.refresh_from_db()
    assert (body["slot"], body["field_name"], body["revision"], body["signer_name"], body["report_version"],
            body["signed_sha256"]) == ("leader", "sig-leader", 1, "Nguyễn Văn An", 2, year_end.signed_sha256)
    assert "passphrase" not in body


def test_sign_api_errors(world, signers, year_end):
    client = api(signers.deputy)
    wrong = client.post(_sign_url(year_end), {"passphrase": "sai", "expected_version": 1}, format="json")
    assert (wrong.status_code, wrong.json()) == (400, {"detail": "Mật khẩu của tệp chứng thư số không đúng."})
    stale = client.post(_sign_url(year_end), {"passphrase": PASSPHRASE, "expected_version": 3}, format="json")
    assert stale.status_code == 409
    missing = client.post(_sign_url(year_end), {}, format="json")
    assert missing.status_code == 400 and set(missing.json()) == {"passphrase", "expected_version"}
    other = client.post(_sign_url(year_end), {"passphrase": PASSPHRASE, "expected_version": 1,
                                              "field_name": "sig-leader"}, format="json")
    assert other.status_code == 403
    assert Signature.objects.count() == 0


def test_sign_api_scope_and_slot(world, signers, year_end):
    body = {"passphrase": PASSPHRASE, "expected_version": 1}
    assert api(leader_user(world.other_departments[0])).post(_sign_url(year_end), body,
                                                             format="json").status_code == 404
    member = leader_user(world.own_departments[2])
    certificates.issue_test_certificate(user=member, passphrase=PASSPHRASE)
    assert api(member).post(_sign_url(year_end), body, format="json").status_code == 403
    assert Signature.objects.count() == 0


def test_certificates_api_lists_own_and_uploads(world, signers):
    client = api(signers.deputy)
    listed = client.get(CERTIFICATES).json()
    assert [row["subject"] for row in listed["results"]] == [f"Trần Thị Bình, {world.own_departments[1].name}"]
    other_pk = certificates.active_certificate(signers.head).pk
    assert client.get(f"{CERTIFICATES}{other_pk}/").status_code == 404
    upload = SimpleUploadedFile("c.p12", foreign_pkcs12())
    created = client.post(CERTIFICATES, {"file": upload, "passphrase": PASSPHRASE}, format="multipart")
    assert created.status_code == 201 and created.json()["issuer"] == "CA Lạ"
    assert SigningCertificate.objects.filter(user=signers.deputy, is_active=True).get().issuer == "CA Lạ"
    bad = client.post(CERTIFICATES, {"file": SimpleUploadedFile("c.p12", b"rac"), "passphrase": "x"},
                      format="multipart")
    assert (bad.status_code, bad.json()) == (400, {"detail": "Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx)."})
    deactivated = client.post(f"{CERTIFICATES}{created.json()['id']}/deactivate/")
    assert deactivated.status_code == 200 and deactivated.json()["is_active"] is False


def test_issue_test_certificate_api(world, settings):
    client = api(world.board)
    short = client.post(f"{CERTIFICATES}issue-test/", {"passphrase": "ngan"}, format="json")
    assert (short.status_code, short.json()) == (400, {"detail": "Mật khẩu bảo vệ chứng thư cần ít nhất 8 ký tự."})
    issued = client.post(f"{CERTIFICATES}issue-test/", {"passphrase": PASSPHRASE}, format="json")
    assert issued.status_code == 201 and issued.json()["is_test"] is True
    settings.SIGNING_TEST_CA = False
    assert client.post(f"{CERTIFICATES}issue-test/", {"passphrase": PASSPHRASE}, format="json").status_code == 403


def test_verify_api(world, signers, year_end):
    sign(year_end, signers.head)
    year_end.refresh_from_db()
    client = api(world.other_officer)  # cannot see the report: told only that the system issued it
    response = client.post("/api/v1/verify/", {"file": SimpleUploadedFile("x.pdf", read(year_end.signed_file.name))},
                           format="multipart")
    body = response.json()
    assert response.status_code == 200
    assert (body["all_ok"], body["issued"], body["report"], body["issued_revision"]) == (True, True, None, 1)
    assert [(s["signer_name"], s["intact"], s["trusted"]) for s in body["signatures"]] == [
        ("Nguyễn Văn An", True, True)]
    own = api(world.officer).post("/api/v1/verify/", {"file": SimpleUploadedFile("x.pdf", read(
        year_end.signed_file.name))}, format="multipart").json()
    assert (own["report"], own["report_title"]) == (str(year_end.pk), year_end.title)
    bad = client.post("/api/v1/verify/", {"file": SimpleUploadedFile("x.pdf", b"GIF89a")}, format="multipart")
    assert (bad.status_code, bad.json()) == (400, {"detail": "Tệp không phải PDF (không bắt đầu bằng %PDF-)."})
    none = client.post("/api/v1/verify/", {}, format="multipart")
    assert none.status_code == 400 and "file" in none.json()


def test_certificate_list_queries_do_not_grow(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(world.leader)
    certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    with CaptureQueriesContext(connection) as one:
        assert client.get(CERTIFICATES).json()["count"] == 1
    for _ in range(4):
        certificates.upload_certificate(user=world.leader, data=foreign_pkcs12(), passphrase=PASSPHRASE)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CERTIFICATES).json()["count"] == 5
    assert len(many) == len(one)
