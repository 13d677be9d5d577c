"""The dashboard lists the scoring work that waits for each role."""
import pytest
from django.urls import reverse

from scoring.enums import PledgeStatus, RoundStatus, SheetKind
from scoring.models import Pledge, ScaleAmendment
from tests.factories.scoring import RoundFactory, ScaleFactory, SheetFactory

pytestmark = pytest.mark.integration


def _waiting(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.context


def test_leader_sees_the_open_pledge_to_sign_until_it_signs(world, client):
    pledge = Pledge.objects.create(bloc_year=world.own, status=PledgeStatus.OPEN, contents="Giao ước")
    context = _waiting(client, world.leader)
    assert [p.pk for p in context["pledges_to_sign"]] == [pledge.pk]
    body = client.get(reverse("dashboard")).content.decode()
    assert f"Ký giao ước thi đua: {world.own.bloc.name} – 2026" in body
    pledge.signatures.create(department=world.leader.department, signed_by=world.leader,
                             signed_at="2026-02-01T08:00:00+07:00")
    assert list(_waiting(client, world.leader)["pledges_to_sign"]) == []
    assert list(_waiting(client, world.other_officer)["pledges_to_sign"]) == []


def test_officer_sees_the_sheets_its_department_fills_in_open_rounds(world, client):
    round_ = RoundFactory(bloc_year=world.own, status=RoundStatus.OPEN)
    mine = SheetFactory(round=round_, scored=world.officer.department)
    cross = SheetFactory(round=round_, kind=SheetKind.CROSS, scored=world.own_departments[0],
                         scorer=world.officer.department)
    SheetFactory(round=round_, scored=world.own_departments[0])  # another department's self sheet
    context = _waiting(client, world.officer)
    assert sorted(s.pk for s in context["sheets_to_fill"]) == sorted([mine.pk, cross.pk])
    body = client.get(reverse("dashboard")).content.decode()
    assert f"Tự chấm điểm: {world.officer.department.name}" in body
    assert reverse("scoring:sheet", args=[cross.pk]) in body
    round_.status = RoundStatus.CLOSED
    round_.save()
    assert list(_waiting(client, world.officer)["sheets_to_fill"]) == []


def test_board_sees_amendments_to_decide_in_its_province_only(world, client):
    scale = ScaleFactory(bloc_year=world.own)
    amendment = ScaleAmendment.objects.create(scale=scale, change={"op": "update"}, reason="Sửa",
                                              requested_by=world.secretariat)
    assert [a.pk for a in _waiting(client, world.board)["amendments_to_decide"]] == [amendment.pk]
    assert list(_waiting(client, world.far_board)["amendments_to_decide"]) == []


def test_member_staff_see_open_ballot_rounds_until_their_department_votes(world, client):
    from tests.factories.voting import BallotRoundFactory, CandidateFactory
    from voting.enums import BallotRoundStatus
    from voting.models import VoterRollEntry

    ballot_round = BallotRoundFactory(bloc_year=world.own, status=BallotRoundStatus.OPEN, title="Bầu xếp hạng")
    CandidateFactory(round=ballot_round, department=world.own_departments[0])
    assert [r.pk for r in _waiting(client, world.officer)["rounds_to_vote"]] == [ballot_round.pk]
    assert f"Bỏ phiếu kín: Bầu xếp hạng ({world.own.bloc.name})" in client.get(reverse("dashboard")).content.decode()
    assert list(_waiting(client, world.other_officer)["rounds_to_vote"]) == []
    VoterRollEntry.objects.create(round=ballot_round, department=world.officer.department, channel="online")
    assert list(_waiting(client, world.officer)["rounds_to_vote"]) == []


def test_board_sees_submitted_nominations_and_secretariat_returned_ones(world, client):
    from awards.enums import NominationStatus
    from tests.factories.awards import NominationFactory

    submitted = NominationFactory(bloc_year=world.own, department=world.own_departments[0],
                                  status=NominationStatus.SUBMITTED)
    returned = NominationFactory(bloc_year=world.own, department=world.own_departments[1],
                                 status=NominationStatus.RETURNED)
    assert [n.pk for n in _waiting(client, world.board)["nominations_waiting"]] == [submitted.pk]
    assert returned.pk in [n.pk for n in _waiting(client, world.secretariat)["nominations_waiting"]]
    assert list(_waiting(client, world.far_board)["nominations_waiting"]) == []
    assert list(_waiting(client, world.officer)["nominations_waiting"]) == []
