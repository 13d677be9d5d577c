"""Permission-matrix entries for the scale pages (merged by tests/test_permission_matrix.py).

Tables are spelled out here, not imported from the matrix test modules: those modules collect this
package while they load, so importing them back would depend on the order pytest loads them in.
Variants: own / other / far are bloc-year scales; template / far_template are province templates.
"""
from decimal import Decimal

from scoring.models import Criterion, ScoringScale

ANON = 302
VIEW = {  # anyone who sees the bloc-year
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
PROVINCE_VIEW = {  # every account of the province
    "own": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=200),
    "far": dict(anonymous=ANON, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
PROVINCE_MANAGE = {  # the Board of the province
    "own": dict(PROVINCE_VIEW["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": PROVINCE_VIEW["far"],
}
SEE_SCALE = {**VIEW, "template": PROVINCE_VIEW["own"], "far_template": PROVINCE_VIEW["far"]}
CHANGE_SCALE = {**MANAGE, "template": PROVINCE_MANAGE["own"], "far_template": PROVINCE_MANAGE["far"]}


def recode(table, ok):
    return {v: {r: ok if code == 200 else code for r, code in by_role.items()} for v, by_role in table.items()}


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def province(w, v):
    return w.far_province if v in ("far", "far_template") else w.province


def _with_tree(scale):
    """A group G with two criteria G.1 and G.2 (made once per scale)."""
    if not scale.criteria.exists():
        group = Criterion.objects.create(scale=scale, code="G", title="Nhóm", max_points=Decimal("100"))
        for position, code in enumerate(("G.1", "G.2")):
            Criterion.objects.create(scale=scale, parent=group, code=code, title=f"Tiêu chí {code}",
                                     max_points=Decimal("50"), position=position)
    return scale


def scale(w, v):
    """The variant's scale: a province template, or the bloc-year's own scale (made on first use)."""
    if v in ("template", "far_template"):
        found, _ = ScoringScale.objects.get_or_create(province=province(w, v), name="Mẫu ma trận",
                                                      defaults={"total": 100, "bonus_cap": 10})
    else:
        found, _ = ScoringScale.objects.get_or_create(bloc_year=bloc_year(w, v),
                                                      defaults={"name": "Thang điểm", "total": 100, "bonus_cap": 10})
    return _with_tree(found)


def criterion(w, v):
    return scale(w, v).criteria.get(code="G.1")


def _scale_pk(w, v):
    return [scale(w, v).pk]


def _criterion_pk(w, v):
    return [criterion(w, v).pk]


PAGE_MATRIX = {
    "scoring:template_list": ({None: dict(PROVINCE_VIEW["own"], far_board=200)}, None),
    "scoring:template_create": (PROVINCE_MANAGE, lambda w, v: [province(w, v).pk]),
    "scoring:scoring_settings": (PROVINCE_MANAGE, lambda w, v: [province(w, v).pk]),
    "scoring:template_detail": ({"template": PROVINCE_VIEW["own"], "far_template": PROVINCE_VIEW["far"],
                                 # a bloc-year's scale is shown on its bloc-year page, never as a template
                                 "own": dict.fromkeys(VIEW["own"], 404) | {"anonymous": ANON}}, _scale_pk),
    "scoring:bloc_year_scale": (VIEW, lambda w, v: [scale(w, v).bloc_year_id]),
    "scoring:bloc_year_scale_copy": (MANAGE, lambda w, v: [bloc_year(w, v).pk]),
    "scoring:scale_edit": (CHANGE_SCALE, _scale_pk),
    "scoring:scale_import": (CHANGE_SCALE, _scale_pk),
    "scoring:scale_export": (SEE_SCALE, _scale_pk),
    "scoring:criterion_add": (CHANGE_SCALE, _scale_pk),
    "scoring:criterion_edit": (CHANGE_SCALE, _criterion_pk),
    "scoring:criterion_delete": (CHANGE_SCALE, _criterion_pk),
    "scoring:criterion_move": (recode(CHANGE_SCALE, 405), _criterion_pk),  # POST only
}
