"""Fixtures of the signing tests: files in a temporary media folder, the test CA enabled, a finished year-end
report of the `world`'s own bloc-year, and the leaders of its leader and deputy units with certificates."""
import pytest
from django.core.files.storage import default_storage

from reports.domain import certificates
from tests.reports.documents.conftest import render
from tests.factories.accounts import leader_user

PASSPHRASE = "mat-khau-ky-so"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SIGNING_TEST_CA = True
    return tmp_path / "media"


def read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()


@pytest.fixture
def signers(world):
    """The leader of the bloc's leader unit (khối trưởng) and `world.leader`, who leads the deputy unit;
    both hold a certificate from the province's test CA."""
    head = leader_user(world.own_departments[0], username="khoitruong", first_name="Nguyễn Văn", last_name="An",
                       position="Giám đốc")
    world.leader.first_name, world.leader.last_name = "Trần Thị", "Bình"
    world.leader.save()
    for user in (head, world.leader):
        certificates.issue_test_certificate(user=user, passphrase=PASSPHRASE)
    return type("Signers", (), {"head": head, "deputy": world.leader})


@pytest.fixture
def year_end(world, django_capture_on_commit_callbacks):
    from reports.enums import ReportKind, ReportStatus

    report = render(ReportKind.YEAR_END, world.own, world.secretariat, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE, report.error
    return report


def foreign_pkcs12(*, common_name="Người Ngoài", passphrase=PASSPHRASE, days=365, start_days_ago=1,
                   non_repudiation=True):
    """A PKCS#12 from a CA this system does not know (made here, as another province's or a stranger's CA)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA Lạ")])
    usage = x509.KeyUsage(digital_signature=True, content_commitment=non_repudiation, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=start_days_ago))
            .not_valid_after(now - datetime.timedelta(days=start_days_ago) + datetime.timedelta(days=days))
            .add_extension(usage, critical=True).sign(ca_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"x", key, cert, None,
                                                 serialization.BestAvailableEncryption(passphrase.encode()))


def sign(report, user, *, version=None, passphrase=PASSPHRASE):
    from reports.domain import signing

    report.refresh_from_db()
    return signing.sign_report(report=report, user=user, passphrase=passphrase,
                               expected_version=report.version if version is None else version)


def validate(data):
    """pyHanko's own validation of every signature, against the app's trust roots: [(field, status)]."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature

    from reports.domain.event_loop import run_sync
    from reports.domain.verification import validation_context

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    context = validation_context()
    return [(s.field_name, run_sync(async_validate_pdf_signature(s, context))) for s in reader.embedded_signatures]
