"""Permission-matrix entries for the pledge pages (merged by tests/test_permission_matrix.py).

The tables are spelled out here rather than imported from the matrix test modules: those modules collect
this package while they load, so importing them back would depend on the order pytest loads them in.
The helpers make what a URL needs (a pledge, a frozen scale, an amendment) on first use.
"""
from decimal import Decimal

from blocs.enums import Phase
from blocs.models import BlocYear
from scoring.enums import PledgeStatus, ScaleStatus
from scoring.models import Criterion, Pledge, ScaleAmendment, ScoringScale, TargetRegistration

VIEW = {  # anyone who sees the bloc-year
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
# Targets of the officer's department (own), of the other officer's (other): its officer may register them.
TARGETS = {
    "own": dict(MANAGE["own"], officer=200),
    "other": dict(MANAGE["other"], other_officer=200),
    "far": MANAGE["far"],
}
# Signing for the leader's department (own; the second member elsewhere): its leader only.
SIGN = {
    "own": dict(VIEW["own"], superuser=403, board=403, secretariat=403, officer=403),
    "other": dict(VIEW["other"], superuser=403, board=403, other_officer=403),
    "far": dict(VIEW["far"], superuser=403, far_board=403),
}


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def members(w, v):
    return {"own": w.own_departments, "other": w.other_departments, "far": w.far_departments}[v]


def targets_department(w, v):
    """The officer's department in the own bloc-year, the other officer's in the other one."""
    return members(w, v)[2 if v == "own" else 0]


def sign_department(w, v):
    """The leader's department in the own bloc-year; the second member elsewhere."""
    return members(w, v)[1]


def scale(w, v, *, frozen=False):
    """The bloc-year's scale, made on first use with the same tree as pages_scoring_scales.py makes (a group
    G with criteria G.1 and G.2), since a test that walks every URL meets both helpers in one world."""
    by = bloc_year(w, v)
    found, _ = ScoringScale.objects.get_or_create(bloc_year=by, defaults={"name": "Thang điểm", "total": 100,
                                                                          "bonus_cap": 10})
    if not found.criteria.exists():
        group = Criterion.objects.create(scale=found, code="G", title="Nhóm", max_points=Decimal("100"))
        for position, code in enumerate(("G.1", "G.2")):
            Criterion.objects.create(scale=found, parent=group, code=code, title=f"Tiêu chí {code}",
                                     max_points=Decimal("50"), position=position)
    if frozen:
        ScoringScale.objects.filter(pk=found.pk).update(status=ScaleStatus.FROZEN)
    return found


def drafted(w, v):
    """The bloc-year in the pledge phase with a scale and a drafted pledge; returns the bloc-year."""
    by = bloc_year(w, v)
    scale(w, v)
    BlocYear.objects.filter(pk=by.pk).update(phase=Phase.PLEDGE)
    Pledge.objects.get_or_create(bloc_year=by, defaults={"theme": "Đoàn kết", "contents": "Nội dung giao ước"})
    return by


def open_for_signing(w, v):
    """`drafted`, opened for signing, with the signing department's targets registered."""
    by = drafted(w, v)
    pledge = Pledge.objects.get(bloc_year=by)
    Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.OPEN)
    TargetRegistration.objects.get_or_create(pledge=pledge, department=sign_department(w, v),
                                             defaults={"targets": "Chỉ tiêu"})
    return by


def amendment(w, v):
    """A requested amendment of the bloc-year's frozen scale."""
    frozen = scale(w, v, frozen=True)
    requester = w.far_board if v == "far" else w.board
    found, _ = ScaleAmendment.objects.get_or_create(scale=frozen, defaults={
        "change": {"op": "update", "criterion": "G.1", "max_points": "45"},
        "reason": "Điều chỉnh", "requested_by": requester})
    return found


PAGE_MATRIX = {
    "scoring:pledge": (VIEW, lambda w, v: [bloc_year(w, v).pk]),
    "scoring:pledge_edit": (MANAGE, lambda w, v: [bloc_year(w, v).pk]),
    "scoring:pledge_open": (MANAGE, lambda w, v: [drafted(w, v).pk]),
    "scoring:pledge_targets": (TARGETS, lambda w, v: [drafted(w, v).pk, targets_department(w, v).pk]),
    "scoring:pledge_sign": (SIGN, lambda w, v: [open_for_signing(w, v).pk, sign_department(w, v).pk]),
    "scoring:amendment_request": (MANAGE, lambda w, v: [scale(w, v, frozen=True).bloc_year_id]),
    "scoring:amendment_decide": (BOARD, lambda w, v: [amendment(w, v).pk]),
}
