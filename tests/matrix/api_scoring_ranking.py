"""Permission-matrix entries for the ranking API (merged by tests/api/test_permission_matrix.py).

Tables spelled out here for the reason given in pages_scoring_ranking.py.
"""
from tests.matrix.pages_scoring_ranking import bloc_year, year_end_round

ANON = 403  # session authentication first: no WWW-Authenticate header, so 403 rather than 401
VIEW = {
    "own": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=ANON, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
MANAGE = {  # the Board of the province or the bloc's secretariat
    "own": dict(VIEW["own"], officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}

API_MATRIX = {
    "v1:ranking-detail": {"GET": (VIEW, lambda w, v: [year_end_round(w, v).pk], None)},
    "v1:ranking-recompute": {"POST": (MANAGE, lambda w, v: [year_end_round(w, v).pk], None)},
    "v1:ranking-comparison-detail": {"GET": (VIEW, lambda w, v: [bloc_year(w, v).pk], None)},
}
