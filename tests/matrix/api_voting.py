"""Permission-matrix entries for the ballot-round and election API (merged by
tests/api/test_permission_matrix.py). Each call runs in a savepoint rolled back afterwards, so every role
meets the same rows: an open round where nobody has voted, a draft one, a closed one, elections."""
from tests.matrix.pages_voting import ballot_round, election, members, voting_year
from tests.matrix.tables import ANON, ROLES, VIEW, MANAGE
from voting.enums import BallotRoundStatus, ElectionMethod, RoundPurpose
from voting.models import BallotRound, Candidate, Election

EVERYONE = {None: dict(dict.fromkeys(ROLES, 200), anonymous=ANON)}


def recode(table, ok, hidden=404):
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


CAST = {  # staff of a member department; the Board and superusers do not vote
    "own": dict(recode(VIEW, 201)["own"], superuser=403, board=403),
    "other": dict(recode(VIEW, 201)["other"], superuser=403, board=403),
    "far": dict(recode(VIEW, 201)["far"], superuser=403, far_board=403),
}
CREATE_IN = recode(MANAGE, 201, hidden=400)  # the bloc-year is named in the body: out of reach → 400


def _pk(getter, *args):
    return lambda w, v: [getter(w, v, *args).pk]


def rotation_election(w, v):
    """An open rotation election of the bloc-year with the agreed leader and deputy entered."""
    found = election(w, v)
    Election.objects.filter(pk=found.pk).update(leader=members(w, v)[0], deputy=members(w, v)[1])
    return found


def stalled_ballot_election(w, v):
    """A ballot election whose leader round was cancelled (so a new leader round may be made)."""
    by = voting_year(w, v)
    rounds = {}
    for purpose, status in ((RoundPurpose.LEADER, BallotRoundStatus.CANCELLED),
                            (RoundPurpose.DEPUTY, BallotRoundStatus.DRAFT)):
        rounds[purpose] = BallotRound.objects.create(bloc_year=by, purpose=purpose, title=f"Bầu {purpose}", seats=1,
                                                     choices_allowed=1, status=status)
        Candidate.objects.bulk_create(Candidate(round=rounds[purpose], department=d, position=i)
                                      for i, d in enumerate(members(w, v), start=1))
    found, _ = Election.objects.get_or_create(bloc_year=by, defaults={
        "method": ElectionMethod.BALLOT, "leader_round": rounds[RoundPurpose.LEADER],
        "deputy_round": rounds[RoundPurpose.DEPUTY]})
    return found


def _round_body(w, v):
    return {"bloc_year": voting_year(w, v).pk, "purpose": "ranking", "title": "Xếp hạng nhất, nhì, ba", "seats": 1,
            "choices_allowed": 1, "candidates": [d.pk for d in members(w, v)]}


API_MATRIX = {
    "v1:ballotround-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN, None, _round_body),
    },
    "v1:ballotround-detail": {"GET": (VIEW, _pk(ballot_round), None)},
    "v1:ballotround-open": {"POST": (MANAGE, _pk(ballot_round, BallotRoundStatus.DRAFT), None)},
    "v1:ballotround-close": {"POST": (MANAGE, _pk(ballot_round), None)},
    "v1:ballotround-cancel": {"POST": (MANAGE, _pk(ballot_round), lambda w, v: {"reason": "Nhập nhầm"})},
    "v1:ballotround-cast": {"POST": (CAST, _pk(ballot_round), lambda w, v: {"choices": []})},
    "v1:ballotround-paper-ballots": {
        "POST": (recode(MANAGE, 201), _pk(ballot_round),
                 lambda w, v: {"department": members(w, v)[0].pk, "choices": []}),
    },
    "v1:ballotround-verify-receipt": {"POST": (VIEW, _pk(ballot_round), lambda w, v: {"code": "ABCDE-FGHJK"})},
    "v1:ballotround-results": {"GET": (VIEW, _pk(ballot_round, BallotRoundStatus.CLOSED), None)},
    "v1:election-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN, None, lambda w, v: {"bloc_year": voting_year(w, v).pk, "method": "rotation"}),
    },
    "v1:election-detail": {"GET": (VIEW, _pk(election), None)},
    "v1:election-rotation": {
        "POST": (MANAGE, _pk(election), lambda w, v: {"leader": members(w, v)[1].pk, "deputy": members(w, v)[2].pk}),
    },
    "v1:election-new-round": {
        "POST": (recode(MANAGE, 201), _pk(stalled_ballot_election), lambda w, v: {"purpose": "leader"}),
    },
    "v1:election-close": {
        "POST": (MANAGE, _pk(rotation_election), lambda w, v: {"flag_handed_over_on": "2027-01-05"}),
    },
}
