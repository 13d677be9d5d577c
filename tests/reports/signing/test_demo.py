"""The demo's leaders (and Board accounts) hold test certificates opened by the demo password; loading the
demo again issues none."""
import pytest

from accounts.enums import Role
from accounts.models import User
from audit.models import AuditEvent
from reports.demo import install_demo_certificates
from reports.domain import certificates
from reports.models import CertificateAuthority, SigningCertificate
from tests.scoring.demo.loading import demo  # noqa: F401 — the module-scoped load, a fixture

pytestmark = pytest.mark.integration


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    return demo


def test_demo_leaders_hold_test_certificates(loaded):
    signers = User.objects.filter(role__in=[Role.LEADER, Role.BOARD], is_active=True)
    assert SigningCertificate.objects.filter(is_active=True, is_test=True).count() == signers.count()
    leader = User.objects.get(username="lanhdao.quangnam")
    material = certificates.load_key_material(certificate=certificates.active_certificate(leader),
                                              passphrase="khoithidua2026")
    assert material.certificate.subject.rfc4514_string().startswith("CN=" + leader.get_full_name())
    assert CertificateAuthority.objects.count() == 5
    assert all("không phải CA của Chính phủ" in ca.name for ca in CertificateAuthority.objects.all())
    events = AuditEvent.objects.filter(event_type__in=["signing_certificate.uploaded",
                                                       "certificate_authority.created"])
    assert events.count() == signers.count() + 5 and not events.filter(actor__isnull=False).exists()
    assert "chứng thư số thử nghiệm" in loaded


def test_installing_again_issues_nothing(loaded):
    before = SigningCertificate.objects.count()
    assert install_demo_certificates() == 0
    assert SigningCertificate.objects.count() == before
