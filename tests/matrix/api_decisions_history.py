"""Permission-matrix entries for the award history, timeline and statistics API (merged by
tests/api/test_permission_matrix.py). Reading is for every account of the province; the import is the
Board's: the matrix sends JSON without a file, so an allowed role gets 400 (the file is required), a province
out of reach named in the body is an unknown id (400)."""
from awards.models import Award, AwardType
from tests.matrix.tables import ANON, ROLES

EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
PROVINCE_READ = {
    "own": dict(EVERYONE[None], far_board=404),
    "far": dict(dict.fromkeys(ROLES, 404), anonymous=ANON, superuser=200, far_board=200),
}
IMPORT = {
    "own": dict(dict.fromkeys(ROLES, 403), anonymous=ANON, superuser=400, board=400, far_board=400),
    "far": dict(dict.fromkeys(ROLES, 400), anonymous=ANON),
}


def award(w, v):
    unit = (w.own_departments if v == "own" else w.far_departments)[0]
    award_type, _ = AwardType.objects.get_or_create(province=unit.province, code="co_thi_dua_tinh",
                                                    defaults={"name": "Cờ thi đua của UBND tỉnh"})
    found, _ = Award.objects.get_or_create(department=unit, award_type=award_type, year=2025)
    return [found.pk]


def department(w, v):
    return [(w.own_departments if v == "own" else w.far_departments)[0].pk]


def province_body(w, v):
    return {"province": (w.province if v == "own" else w.far_province).pk}


API_MATRIX = {
    "v1:award-history-list": {"GET": (EVERYONE, None, None)},
    "v1:award-history-detail": {"GET": (PROVINCE_READ, award, None)},
    "v1:award-history-import": {"POST": (IMPORT, None, province_body)},
    "v1:award-timeline-detail": {"GET": (PROVINCE_READ, department, None)},
    "v1:award-statistics-list": {"GET": (EVERYONE, None, None)},
    "v1:award-statistics-export-csv": {"GET": (EVERYONE, None, None)},
    "v1:award-statistics-export-json": {"GET": (EVERYONE, None, None)},
}
