"""Permission-matrix entries for the ranking pages (merged by tests/test_permission_matrix.py).

The tables are spelled out here rather than imported from the matrix test modules: those modules collect
this package while they load, so importing them back would depend on the order pytest loads them in.
"""
from scoring.enums import RoundKind
from scoring.models import ScoringRound, ScoringScale

VIEW = {  # anyone who sees the bloc-year
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
# Recomputing is a POST: a GET by someone allowed answers 405; the others are refused as for MANAGE pages.
RECOMPUTE = {
    "own": dict(VIEW["own"], superuser=405, board=405, secretariat=405, officer=403, leader=403),
    "other": dict(VIEW["other"], superuser=405, board=405, other_officer=403),
    "far": dict(VIEW["far"], superuser=405, far_board=405),
}


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def year_end_round(w, v):
    """The year-end round of the bloc-year (made with a scale on first use, so it can be ranked)."""
    by = bloc_year(w, v)
    ScoringScale.objects.get_or_create(bloc_year=by, defaults={"name": "Thang điểm 100", "total": 100})
    return ScoringRound.objects.get_or_create(bloc_year=by, kind=RoundKind.YEAR_END)[0]


PAGE_MATRIX = {
    "scoring:ranking": (VIEW, lambda w, v: [year_end_round(w, v).pk]),
    "scoring:ranking_recompute": (RECOMPUTE, lambda w, v: [year_end_round(w, v).pk]),
    "scoring:round_comparison": (VIEW, lambda w, v: [bloc_year(w, v).pk]),
}
