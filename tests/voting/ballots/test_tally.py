"""The counting rule on exact numbers: quorum (at least 2/3 of ALL members), threshold (votes strictly
above half of ALL members), places, and ties at the boundary. No database."""
import pytest

from voting.domain.tally import Entrant, Outcome, count_votes

pytestmark = pytest.mark.unit

A, B, C, D = (Entrant(candidate=10 + i, department=100 + i, name=name, position=i + 1)
              for i, name in enumerate(["Sở A", "Sở B", "Sở C", "Sở D"]))


def ballots(*choices, blank=0, invalid=0):
    """Ballots from their choices given as strings of letters: "AB" votes for A and B."""
    ids = {"A": A.candidate, "B": B.candidate, "C": C.candidate, "D": D.candidate}
    return ([([ids[x] for x in letters], True) for letters in choices]
            + [([], True)] * blank + [([], False)] * invalid)


def count(cast, *, electorate, seats=1, quorum=(2, 3), threshold=(1, 2), entrants=(A, B, C, D)):
    return count_votes(entrants=list(entrants), ballots=cast, electorate=electorate, seats=seats, quorum=quorum,
                       threshold=threshold)


def votes(result):
    return {row["name"]: row["votes"] for row in result["counts"]}


def test_six_members_four_voters_is_exactly_two_thirds_so_quorum():
    result = count(ballots("A", "A", "A", "A"), electorate=6)
    assert (result["cast"], result["quorum_needed"], result["quorum_reached"]) == (4, 4, True)


def test_six_members_three_voters_is_below_quorum_and_nobody_is_chosen():
    result = count(ballots("A", "A", "A"), electorate=6)
    assert (result["quorum_reached"], result["chosen"], result["outcome"]) == (False, [], Outcome.NO_QUORUM)
    assert votes(result)["Sở A"] == 3
    assert [row["chosen"] for row in result["counts"]] == [False] * 4


def test_six_members_three_votes_is_exactly_half_so_not_chosen():
    result = count(ballots("A", "A", "A", "B", "B"), electorate=6)
    assert result["threshold_votes"] == 4
    assert (result["chosen"], result["outcome"]) == ([], Outcome.NONE_CHOSEN)


def test_six_members_four_votes_is_over_half_so_chosen():
    result = count(ballots("A", "A", "A", "A", "B"), electorate=6)
    assert (result["chosen"], result["outcome"]) == ([A.department], Outcome.CHOSEN)
    assert [(row["name"], row["votes"], row["chosen"]) for row in result["counts"]] == [
        ("Sở A", 4, True), ("Sở B", 1, False), ("Sở C", 0, False), ("Sở D", 0, False)]


def test_threshold_is_on_total_membership_not_on_those_who_voted():
    # 4 of 6 voted; 3 votes are 3/4 of the voters but exactly half of the members: not chosen.
    result = count(ballots("A", "A", "A", "B"), electorate=6)
    assert result["quorum_reached"] is True
    assert result["chosen"] == []


def test_eleven_members_quorum_needs_eight_and_a_candidate_six_votes():
    seven = count(ballots(*["A"] * 7), electorate=11)
    assert (seven["quorum_needed"], seven["quorum_reached"]) == (8, False)
    eight = count(ballots(*["A"] * 5, "B", "B", "B"), electorate=11)
    assert (eight["quorum_reached"], eight["threshold_votes"], eight["chosen"]) == (True, 6, [])
    six = count(ballots(*["A"] * 6, "B", "B"), electorate=11)
    assert six["chosen"] == [A.department]


def test_nine_members_six_voters_is_exactly_two_thirds():
    assert count(ballots(*["A"] * 6), electorate=9)["quorum_reached"] is True
    assert count(ballots(*["A"] * 5), electorate=9)["quorum_reached"] is False


def test_blank_and_invalid_ballots_count_for_quorum_not_for_candidates():
    result = count(ballots("A", "A", blank=1, invalid=1), electorate=6)
    assert (result["cast"], result["valid"], result["blank"], result["invalid"]) == (4, 2, 1, 1)
    assert result["quorum_reached"] is True
    assert votes(result)["Sở A"] == 2


def test_configurable_fractions():
    # A province with a quorum of 1/2 and a threshold of 2/3: 10 members, 5 voted, 7 votes needed.
    result = count(ballots(*["AB"] * 5), electorate=10, quorum=(1, 2), threshold=(2, 3), seats=2)
    assert (result["quorum_needed"], result["quorum_reached"], result["threshold_votes"]) == (5, True, 7)
    assert result["chosen"] == []
    # exactly 2/3 of 9 = 6 votes is not enough; 7 is.
    six = count(ballots(*["A"] * 6, "B", "B", "B"), electorate=9, threshold=(2, 3))
    seven = count(ballots(*["A"] * 7, "B", "B"), electorate=9, threshold=(2, 3))
    assert (six["chosen"], seven["chosen"]) == ([], [A.department])


def test_most_votes_first_up_to_the_seats():
    result = count(ballots("ABC", "ABC", "ABD", "AB", "AC", "BC"), electorate=6, seats=2)
    # A 5, B 5, C 4, D 1; threshold 4: A, B, C pass; two places; A and B tie but both within the places.
    assert (result["chosen"], result["tied"], result["outcome"]) == ([A.department, B.department], [], "chosen")


def test_tie_for_the_last_place_opens_a_runoff_for_that_place():
    result = count(ballots("AB", "AB", "AC", "AC", "BC"), electorate=6, seats=2)
    # A 4, B 3, C 3; threshold 4: only A passes → A chosen, no tie over the threshold.
    assert (result["chosen"], result["tied"]) == ([A.department], [])
    result = count(ballots("AB", "AB", "AC", "AC", "BC", "BC"), electorate=6, seats=2)
    # A 4, B 4, C 4: all pass, three for two places, all tied at the boundary → none chosen, run-off for 2.
    assert (result["chosen"], result["tied"], result["remaining_seats"]) == (
        [], [A.department, B.department, C.department], 2)
    assert result["outcome"] == Outcome.RUNOFF


def test_tie_below_a_chosen_candidate_keeps_the_chosen_one():
    result = count(ballots("ABC", "ABC", "ABC", "ABC", "AB", "AC"), electorate=6, seats=2)
    # A 6, B 5, C 5: A chosen; B and C tie for the second place.
    assert (result["chosen"], result["tied"], result["remaining_seats"]) == (
        [A.department], [B.department, C.department], 1)
    assert [(r["name"], r["chosen"], r["tied"]) for r in result["counts"][:3]] == [
        ("Sở A", True, False), ("Sở B", False, True), ("Sở C", False, True)]


def test_tie_for_a_single_seat():
    result = count(ballots("A", "A", "A", "A", "B", "B", "B", "B"), electorate=8, seats=1,
                   entrants=(A, B))
    # 4 of 8 is exactly half: nobody passes, so no run-off (the tie is not over the threshold).
    assert (result["chosen"], result["tied"], result["outcome"]) == ([], [], Outcome.NONE_CHOSEN)
    result = count(ballots(*["AB"] * 7), electorate=8, seats=1, entrants=(A, B))
    assert (result["chosen"], result["tied"], result["remaining_seats"]) == ([], [A.department, B.department], 1)


def test_no_members_no_quorum():
    assert count([], electorate=0)["quorum_reached"] is False
