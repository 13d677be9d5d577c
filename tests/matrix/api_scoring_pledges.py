"""Permission-matrix entries for the pledge API (merged by tests/api/test_permission_matrix.py).

Shared expectation tables come from tests/matrix/tables.py; each call runs in a savepoint
rolled back afterwards, so every role meets the same pledge (no targets yet for the targets department,
no signature yet for the signing one).
"""
from tests.matrix.pages_scoring_pledges import (amendment, bloc_year, drafted, open_for_signing, scale,
                                                sign_department, targets_department)
from tests.matrix.tables import ANON, ROLES, VIEW, MANAGE, BOARD

TARGETS = {
    "own": dict(MANAGE["own"], officer=200),
    "other": dict(MANAGE["other"], other_officer=200),
    "far": MANAGE["far"],
}
SIGN = {
    "own": dict(VIEW["own"], superuser=403, board=403, secretariat=403, officer=403, leader=201),
    "other": dict(VIEW["other"], superuser=403, board=403, other_officer=403),
    "far": dict(VIEW["far"], superuser=403, far_board=403),
}
EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
# The scale is named in the body: one out of reach is an unknown id (400); allowed → 201.
REQUEST_AMENDMENT = {v: {r: {200: 201, 404: 400}.get(code, code) for r, code in by_role.items()}
                     for v, by_role in MANAGE.items()}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


def _pledge_body(w, v):
    return {"theme": "Đoàn kết", "contents": "Nội dung giao ước", "version": 0}

API_MATRIX = {
    "v1:pledge-detail": {
        "GET": (VIEW, _pk(bloc_year), None),
        "PUT": (MANAGE, _pk(bloc_year), _pledge_body),
        "PATCH": (MANAGE, _pk(bloc_year), lambda w, v: {"contents": "Nội dung mới", "version": 0}),
    },
    "v1:pledge-open": {"POST": (MANAGE, _pk(drafted), None)},
    "v1:pledge-targets": {"GET": (VIEW, _pk(drafted), None)},
    "v1:pledge-register-targets": {
        "PUT": (TARGETS, lambda w, v: [drafted(w, v).pk, targets_department(w, v).pk],
                lambda w, v: {"targets": "Tăng thu 10%", "version": 0}),
    },
    "v1:pledge-sign": {
        "POST": (SIGN, _pk(open_for_signing), lambda w, v: {"department": sign_department(w, v).pk}),
    },
    "v1:scaleamendment-list": {
        "GET": (EVERYONE, None, None),
        "POST": (REQUEST_AMENDMENT, None, lambda w, v: {
            "scale": scale(w, v, frozen=True).pk, "reason": "Điều chỉnh điểm",
            "change": {"op": "update", "criterion": "G.1", "max_points": "45"}}),
    },
    "v1:scaleamendment-detail": {"GET": (VIEW, _pk(amendment), None)},
    "v1:scaleamendment-decide": {
        "POST": (BOARD, _pk(amendment), lambda w, v: {"approve": False, "note": "Chưa đủ căn cứ"}),
    },
}
