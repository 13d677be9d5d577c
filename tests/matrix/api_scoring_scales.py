"""Permission-matrix entries for the scale API (merged by tests/api/test_permission_matrix.py).

Shared expectation tables come from tests/matrix/tables.py; the same variants.
"""
from tests.matrix.pages_scoring_scales import bloc_year, criterion, province, scale
from tests.matrix.tables import ANON, ROLES, VIEW, MANAGE

PROVINCE_VIEW = {
    "own": dict(dict.fromkeys(ROLES, 200), anonymous=ANON, far_board=404),
    "far": dict(dict.fromkeys(ROLES, 404), anonymous=ANON, superuser=200, far_board=200),
}
PROVINCE_MANAGE = {
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}
SEE_SCALE = {**VIEW, "template": PROVINCE_VIEW["own"], "far_template": PROVINCE_VIEW["far"]}
CHANGE_SCALE = {**MANAGE, "template": PROVINCE_MANAGE["own"], "far_template": PROVINCE_MANAGE["far"]}


def recode(table, ok, hidden=404):
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


def _template_variant(v):
    return "far_template" if v == "far" else "template"

COPY = {  # the template is the URL's object (hidden: 404); the bloc-year is in the body (hidden: 400)
    "own": dict(anonymous=ANON, superuser=201, board=201, far_board=404, secretariat=201, officer=403,
                leader=403, other_officer=400),
    "other": dict(anonymous=ANON, superuser=201, board=201, far_board=404, secretariat=400, officer=400,
                  leader=400, other_officer=403),
    "far": dict(dict.fromkeys(ROLES, 404), anonymous=ANON, superuser=201, far_board=201),
}
CREATE_TEMPLATE = {  # the province is named in the body: one out of reach is an unknown id (400)
    "own": dict(dict.fromkeys(ROLES, 403), superuser=201, board=201, far_board=400),
    "far": dict(dict.fromkeys(ROLES, 400), anonymous=ANON, superuser=201, far_board=201),
}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]

API_MATRIX = {
    "v1:scale-list": {
        "GET": ({None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}, None, None),
        "POST": (CREATE_TEMPLATE, None, lambda w, v: {"province": province(w, v).pk, "name": "Mẫu mới",
                                                      "total": "100"}),
    },
    "v1:scale-detail": {
        "GET": (SEE_SCALE, _pk(scale), None),
        "PATCH": (CHANGE_SCALE, _pk(scale), lambda w, v: {"name": "Tên mới"}),
    },
    "v1:scale-copy": {
        "POST": (COPY, lambda w, v: [scale(w, _template_variant(v)).pk],
                 lambda w, v: {"bloc_year": bloc_year(w, v).pk}),
    },
    "v1:scale-validation": {"GET": (SEE_SCALE, _pk(scale), None)},
    "v1:scale-export": {"GET": (SEE_SCALE, _pk(scale), None)},
    # No file in the body: allowed callers get the 400 that names the missing file.
    "v1:scale-import-excel": {"POST": (recode(CHANGE_SCALE, 400), _pk(scale), None)},
    "v1:criterion-list": {
        "POST": (recode(CHANGE_SCALE, 201, hidden=400), None,
                 lambda w, v: {"scale": scale(w, v).pk, "code": "G.9", "title": "Mới", "max_points": "5",
                               "parent": criterion(w, v).parent_id}),
    },
    "v1:criterion-detail": {
        "GET": (SEE_SCALE, _pk(criterion), None),
        "PATCH": (CHANGE_SCALE, _pk(criterion), lambda w, v: {"title": "Đã sửa"}),
        "DELETE": (recode(CHANGE_SCALE, 204), _pk(criterion), None),
    },
    "v1:criterion-move": {"POST": (CHANGE_SCALE, _pk(criterion), lambda w, v: {"direction": "down"})},
    "v1:scoring-settings-detail": {
        "GET": (PROVINCE_VIEW, _pk(province), None),
        "PATCH": (PROVINCE_MANAGE, _pk(province), lambda w, v: {"discrepancy_percent": "12", "version": 1}),
    },
}
