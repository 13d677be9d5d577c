"""The demo's Quảng Ngãi 2017 ends in the seeds' outcome, reached through ballots, the election and the
nomination workflow (awards/demo.py)."""
import pytest

from audit.domain.services import verify_chain
from awards.enums import NominationStatus
from awards.models import Nomination, NominationEvent
from blocs.models import BlocYear
from tests.scoring.demo.loading import demo  # noqa: F401 — a fixture
from voting.enums import BallotChannel, BallotRoundStatus, ElectionStatus
from voting.models import Ballot, BallotRound, Election, VoterRollEntry

pytestmark = pytest.mark.integration

BLOC = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    return demo


def _year(year):
    return BlocYear.objects.select_related("leader", "deputy").get(bloc__name=BLOC, year=year)


def test_nominations_match_the_report_and_are_approved_by_the_board(loaded):
    rows = sorted(Nomination.objects.filter(bloc_year=_year(2017)).values_list(
        "award_type__code", "department__name", "status", "ballot_round__status"))
    assert rows == [
        ("bang_khen_chu_tich_tinh", "Kho bạc Nhà nước tỉnh", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
        ("bang_khen_chu_tich_tinh", "Sở Tài chính", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
        ("co_thi_dua_chinh_phu", "Văn phòng HĐND tỉnh", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
        ("co_thi_dua_tinh", "Văn phòng UBND tỉnh", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
    ]
    steps = list(NominationEvent.objects.filter(nomination__department__name="Sở Tài chính")
                 .values_list("to_status", "actor__role"))
    assert steps == [("draft", "secretariat"), ("submitted", "secretariat"), ("under_review", "board"),
                     ("approved", "board")]


def test_every_member_voted_once_in_each_round_and_the_threshold_decided(loaded):
    rounds = BallotRound.objects.filter(bloc_year=_year(2017))
    assert rounds.count() == 5  # three award rounds, the leader round and the deputy round
    for ballot_round in rounds:
        assert VoterRollEntry.objects.filter(round=ballot_round, channel=BallotChannel.ONLINE).count() == 11
        assert Ballot.objects.filter(round=ballot_round).count() == 11
        result = ballot_round.result
        assert (result["electorate"], result["quorum_reached"], result["threshold_votes"]) == (11, True, 6)
        assert all(row["votes"] >= 6 for row in result["counts"] if row["chosen"])


def test_the_election_created_2018_with_its_leader_and_deputy(loaded):
    election = Election.objects.get(bloc_year=_year(2017))
    next_year = _year(2018)
    assert (election.status, election.next_bloc_year_id) == (ElectionStatus.CLOSED, next_year.pk)
    assert (next_year.leader.name, next_year.deputy.name, next_year.phase) == (
        "Ban Dân tộc tỉnh", "Kho bạc Nhà nước tỉnh", "pledge")
    assert next_year.memberships.count() == 11
    assert str(election.flag_handed_over_on) == "2018-01-04"
    assert next_year.scale.copied_from.province_id == next_year.bloc.province_id


def test_audit_chain_still_verifies(loaded):
    assert verify_chain() == []
