"""The demo's Quảng Nam 2016 ends like Quảng Ngãi 2017, through ballots, the election and the nomination
workflow (awards/demo.py), on the illustrative supplement: the report names the ranking, not the awards, so the
leading unit is proposed for the provincial flag and the second for the certificate of merit. The election
adopts the 2017 year that the demo file already has (leader and deputy agree with the ballot)."""
import pytest

from audit.domain.services import verify_chain
from awards.demo import ILLUSTRATIVE_AWARDS, ILLUSTRATIVE_NOTE, year_ends
from awards.enums import NominationStatus
from awards.models import Nomination, NominationEvent
from blocs.models import BlocYear
from tests.scoring.demo.loading import demo  # noqa: F401 — a fixture
from voting.enums import BallotRoundStatus, ElectionStatus, RoundPurpose
from voting.models import Ballot, BallotRound, Election

pytestmark = pytest.mark.integration

BLOC = "Khối thi đua Kinh tế ngành"


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    return demo


def _year(year):
    return BlocYear.objects.select_related("leader", "deputy").get(bloc__province__code="quang-nam", bloc__name=BLOC,
                                                                   year=year)


@pytest.mark.unit
def test_the_supplement_is_read_from_the_reports_ranking():
    targets = {(t.province_code, t.year): t for t in year_ends()}
    assert set(targets) == {("quang-nam", 2016), ("quang-ngai", 2017)}  # Nam Định 2022 names only counts
    quang_nam = targets["quang-nam", 2016]
    assert ILLUSTRATIVE_AWARDS["quang-nam", 2016] == {"co_thi_dua_tinh": [1], "bang_khen_chu_tich_tinh": [2]}
    assert (quang_nam.awards, quang_nam.next_leader, quang_nam.next_deputy, quang_nam.illustrative) == (
        {"co_thi_dua_tinh": ["Sở Thông tin và Truyền thông"], "bang_khen_chu_tich_tinh": ["Sở Giao thông vận tải"]},
        "Sở Tài nguyên và Môi trường", "Sở Công Thương", True)
    assert targets["quang-ngai", 2017].illustrative is False


def test_nominations_are_approved_by_the_board_and_labelled_illustrative(loaded):
    nominations = Nomination.objects.filter(bloc_year=_year(2016)).select_related("award_type", "department",
                                                                                  "ballot_round")
    rows = sorted((n.award_type.code, n.department.name, n.status, n.ballot_round.status) for n in nominations)
    assert rows == [
        ("bang_khen_chu_tich_tinh", "Sở Giao thông vận tải", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
        ("co_thi_dua_tinh", "Sở Thông tin và Truyền thông", NominationStatus.APPROVED, BallotRoundStatus.CLOSED),
    ]
    for nomination in nominations:
        assert ILLUSTRATIVE_NOTE in nomination.summary
        assert nomination.eligibility["eligible"] is True  # the 2003 rules in force on 31/12/2016
        assert nomination.eligibility["judged_on"] == "2016-12-31"
    flag = nominations.get(award_type__code="co_thi_dua_tinh")
    steps = list(NominationEvent.objects.filter(nomination=flag).values_list("to_status", "actor__role"))
    assert steps == [("draft", "secretariat"), ("submitted", "secretariat"), ("under_review", "board"),
                     ("approved", "board")]


def test_every_member_voted_in_each_round_and_the_ballot_chose_the_ranked_units(loaded):
    rounds = BallotRound.objects.filter(bloc_year=_year(2016)).select_related("award_type")
    assert sorted((r.purpose, r.award_type.code if r.award_type else None) for r in rounds) == sorted([
        (RoundPurpose.AWARD, "co_thi_dua_tinh"), (RoundPurpose.AWARD, "bang_khen_chu_tich_tinh"),
        (RoundPurpose.LEADER, None), (RoundPurpose.DEPUTY, None)])
    for ballot_round in rounds:
        assert Ballot.objects.filter(round=ballot_round).count() == 6
        result = ballot_round.result
        assert (result["electorate"], result["quorum_reached"], result["threshold_votes"]) == (6, True, 4)
        assert ballot_round.conference.date.isoformat() == "2017-02-24"


def test_the_election_adopted_the_existing_2017_with_its_leader_and_deputy(loaded):
    election = Election.objects.get(bloc_year=_year(2016))
    next_year = _year(2017)
    assert (election.status, election.next_bloc_year_id, election.leader.name, election.deputy.name) == (
        ElectionStatus.CLOSED, next_year.pk, "Sở Tài nguyên và Môi trường", "Sở Công Thương")
    assert (next_year.leader.name, next_year.deputy.name, next_year.phase) == (
        "Sở Tài nguyên và Môi trường", "Sở Công Thương", "pledge")
    assert next_year.memberships.count() == 6
    assert str(election.flag_handed_over_on) == "2017-02-24"


def test_audit_chain_still_verifies(loaded):
    assert verify_chain() == []
