"""Ballots on PostgreSQL under real concurrency: each thread has its own connection and transaction."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from tests.factories.accounts import leader_user, officer_user
from voting.domain import ballots, tally
from voting.models import Ballot, BallotRound, VoterRollEntry

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run_together(jobs):
    """Start every job at the same moment; return their outcomes (the value, or the refusal's message)."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = ("ok", job())
        except ValidationError as exc:
            outcomes[index] = ("refused", exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _caster(round_pk, user_pk, choices):
    def job():
        return ballots.cast_ballot(round=BallotRound.objects.get(pk=round_pk), user=User.objects.get(pk=user_pk),
                                   choices=choices)
    return job


@pytest.fixture
def bloc(make_bloc):
    made = make_bloc(5)
    yield made
    connection.close()


def test_twenty_simultaneous_ballots_of_one_department_make_one(bloc):
    round_ = bloc.round(choices_allowed=1)
    department = bloc.departments[1]
    staff = [bloc.voters[1]] + [(leader_user if i % 2 else officer_user)(department) for i in range(19)]
    first = round_.candidates.first().pk
    outcomes = run_together([_caster(round_.pk, user.pk, [first]) for user in staff])
    assert [o[0] for o in outcomes].count("ok") == 1
    assert [o for o in outcomes if o[0] == "refused"] == [
        ("refused", f"{department.name} đã bỏ phiếu trong vòng này; mỗi đơn vị chỉ có một phiếu.")] * 19
    assert list(VoterRollEntry.objects.values_list("department_id", "channel")) == [(department.pk, "online")]
    assert list(Ballot.objects.values_list("choices", flat=True)) == [[first]]
    assert AuditEvent.objects.filter(event_type="ballot_round.voted").count() == 1
    code = next(o[1] for o in outcomes if o[0] == "ok")
    assert ballots.verify_receipt(round=round_, code=code) is True


def test_every_member_voting_at_once_is_counted_once_each(bloc):
    round_ = bloc.round(choices_allowed=1)
    first = round_.candidates.first().pk
    jobs = [_caster(round_.pk, voter.pk, [first]) for voter in bloc.voters for _ in range(4)]
    outcomes = run_together(jobs)
    assert [o[0] for o in outcomes].count("ok") == 5
    assert sorted(VoterRollEntry.objects.values_list("department_id", flat=True)) == sorted(
        d.pk for d in bloc.departments)
    assert Ballot.objects.count() == 5
    result = tally.close_round(round=round_, user=bloc.secretariat).result
    assert (result["cast"], result["counts"][0]["votes"], result["chosen"]) == (5, 5, [bloc.departments[0].pk])


def test_a_ballot_racing_the_close_is_either_counted_or_refused(bloc):
    round_ = bloc.round(choices_allowed=1)
    for voter in bloc.voters[:4]:
        ballots.cast_ballot(round=round_, user=voter, choices=[])
    late = _caster(round_.pk, bloc.voters[4].pk, [])

    def close():
        return tally.close_round(round=BallotRound.objects.get(pk=round_.pk),
                                 user=User.objects.get(pk=bloc.secretariat.pk)).result["cast"]

    outcomes = run_together([late, close])
    cast = outcomes[1][1]
    if outcomes[0][0] == "ok":
        assert cast == 5
    else:
        assert (cast, outcomes[0][1]) == (4, "Vòng bỏ phiếu đã kiểm phiếu xong, không nhận thêm phiếu.")
    assert Ballot.objects.count() == VoterRollEntry.objects.count() == cast
