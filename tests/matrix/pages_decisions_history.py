"""Permission-matrix entries for the award history and statistics pages (merged by
tests/test_permission_matrix.py). History and statistics are public within the province; the Board imports."""
PROVINCE_READ = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=200, officer=200,
                            leader=200, other_officer=200)}
DEPARTMENT_READ = {  # every account of the unit's province
    "own": dict(PROVINCE_READ[None], far_board=404),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404, leader=404,
                other_officer=404),
}
BOARD_OF_PROVINCE = {
    "own": dict(DEPARTMENT_READ["own"], secretariat=403, officer=403, leader=403, other_officer=403),
    "far": DEPARTMENT_READ["far"],
}


def province(w, v):
    return [w.province.pk if v == "own" else w.far_province.pk]


def department(w, v):
    return [(w.own_departments if v == "own" else w.far_departments)[0].pk]


PAGE_MATRIX = {
    "decisions:award_history": (PROVINCE_READ, None),
    "decisions:history_import": (BOARD_OF_PROVINCE, province),
    "decisions:history_template": (BOARD_OF_PROVINCE, province),
    "decisions:department_timeline": (DEPARTMENT_READ, department),
    "decisions:statistics": (PROVINCE_READ, None),
    "decisions:statistics_csv": (PROVINCE_READ, None),
    "decisions:statistics_json": (PROVINCE_READ, None),
}
