"""Permission-matrix entries for the award catalogue, eligibility and quota API (merged by
tests/api/test_permission_matrix.py). Shared expectation tables come from tests/matrix/tables.py."""
from tests.matrix.pages_award_rules import award_rule, award_type, bloc_year, catalogue, pk_of, province, \
    quota_args, rule_set
from tests.matrix.tables import ANON, BOARD, VIEW

ROLES = ["anonymous", "superuser", "board", "far_board", "secretariat", "officer", "leader", "other_officer"]


def _everyone(code):
    return dict(dict.fromkeys(ROLES, code), anonymous=ANON)


def recode(table, ok, hidden=404):
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


EVERYONE = {None: _everyone(200)}
PROVINCE_VIEW = {
    "own": dict(_everyone(200), far_board=404),
    "far": dict(_everyone(404), superuser=200, far_board=200),
}
PROVINCE_MANAGE = {
    "own": dict(_everyone(403), superuser=200, board=200, far_board=404),
    "far": PROVINCE_VIEW["far"],
}
CREATE_IN_PROVINCE = {  # the province is named in the body: one out of reach is an unknown id (400)
    "own": dict(_everyone(403), superuser=201, board=201, far_board=400),
    "far": dict(_everyone(400), superuser=201, far_board=201),
}


def _rule_body(w, v):
    return {"award_type": award_type(w, v).pk, "article": "Điều 26", "cash_multiple": "15.5",
            "conditions": [{"kind": "led_bloc", "params": {"max_rank": 1}}]}


def _verdict_args(w, v):
    by = bloc_year(w, v)
    return [by.pk, by.memberships.order_by("pk").first().department_id,
            award_type(w, "far" if v == "far" else "own").pk]


def _eligibility_args(w, v):
    catalogue(w, "far" if v == "far" else "own")
    return [bloc_year(w, v).pk]


API_MATRIX = {
    "v1:award-type-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN_PROVINCE, None, lambda w, v: {"province": province(w, v).pk, "code": "bang_khen_moi",
                                                          "name": "Bằng khen mới"}),
    },
    "v1:award-type-detail": {
        "GET": (PROVINCE_VIEW, pk_of(award_type), None),
        "PATCH": (PROVINCE_MANAGE, pk_of(award_type), lambda w, v: {"name": "Cờ thi đua của Ủy ban nhân dân tỉnh"}),
    },
    "v1:rule-set-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN_PROVINCE, None, lambda w, v: {"province": province(w, v).pk, "name": "Quy định cũ",
                                                          "valid_from": "2000-01-01", "valid_to": "2005-12-31"}),
    },
    "v1:rule-set-detail": {
        "GET": (PROVINCE_VIEW, pk_of(rule_set), None),
        "PATCH": (PROVINCE_MANAGE, pk_of(rule_set), lambda w, v: {"legal_basis": "Nghị định 152/2025/NĐ-CP"}),
        "DELETE": (recode(PROVINCE_MANAGE, 204), pk_of(rule_set), None),
    },
    "v1:rule-set-rules": {
        "POST": (recode(PROVINCE_MANAGE, 201), pk_of(rule_set),
                 lambda w, v: {"award_type": award_type(w, v, "giay_khen").pk, "cash_multiple": "0.5"}),
    },
    "v1:award-rule-detail": {
        "GET": (PROVINCE_VIEW, pk_of(award_rule), None),
        "PUT": (PROVINCE_MANAGE, pk_of(award_rule), _rule_body),
        "PATCH": (PROVINCE_MANAGE, pk_of(award_rule), lambda w, v: {"article": "Điều 26 Luật 2022"}),
        "DELETE": (recode(PROVINCE_MANAGE, 204), pk_of(award_rule), None),
    },
    "v1:eligibility-detail": {"GET": (VIEW, _eligibility_args, None)},
    "v1:eligibility-verdict": {"GET": (VIEW, _verdict_args, None)},
    "v1:quota-detail": {"GET": (VIEW, pk_of(bloc_year), None)},
    "v1:quota-set": {"PUT": (BOARD, quota_args, lambda w, v: {"places": 2, "version": 0})},
}
