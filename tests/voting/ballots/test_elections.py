"""Electing next year's leader and deputy, by ballot or rotation; closing creates the next bloc-year."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from blocs.enums import Phase
from blocs.models import BlocYear
from tests.factories.blocs import BlocYearFactory, MembershipFactory
from voting.domain import ballots, elections, rounds, tally
from voting.enums import ElectionMethod, ElectionStatus, RoundPurpose
from voting.models import BallotRound, Election

pytestmark = pytest.mark.integration


def elect(bloc, round_, picks):
    """Open `round_`, each member in turn votes for the member of index picks[i], close."""
    round_ = rounds.open_round(round=round_, user=bloc.secretariat)
    for voter, pick in zip(bloc.voters, picks):
        ballots.cast_ballot(round=round_, user=voter, choices=[bloc.departments[pick]])
    return tally.close_round(round=round_, user=bloc.secretariat)


def refusal(call, **kwargs):
    before = (BlocYear.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert (BlocYear.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.messages


def test_ballot_election_creates_a_leader_and_a_deputy_round(make_bloc):
    bloc = make_bloc(4)
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT, user=bloc.secretariat)
    leader_round, deputy_round = election.leader_round, election.deputy_round
    assert [(r.purpose, r.title, r.seats, r.choices_allowed, r.status) for r in (leader_round, deputy_round)] == [
        ("leader", "Bầu khối trưởng năm 2027", 1, 1, "draft"), ("deputy", "Bầu khối phó năm 2027", 1, 1, "draft")]
    members = sorted(bloc.departments, key=lambda d: d.name)
    assert [list(r.candidates.values_list("department_id", flat=True)) for r in (leader_round, deputy_round)] == [
        [d.pk for d in members]] * 2
    event = AuditEvent.objects.get(event_type="election.started")
    assert event.new_value == {"bloc_year": bloc.bloc_year.pk, "method": "ballot", "leader_round": leader_round.pk,
                               "deputy_round": deputy_round.pk, "leader": None, "deputy": None}


def test_closing_a_ballot_election_creates_next_year_with_leader_deputy_and_members(make_bloc):
    bloc = make_bloc(4)
    d = bloc.departments
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT, user=bloc.secretariat)
    elect(bloc, election.leader_round, [2, 2, 2, 1])
    elect(bloc, election.deputy_round, [3, 3, 3, 3])
    closed = elections.close_election(election=election, user=bloc.secretariat,
                                      flag_handed_over_on=datetime.date(2027, 1, 10), flag_note="Trao cờ tại hội nghị")
    next_year = BlocYear.objects.get(bloc=bloc.bloc_year.bloc, year=2027)
    assert (next_year.leader, next_year.deputy, next_year.phase) == (d[2], d[3], Phase.SETUP)
    assert sorted(next_year.memberships.values_list("department_id", flat=True)) == sorted(x.pk for x in d)
    assert (closed.status, closed.leader, closed.deputy, closed.next_bloc_year, closed.flag_handed_over_on,
            closed.flag_note, closed.closed_by) == (
        ElectionStatus.CLOSED, d[2], d[3], next_year, datetime.date(2027, 1, 10), "Trao cờ tại hội nghị",
        bloc.secretariat)
    event = AuditEvent.objects.get(event_type="election.closed")
    assert event.new_value == {"status": "closed", "leader": d[2].pk, "deputy": d[3].pk,
                               "next_bloc_year": next_year.pk, "flag_handed_over_on": "2027-01-10",
                               "flag_note": "Trao cờ tại hội nghị"}
    assert AuditEvent.objects.filter(event_type="bloc_year.created", object_id=str(next_year.pk)).exists()
    assert AuditEvent.objects.filter(event_type="bloc_year.leadership_changed", object_id=str(next_year.pk)).exists()
    assert refusal(elections.close_election, election=closed, user=bloc.secretariat) == [
        "Cuộc bầu khối trưởng, khối phó đã kết thúc."]


def test_rotation_election_takes_the_agreed_units(make_bloc):
    bloc = make_bloc(3)
    d = bloc.departments
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.ROTATION, user=bloc.secretariat)
    assert (election.leader_round, election.deputy_round) == (None, None)
    assert refusal(elections.close_election, election=election, user=bloc.secretariat) == [
        "Chưa nhập khối trưởng và khối phó đã thống nhất luân phiên."]
    assert refusal(elections.record_rotation, election=election, leader=d[1], deputy=d[1], user=bloc.secretariat) == [
        "Khối trưởng và khối phó phải là hai đơn vị khác nhau."]
    elections.record_rotation(election=election, leader=d[1], deputy=d[0], user=bloc.secretariat)
    elections.close_election(election=election, user=bloc.secretariat)
    next_year = BlocYear.objects.get(bloc=bloc.bloc_year.bloc, year=2027)
    assert (next_year.leader, next_year.deputy) == (d[1], d[0])


def test_start_is_refused_twice_outside_voting_and_with_leaders_for_a_ballot(make_bloc):
    bloc = make_bloc(3)
    assert refusal(elections.start_election, bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT,
                   leader=bloc.departments[0], user=bloc.secretariat) == [
        "Khi bỏ phiếu kín, khối trưởng và khối phó do kết quả kiểm phiếu quyết định."]
    assert refusal(elections.start_election, bloc_year=bloc.bloc_year, method="vote", user=bloc.secretariat) == [
        "Hình thức bầu không hợp lệ."]
    elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.ROTATION, user=bloc.secretariat)
    assert refusal(elections.start_election, bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT,
                   user=bloc.secretariat) == ["Năm thi đua 2026 đã có cuộc bầu khối trưởng, khối phó."]
    other = make_bloc(3)
    BlocYear.objects.filter(pk=other.bloc_year.pk).update(phase=Phase.RANKING)
    assert refusal(elections.start_election, bloc_year=other.bloc_year, method=ElectionMethod.BALLOT,
                   user=other.secretariat) == [
        "Chỉ tổ chức bỏ phiếu khi năm thi đua ở giai đoạn “Bình xét, bỏ phiếu” (hiện tại: “Xếp hạng”)."]


def test_close_is_refused_while_a_runoff_is_pending(make_bloc):
    bloc = make_bloc(4)
    d = bloc.departments
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT, user=bloc.secretariat)
    # 4 members, 2 choices not allowed (one place, one choice): a tie over the threshold needs 3 + 3 > 4 votes,
    # impossible with one choice; so make the leader round's count a tie by hand: a 2-choice round.
    BallotRound.objects.filter(pk=election.leader_round_id).update(choices_allowed=2)
    round_ = rounds.open_round(round=election.leader_round, user=bloc.secretariat)
    for voter in bloc.voters[:3]:
        ballots.cast_ballot(round=round_, user=voter, choices=[d[0], d[1]])
    tally.close_round(round=round_, user=bloc.secretariat)
    runoff = BallotRound.objects.get(parent=round_)
    elect(bloc, election.deputy_round, [2, 2, 2, 2])
    assert refusal(elections.close_election, election=election, user=bloc.secretariat) == [
        f"Chưa có khối trưởng trúng cử: vòng “{runoff.title}” chưa kiểm phiếu."]
    elect(bloc, runoff, [0, 0, 0, 1])
    elections.close_election(election=election, user=bloc.secretariat)
    assert BlocYear.objects.get(bloc=bloc.bloc_year.bloc, year=2027).leader == d[0]


def test_a_round_without_winner_is_replaced_by_a_new_round(make_bloc):
    bloc = make_bloc(4)
    d = bloc.departments
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.BALLOT, user=bloc.secretariat)
    elect(bloc, election.leader_round, [0, 0, 1, 1])  # 2 of 4 is exactly half: nobody
    assert refusal(elections.close_election, election=election, user=bloc.secretariat) == [
        "Chưa có khối trưởng trúng cử: vòng “Bầu khối trưởng năm 2027” không có đơn vị nào trúng cử; "
        "hãy tạo vòng bầu mới."]
    with pytest.raises(ValidationError) as caught:
        elections.new_election_round(election=election, purpose=RoundPurpose.DEPUTY, user=bloc.secretariat)
    assert caught.value.messages == ["Vòng bầu khối phó hiện tại chưa kết thúc hoặc đã có kết quả."]
    new = elections.new_election_round(election=election, purpose=RoundPurpose.LEADER, user=bloc.secretariat)
    election.refresh_from_db()
    assert election.leader_round == new
    elect(bloc, new, [0, 0, 0, 1])
    elect(bloc, election.deputy_round, [0, 0, 0, 0])  # the leader wins the deputy round too
    assert refusal(elections.close_election, election=election, user=bloc.secretariat) == [
        f"“{d[0].name}” trúng cử cả khối trưởng và khối phó; hãy bầu lại khối phó."]
    deputy_round = elections.new_election_round(election=election, purpose=RoundPurpose.DEPUTY, user=bloc.secretariat)
    assert d[0].pk not in set(deputy_round.candidates.values_list("department_id", flat=True))
    elect(bloc, deputy_round, [1, 1, 1, 1])
    elections.close_election(election=election, user=bloc.secretariat)
    assert AuditEvent.objects.filter(event_type="election.round_replaced").count() == 2


def test_next_year_existing_with_the_same_or_no_leaders_is_used(make_bloc):
    bloc = make_bloc(3)
    d = bloc.departments
    empty_next = BlocYearFactory(bloc=bloc.bloc_year.bloc, year=2027)
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.ROTATION,
                                        leader=d[0], deputy=d[1], user=bloc.secretariat)
    closed = elections.close_election(election=election, user=bloc.secretariat)
    empty_next.refresh_from_db()
    assert (closed.next_bloc_year, empty_next.leader, empty_next.deputy) == (empty_next, d[0], d[1])
    assert empty_next.memberships.count() == 3


def test_next_year_existing_with_other_leaders_is_refused(make_bloc):
    bloc = make_bloc(3)
    d = bloc.departments
    taken = BlocYearFactory(bloc=bloc.bloc_year.bloc, year=2027)
    for department in d:
        MembershipFactory(bloc_year=taken, department=department)
    BlocYear.objects.filter(pk=taken.pk).update(leader=d[2], deputy=d[1])
    election = elections.start_election(bloc_year=bloc.bloc_year, method=ElectionMethod.ROTATION,
                                        leader=d[0], deputy=d[1], user=bloc.secretariat)
    assert refusal(elections.close_election, election=election, user=bloc.secretariat) == [
        f"Khối đã có năm thi đua 2027 với khối trưởng, khối phó khác ({d[2].name} / {d[1].name}); "
        "không thể ghi kết quả bầu."]
    assert Election.objects.get().status == ElectionStatus.OPEN
