"""Closing a round through the services: the stored counts and result, the edge cases on real ballots, and
the run-off opened by a tie at the boundary."""
import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from voting.domain import ballots, rounds, tally
from voting.domain.queries.rounds import chosen_departments, final_round
from voting.enums import BallotRoundStatus
from voting.models import BallotRound, Candidate, VoteCount

pytestmark = pytest.mark.integration


def vote(bloc, round_, plan):
    """plan: one entry per voting member, in member order: a list of candidate departments' indexes."""
    for voter, picks in zip(bloc.voters, plan):
        ballots.cast_ballot(round=round_, user=voter, choices=[bloc.departments[i] for i in picks])


def test_six_members_four_votes_chosen_and_everything_stored(make_bloc):
    bloc = make_bloc(6)
    d = bloc.departments
    round_ = bloc.round(candidates=d[:4])
    vote(bloc, round_, [[0], [0], [0], [1]])
    ballots.record_paper_ballot(round=round_, department=d[4], choices=[d[0]], user=bloc.secretariat)
    closed = tally.close_round(round=round_, user=bloc.secretariat)
    assert closed.status == BallotRoundStatus.CLOSED and closed.closed_at is not None
    names = [c.department.name for c in Candidate.objects.filter(round=round_).select_related("department")]
    ids = list(Candidate.objects.filter(round=round_).values_list("pk", flat=True))
    assert closed.result == {
        "electorate": 6, "cast": 5, "online": 4, "paper": 1, "valid": 5, "blank": 0, "invalid": 0,
        "quorum": [2, 3], "quorum_needed": 4, "quorum_reached": True,
        "threshold": [1, 2], "threshold_votes": 4, "seats": 1,
        "counts": [
            {"candidate": ids[0], "department": d[0].pk, "name": names[0], "votes": 4, "chosen": True, "tied": False},
            {"candidate": ids[1], "department": d[1].pk, "name": names[1], "votes": 1, "chosen": False, "tied": False},
            {"candidate": ids[2], "department": d[2].pk, "name": names[2], "votes": 0, "chosen": False, "tied": False},
            {"candidate": ids[3], "department": d[3].pk, "name": names[3], "votes": 0, "chosen": False, "tied": False},
        ],
        "chosen": [d[0].pk], "tied": [], "remaining_seats": 0, "outcome": "chosen", "runoff": None,
    }
    assert list(VoteCount.objects.filter(round=round_).values_list("candidate_id", "votes", "chosen",
                                                                   "tied_at_boundary")) == [
        (ids[0], 4, True, False), (ids[1], 1, False, False), (ids[2], 0, False, False), (ids[3], 0, False, False)]
    event = AuditEvent.objects.get(event_type="ballot_round.closed")
    counts = [{"id": c.pk, "candidate_id": c.candidate_id, "votes": c.votes, "chosen": c.chosen,
               "tied_at_boundary": c.tied_at_boundary} for c in VoteCount.objects.filter(round=round_).order_by("pk")]
    assert (event.actor_id, event.old_value, event.new_value) == (
        bloc.secretariat.pk, {"status": "open"}, {"status": "closed", "result": closed.result, "vote_counts": counts})
    assert chosen_departments(closed) == [d[0]]


def test_six_members_three_votes_exactly_half_not_chosen(make_bloc):
    bloc = make_bloc(6)
    round_ = bloc.round(candidates=bloc.departments[:2])
    vote(bloc, round_, [[0], [0], [0], [1], []])
    result = tally.close_round(round=round_, user=bloc.secretariat).result
    assert (result["cast"], result["blank"], result["quorum_reached"], result["threshold_votes"]) == (5, 1, True, 4)
    assert (result["chosen"], result["outcome"]) == ([], "none_chosen")


def test_six_members_three_voters_no_quorum(make_bloc):
    bloc = make_bloc(6)
    round_ = bloc.round(candidates=bloc.departments[:2])
    vote(bloc, round_, [[0], [0], [0]])
    result = tally.close_round(round=round_, user=bloc.secretariat).result
    assert (result["quorum_reached"], result["quorum_needed"], result["chosen"], result["outcome"]) == (
        False, 4, [], "no_quorum")
    assert not VoteCount.objects.filter(round=round_, chosen=True).exists()


