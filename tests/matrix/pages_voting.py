"""Permission-matrix entries for the ballot-round and election pages (merged by tests/test_permission_matrix.py).

The helpers make what a URL needs (a round in a given state, an election) on first use, as plain rows:
the matrix is about who may reach a page, not about the voting rules.
"""
from blocs.enums import Phase
from blocs.models import BlocYear
from voting.enums import BallotRoundStatus, ElectionMethod, RoundPurpose
from voting.models import BallotRound, Candidate, Election

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
CAST = {  # staff of a member department (secretariat, officer, leader); the Board and superusers do not vote
    "own": dict(VIEW["own"], superuser=403, board=403),
    "other": dict(VIEW["other"], superuser=403, board=403),
    "far": dict(VIEW["far"], superuser=403, far_board=403),
}


def bloc_year(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def members(w, v):
    return {"own": w.own_departments, "other": w.other_departments, "far": w.far_departments}[v]


def voting_year(w, v):
    by = bloc_year(w, v)
    BlocYear.objects.filter(pk=by.pk).update(phase=Phase.VOTING)
    by.refresh_from_db()
    return by


def ballot_round(w, v, status=BallotRoundStatus.OPEN):
    """A ranking round of the bloc-year in `status`, every member a candidate (made once per status)."""
    by = voting_year(w, v)
    found, created = BallotRound.objects.get_or_create(
        bloc_year=by, title=f"Vòng {status}", defaults={
            "purpose": RoundPurpose.RANKING, "seats": 1, "choices_allowed": 1, "status": status,
            "electorate": 0 if status == BallotRoundStatus.DRAFT else 3})
    if created:
        Candidate.objects.bulk_create(Candidate(round=found, department=d, position=i)
                                      for i, d in enumerate(members(w, v), start=1))
        if status == BallotRoundStatus.CLOSED:
            found.result = closed_result(w, v, found)
            found.save(update_fields=["result"])
    return found


def closed_result(w, v, round_):
    counts = [{"candidate": c.pk, "department": c.department_id, "name": c.department.name, "votes": 0,
               "chosen": False, "tied": False} for c in round_.candidates.select_related("department")]
    return {"electorate": 3, "cast": 0, "online": 0, "paper": 0, "valid": 0, "blank": 0, "invalid": 0,
            "quorum": [2, 3], "quorum_needed": 2, "quorum_reached": False, "threshold": [1, 2],
            "threshold_votes": 2, "seats": 1, "counts": counts, "chosen": [], "tied": [], "remaining_seats": 0,
            "outcome": "no_quorum", "runoff": None}


def election(w, v, method=ElectionMethod.ROTATION):
    by = voting_year(w, v)
    found, _ = Election.objects.get_or_create(bloc_year=by, defaults={"method": method})
    return found


def _pk(getter, *args):
    return lambda w, v: [getter(w, v, *args).pk]


PAGE_MATRIX = {
    "voting:round_list": (VIEW, _pk(bloc_year)),
    "voting:round_create": (MANAGE, _pk(voting_year)),
    "voting:round_detail": (VIEW, _pk(ballot_round)),
    "voting:round_open": (MANAGE, _pk(ballot_round, BallotRoundStatus.DRAFT)),
    "voting:round_close": (MANAGE, _pk(ballot_round)),
    "voting:round_cancel": (MANAGE, _pk(ballot_round)),
    "voting:round_results": (VIEW, _pk(ballot_round, BallotRoundStatus.CLOSED)),
    "voting:round_minutes": (VIEW, _pk(ballot_round, BallotRoundStatus.CLOSED)),
    "voting:round_vote": (CAST, _pk(ballot_round)),
    "voting:round_paper": (MANAGE, _pk(ballot_round)),
    "voting:receipt_check": (VIEW, _pk(ballot_round)),
    "voting:election": (VIEW, _pk(bloc_year)),
    "voting:election_start": (MANAGE, _pk(voting_year)),
    "voting:election_rotation": (MANAGE, lambda w, v: [election(w, v).bloc_year_id]),
    "voting:election_new_round": (MANAGE, lambda w, v: [election(w, v, ElectionMethod.BALLOT).bloc_year_id]),
    "voting:election_close": (MANAGE, lambda w, v: [election(w, v).bloc_year_id]),
}
