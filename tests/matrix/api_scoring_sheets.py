"""Permission-matrix entries for the rounds, inspections, sheets and evidence API.

Shared expectation tables come from tests/matrix/tables.py; whose helpers make the objects.
Each URL's helper first puts its object in the state where the action succeeds for those allowed (the
matrix rolls every request back), so an allowed role gets the success code and every other one a refusal.
"""
from blocs.enums import Phase
from scoring.enums import RoundStatus, SheetStatus
from scoring.models import ScoreEntry
from tests.matrix.pages_scoring_sheets import (bloc_year, criterion, evidence, inspection, members, pair,
                                               scoring_round, sheet)
from tests.matrix.tables import ANON, ROLES, VIEW

EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}
MANAGE = {"own": dict(VIEW["own"], officer=403, leader=403), "other": dict(VIEW["other"], other_officer=403),
          "far": VIEW["far"]}
BOARD = {"own": dict(MANAGE["own"], secretariat=403), "other": MANAGE["other"], "far": MANAGE["far"]}
SHEET_EDIT = {"own": dict(VIEW["own"], board=403, leader=403), "other": dict(VIEW["other"], board=403),
              "far": dict(VIEW["far"], far_board=403)}


def recode(table, ok, hidden=404):
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


def _round_in(status, sheets=SheetStatus.DRAFT):
    def args(w, v):
        found = sheet(w, v, status=sheets).round
        scoring_round(w, v, status)
        return [found.pk]
    return args


def _sheet_in(status):
    return lambda w, v: [sheet(w, v, status=status).pk]


def _cell(w, v):
    return [sheet(w, v).pk, criterion(w, v).pk]


def _movable_inspection(w, v):
    """The helper's inspection, its sheet emptied so that it may move to the first free member."""
    ScoreEntry.objects.filter(sheet=sheet(w, v)).delete()
    return [inspection(w, v).pk]


def _free_member(w, v):
    return next(d for d in members(w, v) if d not in pair(w, v))


def _open_body(w, v):
    """A mid-year round to open: the bloc-year moved to the mid-year review, with its frozen scale."""
    by = bloc_year(w, v)
    criterion(w, v)
    by.phase = Phase.MID_YEAR_REVIEW
    by.save()
    return {"bloc_year": by.pk, "kind": "mid_year", "seed": 1}

API_MATRIX = {
    "v1:round-list": {
        "GET": (EVERYONE, None, None),
        "POST": (recode(MANAGE, 201, hidden=400), None, _open_body),
    },
    "v1:round-detail": {"GET": (VIEW, _round_in(RoundStatus.OPEN), None)},
    "v1:round-close": {"POST": (MANAGE, _round_in(RoundStatus.OPEN, SheetStatus.SUBMITTED), None)},
    "v1:round-finalise": {"POST": (MANAGE, _round_in(RoundStatus.CLOSED), None)},
    "v1:round-reopen": {"POST": (BOARD, _round_in(RoundStatus.FINALISED), lambda w, v: {"reason": "Sai sót"})},
    "v1:inspection-list": {"GET": (EVERYONE, None, None)},
    "v1:inspection-detail": {"GET": (VIEW, lambda w, v: [inspection(w, v).pk], None)},
    "v1:inspection-adjust": {
        "POST": (MANAGE, _movable_inspection, lambda w, v: {"inspector": _free_member(w, v).pk}),
    },
    "v1:sheet-list": {"GET": (EVERYONE, None, None)},
    "v1:sheet-detail": {"GET": (VIEW, _sheet_in(SheetStatus.DRAFT), None)},
    "v1:sheet-cell": {
        "PUT": (SHEET_EDIT, _cell, lambda w, v: {"points": "90", "comment": "Thiếu báo cáo", "version": 1}),
    },
    "v1:sheet-submit": {"POST": (SHEET_EDIT, _sheet_in(SheetStatus.DRAFT), None)},
    "v1:sheet-reopen": {"POST": (MANAGE, _sheet_in(SheetStatus.SUBMITTED), None)},
    "v1:sheet-evidence": {
        "GET": (VIEW, _cell, None),
        # JSON cannot carry a file: those allowed get the Vietnamese 400 "Chưa chọn tệp minh chứng."
        "POST": (recode(SHEET_EDIT, 400), _cell, None),
    },
    "v1:evidence-detail": {
        "GET": (VIEW, lambda w, v: [evidence(w, v).pk], None),
        "DELETE": (recode(SHEET_EDIT, 204), lambda w, v: [evidence(w, v).pk], None),
    },
    "v1:evidence-download": {"GET": (VIEW, lambda w, v: [evidence(w, v).pk], None)},
}
