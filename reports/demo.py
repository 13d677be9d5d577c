"""The demo's signing certificates: every leader and Board account of the demo gets one from its province's
test CA (clearly not a government CA), protected by the demo password, so that reports can be signed at once.
Running it again changes nothing: an account that has an active certificate keeps it."""
from django.conf import settings
from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from reports.domain import certificates
from reports.models import SigningCertificate


def install_demo_certificates(*, stdout=None, passphrase=None):
    """Issue a test certificate to each active leader and Board account without one; returns how many."""
    passphrase = passphrase or settings.DEMO_PASSWORD
    holders = SigningCertificate.objects.filter(is_active=True).values("user_id")
    users = (User.objects.filter(role__in=[Role.LEADER, Role.BOARD], is_active=True)
             .exclude(pk__in=holders).select_related("department", "province").order_by("pk"))
    issued = 0
    with transaction.atomic():
        for user in users:
            certificates.issue_test_certificate(user=user, passphrase=passphrase, as_system=True)
            issued += 1
    if stdout is not None and issued:
        stdout.write(f"Đã cấp {issued} chứng thư số thử nghiệm (CA THỬ NGHIỆM của tỉnh, không phải CA của "
                     f"Chính phủ) cho tài khoản lãnh đạo và Ban TĐKT; mật khẩu chứng thư: {passphrase}")
    return issued
