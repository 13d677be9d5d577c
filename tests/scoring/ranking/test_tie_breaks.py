"""Ranking with the tie-break chain: resolved by the first group, by fewer penalties, or left to a ballot,
with the exact printed trace of each tie."""
from decimal import Decimal as D

import pytest

from scoring.domain.aggregation import MemberResult
from scoring.domain.tie_breaks import competition_ranks, join_names, rank_members

pytestmark = pytest.mark.unit

CHAIN = ("first_group", "fewer_penalties", "ballot")


def member(name, final, group_i="0", penalties="0", department_id=None):
    return MemberResult(department_id=department_id or hash(name), name=name,
                        final=None if final is None else D(final),
                        group_scores={"I": D(group_i), "II": D("0")}, penalty_points=D(penalties))


def ranked(results, chain=CHAIN):
    return [(r.name, r.rank) for r in rank_members(results, first_group="I", chain=chain)]


def test_no_tie_ranks_by_final_score_without_trace():
    results = [member("Sở A", "80"), member("Sở B", "95.5"), member("Sở C", "90")]
    assert ranked(results) == [("Sở B", 1), ("Sở C", 2), ("Sở A", 3)]
    assert [r.trace for r in results] == [[], [], []]


def test_tie_resolved_by_first_group():
    a, b = member("Sở A", "92.50", group_i="48"), member("Sở B", "92.50", group_i="47.50")
    results = [member("Sở C", "95"), b, a, member("Sở D", "80")]
    assert ranked(results) == [("Sở C", 1), ("Sở A", 2), ("Sở B", 3), ("Sở D", 4)]
    text = "Sở A và Sở B bằng 92,50 điểm; phân định bằng điểm nhóm I: 48,00 > 47,50"
    assert a.trace == b.trace == [{"text": text, "needs_ballot": False}]


def test_tie_resolved_by_fewer_penalties_when_first_group_is_equal():
    a, b = member("Sở A", "92.50", "48", penalties="2"), member("Sở B", "92.50", "48", penalties="0.5")
    assert ranked([a, b]) == [("Sở B", 1), ("Sở A", 2)]
    assert a.trace[0]["text"] == ("Sở B và Sở A bằng 92,50 điểm; điểm nhóm I bằng nhau (48,00); "
                                  "phân định bằng số điểm trừ ít hơn: 0,50 < 2,00")
    assert not a.needs_ballot


def test_unresolved_tie_goes_to_ballot_with_equal_rank():
    a, b = member("Sở A", "92.50", "48", "1"), member("Sở B", "92.50", "48", "1")
    results = [member("Sở X", "95"), b, a, member("Sở C", "90"), member("Sở Mới", None)]
    assert ranked(results) == [("Sở X", 1), ("Sở A", 2), ("Sở B", 2), ("Sở C", 4), ("Sở Mới", None)]
    text = ("Sở A và Sở B bằng 92,50 điểm; điểm nhóm I bằng nhau (48,00); số điểm trừ bằng nhau (1,00); "
            "chưa phân định được, cần bỏ phiếu")
    assert a.trace == b.trace == [{"text": text, "needs_ballot": True}]
    assert (a.needs_ballot, b.needs_ballot) == (True, True)


def test_three_way_tie_partly_resolved_at_each_step():
    a = member("Sở A", "92.50", "48", "3")
    b = member("Sở B", "92.50", "47.50", "1")
    c = member("Sở C", "92.50", "47.50", "0")
    assert ranked([a, b, c]) == [("Sở A", 1), ("Sở C", 2), ("Sở B", 3)]
    assert a.trace[0]["text"] == (
        "Sở A, Sở C và Sở B bằng 92,50 điểm; phân định bằng điểm nhóm I: 48,00 > 47,50 = 47,50; "
        "Sở C và Sở B bằng nhau về điểm nhóm I (47,50); phân định bằng số điểm trừ ít hơn: 0,00 < 1,00")


def test_three_way_tie_with_two_left_for_the_ballot():
    a, b, c = member("Sở A", "90", "40"), member("Sở B", "90", "45"), member("Sở C", "90", "40")
    results = [member("Sở D", "70"), a, b, c]
    assert ranked(results) == [("Sở B", 1), ("Sở A", 2), ("Sở C", 2), ("Sở D", 4)]
    assert (a.needs_ballot, b.needs_ballot, c.needs_ballot) == (True, False, True)
    assert b.trace[0]["text"] == (
        "Sở B, Sở A và Sở C bằng 90,00 điểm; phân định bằng điểm nhóm I: 45,00 > 40,00 = 40,00; "
        "Sở A và Sở C bằng nhau về điểm nhóm I (40,00); số điểm trừ bằng nhau (0,00); "
        "chưa phân định được, cần bỏ phiếu")


def test_chain_without_ballot_leaves_an_unmarked_equal_rank():
    a, b = member("Sở A", "80", "40", "1"), member("Sở B", "80", "40", "0")
    assert ranked([a, b], chain=("first_group",)) == [("Sở A", 1), ("Sở B", 1)]
    assert a.trace == [{"text": "Sở A và Sở B bằng 80,00 điểm; điểm nhóm I bằng nhau (40,00); chưa phân định được",
                        "needs_ballot": False}]


def test_configured_chain_order_is_followed():
    a, b = member("Sở A", "80", "45", "2"), member("Sở B", "80", "40", "0")
    assert ranked([a, b], chain=("fewer_penalties", "first_group", "ballot")) == [("Sở B", 1), ("Sở A", 2)]
    assert a.trace[0]["text"] == "Sở B và Sở A bằng 80,00 điểm; phân định bằng số điểm trừ ít hơn: 0,00 < 2,00"


def test_ballot_first_in_chain_sends_every_tie_to_the_ballot():
    a, b = member("Sở A", "80", "45"), member("Sở B", "80", "40")
    assert ranked([a, b], chain=("ballot", "first_group")) == [("Sở A", 1), ("Sở B", 1)]
    assert a.trace[0] == {"text": "Sở A và Sở B bằng 80,00 điểm; chưa phân định được, cần bỏ phiếu",
                          "needs_ballot": True}


def test_competition_ranks_and_names():
    assert competition_ranks([["a"], ["b", "c"], ["d"], ["e", "f", "g"], ["h"]]) == [1, 2, 4, 5, 8]
    assert [join_names(n) for n in (["A"], ["A", "B"], ["A", "B", "C"])] == ["A", "A và B", "A, B và C"]
