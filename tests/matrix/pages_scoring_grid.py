"""Permission-matrix entries for the score grid: the sheet page, its presence poll and its cell endpoint.

The tables are spelled out here rather than imported from the matrix test modules: those modules collect
this package while they load. The sheet comes from the sheets slice's matrix helper (the officer's unit
inspects the leader's unit in the own bloc-year; the other officer's unit fills it in the other one).
"""
from tests.matrix.pages_scoring_sheets import criterion, sheet

VIEW = {  # whoever sees the sheet: the Board, the bloc's secretariat, the scorer's and the scored unit's staff
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
# The cell endpoint is POST only: a GET by someone who may edit answers 405; the others are refused as for
# any edit (the Board and the scored unit's leader only read: 403).
CELL = {
    "own": dict(VIEW["own"], superuser=405, board=403, secretariat=405, officer=405, leader=403),
    "other": dict(VIEW["other"], superuser=405, board=403, other_officer=405),
    "far": dict(VIEW["far"], superuser=405, far_board=403),
}


def sheet_pk(w, v):
    return [sheet(w, v).pk]


PAGE_MATRIX = {
    "scoring:sheet": (VIEW, sheet_pk),
    "scoring:sheet_presence": (VIEW, sheet_pk),
    "scoring:sheet_cell": (CELL, lambda w, v: [sheet(w, v).pk, criterion(w, v).pk]),
}
