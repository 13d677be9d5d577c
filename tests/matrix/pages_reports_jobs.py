"""Permission-matrix entries for the Board's rendering queue (reports/views/jobs.py)."""
BOARD_ONLY = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=403, officer=403,
                         leader=403, other_officer=403)}
# POST only: the Board is answered 405 to a GET, everyone else is refused first.
BOARD_POST_ONLY = {None: dict(BOARD_ONLY[None], superuser=405, board=405, far_board=405)}

PAGE_MATRIX = {
    "reports:jobs": (BOARD_ONLY, None),
    "reports:jobs_redispatch": (BOARD_POST_ONLY, None),
}
