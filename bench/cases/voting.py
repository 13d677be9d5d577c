"""Voting: counting a round of 20 ballots (close_round: read the box, count, store the counts and the
result, audit) on a bloc of 20 members in each generated province. Target (issue 4): <= 50 ms.

Each sample closes the same open round inside a savepoint that is rolled back, so every count starts
from the same 20 ballots.
"""
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.enums import Role
from bench.generate import YEAR, _user
from bench.registry import Measurement, case
from blocs.domain import services
from blocs.enums import BlocKind, Phase
from blocs.models import Department
from voting.domain import ballots, rounds, tally
from voting.enums import BallotRoundStatus, RoundPurpose

MEMBERS, CANDIDATES, CHOICES = 20, 5, 2
_CACHE = {}


@dataclass
class VotingWorld:
    round: object
    secretariat: object


def voting_world(world):
    """A bloc of 20 members in the voting phase with an open round where every member has voted."""
    if world.label not in _CACHE:
        with transaction.atomic():
            _CACHE[world.label] = _generate(world)
        print(f"  voting data for [{world.label}]: {MEMBERS} members, {CANDIDATES} candidates, "
              f"{MEMBERS} ballots of up to {CHOICES} choices")
    return _CACHE[world.label]


def _generate(world):
    actor, label = world.users["superuser"], world.label
    departments = Department.objects.bulk_create(
        Department(province=world.province, name=f"Sở Bỏ phiếu {label} số {i + 1:02d}") for i in range(MEMBERS))
    bloc = services.create_bloc(province=world.province, name=f"Khối thi đua bỏ phiếu {label}", kind=BlocKind.BLOC,
                                user=actor)
    bloc_year = services.create_bloc_year(bloc=bloc, year=YEAR, user=actor)
    for department in departments:
        services.add_member(bloc_year=bloc_year, department=department, user=actor)
    services.set_leadership(bloc_year=bloc_year, leader=departments[0], deputy=departments[1],
                            expected_version=bloc_year.version, user=actor)
    for phase in (Phase.PLEDGE, Phase.MID_YEAR_REVIEW, Phase.SCORING, Phase.RANKING, Phase.VOTING):
        services.change_phase(bloc_year=bloc_year, phase=phase, expected_version=bloc_year.version, user=actor)
    secretariat = _user(f"bench-voting-secretariat-{label}", role=Role.SECRETARIAT, bloc=bloc,
                        department=departments[0])
    voters = [_user(f"bench-voting-officer-{label}-{i:02d}", role=Role.OFFICER, department=d)
              for i, d in enumerate(departments)]
    round_ = rounds.create_round(bloc_year=bloc_year, purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng",
                                 seats=2, choices_allowed=CHOICES, candidates=departments[:CANDIDATES],
                                 user=secretariat)
    rounds.open_round(round=round_, user=secretariat)
    for i, voter in enumerate(voters):
        picks = [departments[i % CANDIDATES], departments[(i * 3 + 1) % CANDIDATES]]
        ballots.cast_ballot(round=round_, user=voter, choices=list(dict.fromkeys(picks)))
    return VotingWorld(round=round_, secretariat=secretariat)


def _close_and_roll_back(data):
    """Count the round in a savepoint, then undo it; returns the elapsed time in ms."""
    savepoint = transaction.savepoint()
    start = time.perf_counter()
    closed = tally.close_round(round=data.round, user=data.secretariat)
    elapsed = (time.perf_counter() - start) * 1000
    if closed.result["cast"] != MEMBERS:
        raise AssertionError(f"counted {closed.result['cast']} ballots, expected {MEMBERS}")
    transaction.savepoint_rollback(savepoint)
    data.round.refresh_from_db()
    assert data.round.status == BallotRoundStatus.OPEN
    return elapsed


@case("voting.tally_20_ballots", target=50.0)
def tally_20_ballots(world, options):
    data = voting_world(world)
    with transaction.atomic():
        for _ in range(options.warmup):
            _close_and_roll_back(data)
        samples = [_close_and_roll_back(data) for _ in range(options.repeat)]
        with CaptureQueriesContext(connection) as captured:
            _close_and_roll_back(data)
        transaction.set_rollback(True)
    # Counted: the harness's savepoint and refresh too; not the ballot box's reads, which are never logged.
    return Measurement(samples=samples, queries=len(captured.captured_queries))
