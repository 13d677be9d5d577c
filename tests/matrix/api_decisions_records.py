"""Permission-matrix entries for the decisions, base-salary and money API (merged by
tests/api/test_permission_matrix.py). Each call runs in a savepoint rolled back afterwards."""
from awards.models import AwardType
from tests.matrix.pages_decisions_records import decision, province
from tests.matrix.tables import ANON, ROLES

PROVINCE_VIEW = {
    "own": dict(dict.fromkeys(ROLES, 200), anonymous=ANON, far_board=404),
    "far": dict(dict.fromkeys(ROLES, 404), anonymous=ANON, superuser=200, far_board=200),
}
PROVINCE_BOARD = {
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}
CREATE = {  # the province is named in the body: one out of reach is an unknown id (400)
    "own": dict(PROVINCE_BOARD["own"], superuser=201, board=201, far_board=400),
    "far": dict(dict.fromkeys(ROLES, 400), anonymous=ANON, superuser=201, far_board=201),
}
EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
SUPERUSER_CREATES = {None: dict(dict.fromkeys(ROLES, 403), anonymous=ANON, superuser=201)}


def _create_body(w, v):
    where = province(w, v)
    award, _ = AwardType.objects.get_or_create(province=where, code="bang_khen_chu_tich_tinh",
                                               defaults={"name": "Bằng khen của Chủ tịch UBND tỉnh"})
    unit = (w.own_departments if v == "own" else w.far_departments)[0]
    return {"province": where.pk, "year": 2025, "number_symbol": "501/QĐ-UBND", "decided_on": "2026-01-20",
            "authority": "Ủy ban nhân dân tỉnh", "signer_position": "Chủ tịch", "signer_name": "Nguyễn Văn Ký",
            "lines": [{"award_type": award.pk, "department": unit.pk}]}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


API_MATRIX = {
    "v1:decision-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE, None, _create_body),
    },
    "v1:decision-detail": {"GET": (PROVINCE_VIEW, _pk(decision), None)},
    "v1:decision-withdraw": {
        "POST": (PROVINCE_BOARD, _pk(decision), lambda w, v: {"reason": "Sai sót", "version": 1}),
    },
    "v1:base-salary-list": {
        "GET": (EVERYONE, None, None),
        "POST": (SUPERUSER_CREATES, None, lambda w, v: {"amount": 2530000, "valid_from": "2026-07-01"}),
    },
    "v1:money-totals": {"GET": (EVERYONE, None, None)},
    "v1:money-export": {"GET": (EVERYONE, None, None)},
}
