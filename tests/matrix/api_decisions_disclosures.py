"""Permission-matrix entries for the disclosure API (merged by tests/api/test_permission_matrix.py); the rows
come from tests/matrix/pages_decisions_disclosures.py. Each call is rolled back, so every role meets the same
rows: an open list with an entry and a complaint, a list ready for the Council, an approved nomination of 2026."""
from tests.matrix.pages_decisions_disclosures import (approved, ended_disclosure, open_complaint, open_disclosure,
                                                      open_entry, province)
from tests.matrix.tables import ANON, ROLES

VIEW = {
    "own": dict(dict.fromkeys(ROLES, 200), anonymous=ANON, far_board=404),
    "far": dict(dict.fromkeys(ROLES, 404), anonymous=ANON, superuser=200, far_board=200),
}
BOARD = {
    "own": dict(VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": VIEW["far"],
}
EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
# The province or the entry is named in the body: one out of reach is an unknown id (400).
PUBLISH = {
    "own": dict(BOARD["own"], board=201, superuser=201, far_board=400),
    "far": dict(dict.fromkeys(ROLES, 400), anonymous=ANON, superuser=201, far_board=201),
}
FILE = {  # officers and leaders of the province; a superuser passes the rule but has no department (403)
    "own": dict(VIEW["own"], superuser=403, board=403, secretariat=403, officer=201, leader=201, other_officer=201,
                far_board=400),
    "far": dict(dict.fromkeys(ROLES, 400), anonymous=ANON, superuser=403, far_board=403),
}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


def _publish_body(w, v):
    approved(w, v)
    return {"province": province(w, v).pk, "year": 2026}


API_MATRIX = {
    "v1:disclosure-list": {"GET": (EVERYONE, None, None)},
    "v1:disclosure-detail": {"GET": (VIEW, _pk(open_disclosure), None)},
    "v1:disclosure-publish": {"POST": (PUBLISH, None, _publish_body)},
    "v1:disclosure-send-to-council": {"POST": (BOARD, _pk(ended_disclosure), None)},
    "v1:complaint-list": {
        "GET": (EVERYONE, None, None),
        "POST": (FILE, None, lambda w, v: {"entry": open_entry(w, v).pk, "kind": "complaint",
                                           "text": "Đề nghị xem xét lại."}),
    },
    "v1:complaint-detail": {"GET": (VIEW, _pk(open_complaint), None)},
    "v1:complaint-answer": {"POST": (BOARD, _pk(open_complaint), lambda w, v: {"answer": "Đã xem xét.",
                                                                               "version": 1})},
    "v1:disclosure-settings-detail": {
        "GET": (VIEW, _pk(province), None),
        "PUT": (BOARD, _pk(province), lambda w, v: {"disclosure_working_days": 7, "version": 0}),
    },
}
