"""Expectation tables shared by the API matrix modules (plain data, no test imports, so no import cycle)."""

ANON = 403  # session authentication first: no WWW-Authenticate header, so 403 rather than 401
ROLES = ["anonymous", "superuser", "board", "far_board", "secretariat", "officer", "leader", "other_officer"]
VIEW = {
    "own": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=ANON, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
MANAGE = {
    "own": dict(VIEW["own"], officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}
BOARD = {
    "own": dict(MANAGE["own"], secretariat=403),
    "other": MANAGE["other"],
    "far": MANAGE["far"],
}
