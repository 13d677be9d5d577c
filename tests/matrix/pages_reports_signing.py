"""Permission-matrix entries for the signing pages (reports/views/signing.py). The helpers make a finished
year-end report whose document names the variant's first two members as leader and deputy (the `leader`
account leads the own bloc-year's second member), and a certificate of the `leader` account."""
from reports.domain import certificates
from reports.enums import ReportKind, ReportStatus, SignatureSlot
from reports.models import Report
from tests.matrix.pages_voting import VIEW, bloc_year

PASSPHRASE = "mat-khau-ma-tran"
SIGNED_HASH = "5" * 64
EVERYONE = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=200, officer=200,
                       leader=200, other_officer=200)}
# Leaders and the Board manage their own certificates; other roles sign nothing.
MANAGE_CERTIFICATE = {None: dict(EVERYONE[None], secretariat=403, officer=403, other_officer=403)}
# The test CA issues on request only in DEBUG or with SIGNING_TEST_CA (off in the test settings; see
# tests/reports/signing/test_pages.py for the roles it lets through when on).
# A superuser passes every permission (the page then refuses to issue: no province, no CA).
ISSUE_TEST = {None: dict(dict.fromkeys(EVERYONE[None], 403), anonymous=302, superuser=200)}
# Only its holder reaches a certificate.
OWN_CERTIFICATE = {None: dict(dict.fromkeys(EVERYONE[None], 404), anonymous=302, leader=200)}
# Whoever sees the report, holding one of its signer slots: in `own`, the leader of the deputy unit. A
# superuser passes every permission and sees the form; signing itself needs a slot (the API answers 403).
SIGN = {
    "own": dict(VIEW["own"], board=403, secretariat=403, officer=403),
    "other": dict(VIEW["other"], board=403, other_officer=403),
    "far": dict(VIEW["far"], far_board=403),
}


def signed_report(w, v):
    """A finished year-end report (no file: signing it is refused after the permission check)."""
    by = bloc_year(w, v)
    members = list(by.memberships.order_by("pk").values_list("department_id", flat=True))
    signers = [{"slot": SignatureSlot.LEADER.value, "position": "KHỐI TRƯỞNG", "department": "Sở A",
                "department_id": members[0]},
               {"slot": SignatureSlot.DEPUTY.value, "position": "KHỐI PHÓ", "department": "Sở B",
                "department_id": members[1]}]
    found, _ = Report.objects.get_or_create(
        kind=ReportKind.YEAR_END, bloc_year=by, inputs_hash=SIGNED_HASH, defaults={
            "province": by.bloc.province, "year": by.year, "title": "BÁO CÁO TỔNG KẾT",
            "context": {"document": {"signers": signers}}, "status": ReportStatus.DONE, "dispatched": True,
            "sha256": "6" * 64, "pages": 1,
            "layout": {"sig-leader": {"page": 0, "box": [300, 100, 500, 170]},
                       "sig-deputy": {"page": 0, "box": [60, 100, 260, 170]}}})
    return found


def leader_certificate(w, v=None):
    found = certificates.active_certificate(w.leader)
    return found or certificates.issue_test_certificate(user=w.leader, passphrase=PASSPHRASE)


PAGE_MATRIX = {
    "reports:certificates": (MANAGE_CERTIFICATE, None),
    "reports:certificate_test": (ISSUE_TEST, None),
    "reports:certificate_deactivate": (OWN_CERTIFICATE, lambda w, v: [leader_certificate(w, v).pk]),
    "reports:report_sign": (SIGN, lambda w, v: [signed_report(w, v).pk]),
    "reports:verify": (EVERYONE, None),
}
