"""Casting ballots online and on paper: one per member department, the checks, receipts."""
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from tests.factories.accounts import UserFactory, board_user, leader_user
from voting.domain import ballots, rounds, tally
from voting.domain.receipts import receipt_hash
from voting.enums import BallotChannel, BallotRoundStatus
from voting.models import Ballot, VoterRollEntry

pytestmark = pytest.mark.integration


def refused(call, **kwargs):
    before = (Ballot.objects.count(), VoterRollEntry.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert (Ballot.objects.count(), VoterRollEntry.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.messages


def test_a_ballot_writes_a_roll_entry_and_an_anonymous_ballot(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round(choices_allowed=2)
    candidates = list(round_.candidates.all())
    code = ballots.cast_ballot(round=round_, user=bloc.voters[1], choices=[candidates[2], candidates[0]])
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{10}", code)
    assert list(VoterRollEntry.objects.values_list("round_id", "department_id", "channel")) == [
        (round_.pk, bloc.departments[1].pk, "online")]
    ballot = Ballot.objects.get()
    assert (ballot.round_id, ballot.choices, ballot.is_valid, ballot.receipt_hash) == (
        round_.pk, sorted([candidates[0].pk, candidates[2].pk]), True, receipt_hash(code))
    assert ballot.pk.version == 4
    event = AuditEvent.objects.get(event_type="ballot_round.voted")
    assert (event.actor_id, event.object_type, event.new_value) == (
        bloc.voters[1].pk, "voting.voterrollentry",
        {"round": round_.pk, "department": bloc.departments[1].pk, "channel": "online"})


def test_choices_may_be_candidates_ids_or_departments_and_a_blank_ballot_is_allowed(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round(choices_allowed=1)
    first = round_.candidates.first()
    ballots.cast_ballot(round=round_, user=bloc.voters[0], choices=[first.pk])
    ballots.cast_ballot(round=round_, user=bloc.voters[1], choices=[bloc.departments[0]])
    ballots.cast_ballot(round=round_, user=bloc.voters[2], choices=[])
    assert sorted(Ballot.objects.values_list("choices", flat=True), key=len) == [[], [first.pk], [first.pk]]


def test_a_department_cannot_vote_twice_whoever_signs_in(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round()
    ballots.cast_ballot(round=round_, user=bloc.voters[0], choices=[])
    colleague = leader_user(bloc.departments[0])
    assert refused(ballots.cast_ballot, round=round_, user=colleague, choices=[]) == [
        f"{bloc.departments[0].name} đã bỏ phiếu trong vòng này; mỗi đơn vị chỉ có một phiếu."]
    assert refused(ballots.record_paper_ballot, round=round_, department=bloc.departments[0], choices=[],
                   user=bloc.secretariat) == [
        f"{bloc.departments[0].name} đã bỏ phiếu trong vòng này; mỗi đơn vị chỉ có một phiếu."]


def test_the_database_refuses_a_second_roll_entry(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round()
    VoterRollEntry.objects.create(round=round_, department=bloc.departments[0], channel=BallotChannel.ONLINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterRollEntry.objects.create(round=round_, department=bloc.departments[0], channel=BallotChannel.PAPER)


@pytest.mark.parametrize(("choices", "message"), [
    ([1], "Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."),
    ("abc", "Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."),
    ([True], "Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."),
    (None, "Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."),
])
def test_choices_outside_the_candidates_are_refused(make_bloc, choices, message):
    bloc = make_bloc(3)
    round_ = bloc.round(candidates=bloc.departments[:2])
    if choices == [1]:
        choices = [bloc.departments[2]]  # a member, but not a candidate
    assert refused(ballots.cast_ballot, round=round_, user=bloc.voters[0], choices=choices) == [message]


def test_too_many_or_repeated_choices_are_refused(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round(choices_allowed=2)
    ids = list(round_.candidates.values_list("pk", flat=True))
    assert refused(ballots.cast_ballot, round=round_, user=bloc.voters[0], choices=ids) == [
        "Phiếu chỉ được chọn tối đa 2 đơn vị (đã chọn 3)."]
    assert refused(ballots.cast_ballot, round=round_, user=bloc.voters[0], choices=[ids[0], ids[0]]) == [
        "Mỗi đơn vị chỉ được chọn một lần trên phiếu."]


def test_only_staff_of_a_member_department_vote(make_bloc):
    bloc = make_bloc(3)
    other = make_bloc(2)
    round_ = bloc.round()
    for user in (board_user(bloc.bloc_year.bloc.province), UserFactory(is_superuser=True)):
        assert refused(ballots.cast_ballot, round=round_, user=user, choices=[]) == [
            "Chỉ cán bộ của đơn vị thành viên mới bỏ phiếu thay mặt đơn vị."]
    assert refused(ballots.cast_ballot, round=round_, user=other.voters[0], choices=[]) == [
        f"“{other.departments[0].name}” không phải đơn vị thành viên của khối trong năm, không có phiếu."]


def test_draft_closed_and_cancelled_rounds_refuse_ballots(make_bloc):
    bloc = make_bloc(3)
    draft = bloc.round(opened=False)
    assert refused(ballots.cast_ballot, round=draft, user=bloc.voters[0], choices=[]) == ["Vòng bỏ phiếu chưa mở."]
    closed = bloc.round()
    for voter in bloc.voters[:2]:
        ballots.cast_ballot(round=closed, user=voter, choices=[])
    tally.close_round(round=closed, user=bloc.secretariat)
    assert refused(ballots.cast_ballot, round=closed, user=bloc.voters[2], choices=[]) == [
        "Vòng bỏ phiếu đã kiểm phiếu xong, không nhận thêm phiếu."]
    assert refused(ballots.record_paper_ballot, round=closed, department=bloc.departments[2], choices=[],
                   user=bloc.secretariat) == ["Vòng bỏ phiếu đã kiểm phiếu xong, không nhận thêm phiếu."]
    cancelled = rounds.cancel_round(round=bloc.round(), user=bloc.secretariat)
    assert refused(ballots.cast_ballot, round=cancelled, user=bloc.voters[0], choices=[]) == [
        "Vòng bỏ phiếu đã bị hủy."]


def test_paper_ballots_say_paper_on_the_roll_and_may_be_invalid(make_bloc):
    bloc = make_bloc(4)
    round_ = bloc.round(choices_allowed=2)
    first = round_.candidates.first()
    ballots.record_paper_ballot(round=round_, department=bloc.departments[2], choices=[first],
                                user=bloc.secretariat)
    ballots.record_paper_ballot(round=round_, department=bloc.departments[3], choices=[first], valid=False,
                                user=bloc.secretariat)
    assert sorted(VoterRollEntry.objects.values_list("department_id", "channel")) == [
        (bloc.departments[2].pk, "paper"), (bloc.departments[3].pk, "paper")]
    assert sorted(Ballot.objects.values_list("choices", "is_valid")) == [([], False), ([first.pk], True)]
    assert [e.new_value["channel"] for e in AuditEvent.objects.filter(event_type="ballot_round.voted")] == [
        "paper", "paper"]


def test_a_receipt_code_finds_its_ballot(make_bloc):
    bloc = make_bloc(3)
    round_ = bloc.round()
    code = ballots.cast_ballot(round=round_, user=bloc.voters[0], choices=[])
    assert ballots.verify_receipt(round=round_, code=code) is True
    assert ballots.verify_receipt(round=round_, code=f" {code[:5].lower()}-{code[5:]} ") is True
    assert ballots.verify_receipt(round=round_, code="AAAAAAAAAA") is False
    assert ballots.verify_receipt(round=bloc.round(), code=code) is False  # another round's box
    ballots.cast_ballot(round=round_, user=bloc.voters[1], choices=[])
    tally.close_round(round=round_, user=bloc.secretariat)
    assert ballots.verify_receipt(round=round_, code=code) is True
    cancelled = bloc.round()
    other_code = ballots.cast_ballot(round=cancelled, user=bloc.voters[0], choices=[])
    rounds.cancel_round(round=cancelled, user=bloc.secretariat)
    assert ballots.verify_receipt(round=cancelled, code=other_code) is False
    assert cancelled.status == BallotRoundStatus.CANCELLED
