"""Permission-matrix entries for the ranking API (merged by tests/api/test_permission_matrix.py).

Shared expectation tables come from tests/matrix/tables.py.
"""
from tests.matrix.pages_scoring_ranking import bloc_year, year_end_round
from tests.matrix.tables import ANON, VIEW

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
