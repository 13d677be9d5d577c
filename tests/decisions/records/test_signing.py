"""Signing a recorded decision's document: the province's Board holds its one signer slot (the authority's
box), the PAdES signature validates intact and trusted against the province's test CA, and everyone else is
refused with nothing changed."""
import io

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.core.exceptions import PermissionDenied
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from decisions.domain.records import record_decision
from reports.domain import certificates, pipeline, signing
from reports.domain.event_loop import run_sync
from reports.enums import ReportKind, ReportStatus
from reports.models import CertificateAuthority, Signature
from tests.decisions.records.conftest import awarded, decision_fields
from tests.reports.signing.conftest import PASSPHRASE, read, sign, validate

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SIGNING_TEST_CA = True
    return tmp_path / "media"


@pytest.fixture
def document(decision_world, django_capture_on_commit_callbacks):
    """The 2026 decision's document, requested by the Board and rendered in-process (eager Celery)."""
    w = decision_world
    decision = record_decision(province=w.province, lines=awarded(w.entries), user=w.board,
                               disclosure=w.disclosure, **decision_fields())
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.request_report(kind=ReportKind.DECISION, user=w.board, subject=decision)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    assert (report.decision_id, report.province_id) == (decision.pk, w.province.pk)
    return report


def province_ca_context(province):
    ca = CertificateAuthority.objects.get(province=province)
    root = asn1_x509.Certificate.load(pem.unarmor(ca.certificate_pem.encode())[2])
    return ValidationContext(trust_roots=[root], allow_fetching=False)


def test_the_board_signs_the_authority_box_and_the_signature_is_intact_and_trusted(decision_world, document):
    w = decision_world
    w.board.first_name, w.board.last_name, w.board.position = "Lê Văn", "Khánh", "Trưởng ban"
    w.board.save()
    certificates.issue_test_certificate(user=w.board, passphrase=PASSPHRASE)
    assert [s["slot"] for s in signing.open_slots(report=document, user=w.board)] == ["authority"]
    assert w.board.has_perm("reports.sign_report", document)

    signature = sign(document, w.board)

    document.refresh_from_db()
    assert (signature.slot, signature.field_name, signature.revision, signature.signer_name) == (
        "authority", "sig-authority", 1, "Lê Văn Khánh")
    assert document.version == 2
    data = read(document.signed_file.name)
    assert data.startswith(read(document.file.name))  # an incremental update on the rendered file
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    (embedded,) = reader.embedded_signatures
    status = run_sync(async_validate_pdf_signature(embedded, province_ca_context(w.province)))
    assert (embedded.field_name, status.intact, status.valid, status.trusted, status.bottom_line) == (
        "sig-authority", True, True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Lê Văn Khánh"
    # The application's own trust roots (every province's CA) agree.
    assert [(field, s.bottom_line) for field, s in validate(data)] == [("sig-authority", True)]
    assert signing.open_slots(report=document, user=w.board) == []


@pytest.mark.parametrize("role", ["leader", "secretariat", "officer", "other_officer", "far_board"])
def test_a_user_without_the_slot_is_refused(decision_world, document, role):
    """Even with a certificate of their own: a decision has no department boxes, and another province's Board
    does not hold this province's authority box."""
    user = getattr(decision_world, role)
    certificates.issue_test_certificate(user=user, passphrase=PASSPHRASE)
    assert signing.open_slots(report=document, user=user) == []
    assert not user.has_perm("reports.sign_report", document)
    with pytest.raises(PermissionDenied):
        sign(document, user)
    document.refresh_from_db()
    assert (document.version, document.signed_file.name or "", Signature.objects.count()) == (1, "", 0)
