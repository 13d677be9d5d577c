"""Permission-matrix entries for the signing API (reports/api/signing.py). Each call runs in a savepoint
rolled back afterwards. Signing the matrix's report (it has no file) is refused with 400 once the caller
holds a slot; uploads sent as JSON carry no file (400 once allowed)."""
from tests.matrix.api_nominations import recode
from tests.matrix.pages_reports_signing import PASSPHRASE, leader_certificate, signed_report
from tests.matrix.tables import ANON, ROLES, VIEW

EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
MANAGE_CERTIFICATE = {None: dict(EVERYONE[None], secretariat=403, officer=403, other_officer=403)}
OWN_CERTIFICATE = {None: dict(MANAGE_CERTIFICATE[None], superuser=404, board=404, far_board=404)}
# Off in the test settings; a superuser passes every permission, then has no province's CA (400).
ISSUE_TEST = {None: dict(dict.fromkeys(ROLES, 403), anonymous=ANON, superuser=400)}
SIGN = {  # a superuser passes the permission, then holds no slot (403 from the service)
    "own": dict(VIEW["own"], superuser=403, board=403, secretariat=403, officer=403),
    "other": dict(VIEW["other"], superuser=403, board=403, other_officer=403),
    "far": dict(VIEW["far"], superuser=403, far_board=403),
}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


API_MATRIX = {
    "v1:report-signing-sign": {
        "POST": (recode(SIGN, ok=400), _pk(signed_report),
                 lambda w, v: {"passphrase": PASSPHRASE, "expected_version": 1}),
    },
    "v1:signing-certificate-list": {
        "GET": (MANAGE_CERTIFICATE, None, None),
        "POST": (recode(MANAGE_CERTIFICATE, ok=400), None, lambda w, v: {"passphrase": "x"}),
    },
    "v1:signing-certificate-detail": {"GET": (OWN_CERTIFICATE, _pk(leader_certificate), None)},
    "v1:signing-certificate-deactivate": {"POST": (OWN_CERTIFICATE, _pk(leader_certificate), None)},
    "v1:signing-certificate-issue-test": {
        "POST": (ISSUE_TEST, None, lambda w, v: {"passphrase": "mat-khau-thu-nghiem"}),
    },
    "v1:verify-list": {"POST": (recode(EVERYONE, ok=400), None, lambda w, v: {})},
}