def test_eleven_members_eight_voters_six_votes(make_bloc):
    bloc = make_bloc(11)
    round_ = bloc.round(candidates=bloc.departments[:3])
    vote(bloc, round_, [[0]] * 6 + [[1], [2]])
    result = tally.close_round(round=round_, user=bloc.secretariat).result
    assert (result["cast"], result["quorum_needed"], result["threshold_votes"], result["chosen"]) == (
        8, 8, 6, [bloc.departments[0].pk])


# A 6, B 4, C 4, D 0 of 6 members: A chosen; B and C, both over the threshold (4 > 3), tie for the second place.
TIED_PLAN = [[0, 1, 2], [0, 1, 2], [0, 1], [0, 1], [0, 2], [0, 2]]


def test_a_tie_at_the_boundary_opens_a_runoff_with_exactly_the_tied(make_bloc):
    bloc = make_bloc(6)
    d = bloc.departments
    round_ = bloc.round(candidates=d[:4], seats=2, choices_allowed=3, title="Đề nghị Bằng khen")
    vote(bloc, round_, TIED_PLAN)
    closed = tally.close_round(round=round_, user=bloc.secretariat)
    runoff = BallotRound.objects.get(parent=round_)
    assert [row["votes"] for row in closed.result["counts"]] == [6, 4, 4, 0]
    assert (closed.result["chosen"], closed.result["tied"], closed.result["remaining_seats"],
            closed.result["outcome"], closed.result["runoff"]) == ([d[0].pk], [d[1].pk, d[2].pk], 1, "runoff",
                                                                   runoff.pk)
    assert (runoff.status, runoff.seats, runoff.choices_allowed, runoff.title, runoff.purpose) == (
        BallotRoundStatus.DRAFT, 1, 1, "Đề nghị Bằng khen – bỏ phiếu lại", round_.purpose)
    assert (runoff.quorum_numerator, runoff.quorum_denominator, runoff.threshold_numerator,
            runoff.threshold_denominator) == (2, 3, 1, 2)
    assert list(runoff.candidates.values_list("department_id", flat=True)) == [d[1].pk, d[2].pk]
    assert list(VoteCount.objects.filter(round=round_, tied_at_boundary=True)
                .values_list("candidate__department_id", flat=True)) == [d[1].pk, d[2].pk]
    created = AuditEvent.objects.filter(event_type="ballot_round.created").order_by("id").last()
    assert (created.object_id, created.new_value["parent"]) == (str(runoff.pk), round_.pk)
    assert final_round(closed) == runoff
    assert chosen_departments(closed) == [d[0]]


def test_the_runoff_decides_and_the_chain_gives_every_chosen(make_bloc):
    bloc = make_bloc(6)
    d = bloc.departments
    first = bloc.round(candidates=d[:4], seats=2, choices_allowed=3)
    vote(bloc, first, TIED_PLAN)
    tally.close_round(round=first, user=bloc.secretariat)
    runoff = rounds.open_round(round=BallotRound.objects.get(parent=first), user=bloc.secretariat)
    vote(bloc, runoff, [[1], [1], [1], [1], [2]])
    assert tally.close_round(round=runoff, user=bloc.secretariat).result["chosen"] == [d[1].pk]
    first.refresh_from_db()
    assert final_round(first).pk == runoff.pk
    assert chosen_departments(first) == [d[0], d[1]]


def test_only_an_open_round_is_closed(make_bloc):
    bloc = make_bloc(3)
    draft = bloc.round(opened=False)
    with pytest.raises(ValidationError) as caught:
        tally.close_round(round=draft, user=bloc.secretariat)
    assert caught.value.messages == ["Chỉ kiểm phiếu vòng bỏ phiếu đang mở (hiện tại: Chuẩn bị)."]
    assert not AuditEvent.objects.filter(event_type="ballot_round.closed").exists()
