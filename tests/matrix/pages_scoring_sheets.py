"""Permission-matrix entries for the rounds, inspections, sheet-file and evidence pages.

The tables are spelled out here rather than imported from the matrix test modules: those modules collect
this package while they load. The helpers make what a URL needs on first use: a frozen scale with one
criterion, an open year-end round, one cross sheet with a saved cell and its inspection, and an evidence file.
In the own bloc-year the officer's unit (third member) inspects the leader's unit (second member), so both see
the sheet and only the officer fills it; in the other bloc-year the other officer's unit fills it.
"""
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from scoring.enums import RoundKind, RoundStatus, ScaleStatus, SheetKind, SheetStatus
from scoring.models import Criterion, Evidence, Inspection, ScoreEntry, ScoreSheet, ScoringRound, ScoringScale

VIEW = {  # anyone who sees the bloc-year (for a sheet: the scorer's and the scored unit's staff)
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
MANAGE = {  # the Board of the province or the bloc's secretariat
    "own": dict(VIEW["own"], officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}
BOARD = {  # the Board of the province only
    "own": dict(MANAGE["own"], secretariat=403),
    "other": MANAGE["other"],
    "far": MANAGE["far"],
}
SHEET_EDIT = {  # the unit that fills the sheet, and the bloc's secretariat; the Board only reads
    "own": dict(VIEW["own"], board=403, leader=403),
    "other": dict(VIEW["other"], board=403),
    "far": dict(VIEW["far"], far_board=403),
}
EVIDENCE_FILE = "evidence/matrix/bien-ban.pdf"


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def members(w, v):
    return {"own": w.own_departments, "other": w.other_departments, "far": w.far_departments}[v]


def criterion(w, v):
    scale, _ = ScoringScale.objects.get_or_create(
        bloc_year=bloc_year(w, v), defaults={"name": "Thang điểm 100", "total": 100, "status": ScaleStatus.FROZEN})
    return Criterion.objects.get_or_create(scale=scale, code="I.1",
                                           defaults={"title": "Nhiệm vụ chuyên môn", "max_points": 100})[0]


def scoring_round(w, v, status=RoundStatus.OPEN):
    criterion(w, v)
    found, _ = ScoringRound.objects.get_or_create(bloc_year=bloc_year(w, v), kind=RoundKind.YEAR_END)
    ScoringRound.objects.filter(pk=found.pk).update(status=status)
    return found


def pair(w, v):
    """(scorer, scored): the officer's unit inspects the leader's unit; the other officer's unit elsewhere."""
    units = members(w, v)
    return (units[0], units[1]) if v == "other" else (units[2], units[1])


def inspection(w, v):
    scorer, scored = pair(w, v)
    return Inspection.objects.get_or_create(round=scoring_round(w, v), inspector=scorer, inspected=scored)[0]


def sheet(w, v, status=SheetStatus.DRAFT, round_status=RoundStatus.OPEN):
    """The cross sheet of `pair`, with its cell I.1 saved at 100 points (version 1)."""
    scorer, scored = pair(w, v)
    round_ = scoring_round(w, v, round_status)
    inspection(w, v)
    found, _ = ScoreSheet.objects.get_or_create(round=round_, kind=SheetKind.CROSS, scorer=scorer, scored=scored)
    ScoreSheet.objects.filter(pk=found.pk).update(status=status)
    ScoreEntry.objects.get_or_create(sheet=found, criterion=criterion(w, v),
                                     defaults={"points": Decimal("100"), "version": 1})
    found.refresh_from_db()
    return found


def evidence(w, v):
    entry = ScoreEntry.objects.get(sheet=sheet(w, v), criterion=criterion(w, v))
    if not default_storage.exists(EVIDENCE_FILE):
        default_storage.save(EVIDENCE_FILE, ContentFile(b"%PDF-1.4\n% bien ban kiem tra\n"))
    uploader = w.officer if v == "own" else w.other_officer if v == "other" else w.far_board
    return Evidence.objects.get_or_create(entry=entry, defaults={
        "file": EVIDENCE_FILE, "original_name": "biên bản.pdf", "content_type": "application/pdf", "size": 30,
        "sha256": "0" * 64, "uploaded_by": uploader})[0]


def pk_of(getter):
    return lambda w, v: [getter(w, v).pk]


PAGE_MATRIX = {
    "scoring:round_list": (VIEW, pk_of(bloc_year)),
    "scoring:round_open": (MANAGE, pk_of(bloc_year)),
    "scoring:round_detail": (VIEW, pk_of(scoring_round)),
    "scoring:round_close": (MANAGE, pk_of(scoring_round)),
    "scoring:round_finalise": (MANAGE, pk_of(scoring_round)),
    "scoring:round_reopen": (BOARD, pk_of(scoring_round)),
    "scoring:inspection_list": (VIEW, pk_of(scoring_round)),
    "scoring:inspection_adjust": (MANAGE, pk_of(inspection)),
    "scoring:sheet_submit": (SHEET_EDIT, pk_of(sheet)),
    "scoring:sheet_reopen": (MANAGE, pk_of(sheet)),
    "scoring:sheet_export": (VIEW, pk_of(sheet)),
    "scoring:sheet_import": (SHEET_EDIT, pk_of(sheet)),
    "scoring:evidence_list": (VIEW, lambda w, v: [sheet(w, v).pk, criterion(w, v).pk]),
    "scoring:evidence_download": (VIEW, pk_of(evidence)),
    "scoring:evidence_delete": (SHEET_EDIT, pk_of(evidence)),
}
