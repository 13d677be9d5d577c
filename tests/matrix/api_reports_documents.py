"""Permission-matrix entries for the documents API (reports/api/documents.py). A request names its subject in
the body, so a subject out of reach is an unknown id (400); requests run in a rolled-back savepoint, so the
rendering queued after the commit never runs."""
from tests.matrix.pages_reports_documents import bloc_year, report
from tests.matrix.tables import ANON, ROLES, VIEW

EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
REQUEST = {  # the bloc's secretariat, the Board of the province, a member unit's leader (and a superuser)
    "own": dict(anonymous=ANON, superuser=201, board=201, far_board=400, secretariat=201, officer=403,
                leader=201, other_officer=400),
    "other": dict(anonymous=ANON, superuser=201, board=201, far_board=400, secretariat=400, officer=400,
                  leader=400, other_officer=403),
    "far": dict(anonymous=ANON, superuser=201, board=400, far_board=201, secretariat=400, officer=400,
                leader=400, other_officer=400),
}


def _pk(getter):
    return lambda w, v: [getter(w, v).pk]


API_MATRIX = {
    "v1:report-list": {
        "GET": (EVERYONE, None, None),
        "POST": (REQUEST, None, lambda w, v: {"kind": "year_end", "bloc_year": bloc_year(w, v).pk}),
    },
    "v1:report-detail": {"GET": (VIEW, _pk(report), None)},
    "v1:report-download": {"GET": (VIEW, _pk(report), None)},
}
