"""The pure aggregation rules with exact values: sheet totals, final score, flags, classification, z-scores."""
from decimal import Decimal as D

import pytest

from scoring.domain.aggregation import (ComparisonRow, Member, Node, RankedRow, Rules, SheetInput, build_scale,
                                        classify, compare_rounds, compute_results, final_score, format_points,
                                        inspector_bias, is_discrepant, sheet_total, z_scores)
from scoring.enums import AggregationMethod, Classification, CriterionKind, SheetKind

pytestmark = pytest.mark.unit


def scale(total="100", bonus_cap="10"):
    """I (50 + 30), II (20), III a bonus group whose item is typed normal, IV penalties."""
    return build_scale(total=D(total), bonus_cap=D(bonus_cap), nodes=[
        Node(10, None, "I", "Thực hiện nhiệm vụ", position=1),
        Node(1, 10, "I.1", max_points=D("50"), position=2),
        Node(2, 10, "I.2", max_points=D("30"), position=3),
        Node(20, None, "II", "Công tác thi đua", position=4),
        Node(3, 20, "II.1", max_points=D("20"), position=5),
        Node(30, None, "III", "Điểm thưởng", CriterionKind.BONUS, position=6),
        Node(4, 30, "III.1", max_points=D("15"), position=7),
        Node(40, None, "IV", "Điểm trừ", CriterionKind.PENALTY, position=8),
        Node(5, 40, "IV.1", kind=CriterionKind.PENALTY, max_points=D("10"), position=9),
    ])


def sheet(points, kind=SheetKind.CROSS, scored=1, scorer=2, sheet_id=1):
    return SheetInput(sheet_id=sheet_id, kind=kind, scored_id=scored, scorer_id=scorer,
                      points={k: D(v) for k, v in points.items()})


def test_build_scale_passes_group_kind_down_and_sums_group_maxima():
    shape = scale()
    assert [(g.code, g.kind, g.max_points) for g in shape.groups] == [
        ("I", "normal", D("80")), ("II", "normal", D("20")), ("III", "bonus", D("15")), ("IV", "penalty", D("10"))]
    assert {k: (v.kind, v.group) for k, v in shape.leaves.items()} == {
        1: ("normal", "I"), 2: ("normal", "I"), 3: ("normal", "II"), 4: ("bonus", "III"), 5: ("penalty", "IV")}
    assert shape.first_group == "I"


def test_sheet_total_caps_bonus_and_subtracts_penalties():
    total = sheet_total(sheet({1: "45", 2: "25", 3: "18", 4: "12", 5: "-3"}), scale())
    assert total.total == D("95.00")  # 88 + min(12, 10) − 3
    assert total.groups == {"I": D("70.00"), "II": D("18.00"), "III": D("12.00"), "IV": D("-3.00")}
    assert total.penalties == D("3.00")


def test_sheet_total_bonus_under_the_cap_counts_in_full():
    assert sheet_total(sheet({1: "40", 4: "9.5"}), scale()).total == D("49.50")


def test_sheet_total_is_never_below_zero():
    total = sheet_total(sheet({1: "2", 5: "-10"}), scale())
    assert (total.total, total.penalties) == (D("0.00"), D("10.00"))


def test_sheet_total_ignores_groups_and_criteria_of_other_scales():
    assert sheet_total(sheet({10: "50", 999: "7", 1: "5"}), scale()).total == D("5.00")


@pytest.mark.parametrize(("method", "self_score", "cross", "expected"), [
    (AggregationMethod.MEAN_OF_CROSS, D("99"), [D("90"), D("85"), D("80.50")], D("85.17")),
    (AggregationMethod.MEDIAN_OF_CROSS, None, [D("90"), D("80.50"), D("85")], D("85.00")),
    (AggregationMethod.MEDIAN_OF_CROSS, None, [D("91"), D("80"), D("85"), D("70")], D("82.50")),
    (AggregationMethod.MEAN_OF_SELF_AND_CROSS, D("95"), [D("90"), D("80")], D("90.00")),
    (AggregationMethod.MEAN_OF_SELF_AND_CROSS, D("94.25"), [D("90")], D("92.13")),
    (AggregationMethod.MEAN_OF_SELF_AND_CROSS, None, [D("90"), D("80")], D("85.00")),
    (AggregationMethod.MEAN_OF_CROSS, D("90"), [], None),
])
def test_final_score_by_method(method, self_score, cross, expected):
    assert final_score(self_score=self_score, cross=cross, method=method) == expected


@pytest.mark.parametrize(("self_score", "final", "total", "flagged"), [
    (D("90.00"), D("80.00"), D("100"), False),  # exactly 10 % of the total
    (D("90.01"), D("80.00"), D("100"), True),
    (D("70.00"), D("80.00"), D("100"), False),
    (D("69.99"), D("80.00"), D("100"), True),
    (D("900.00"), D("800.00"), D("1000"), False),
    (D("900.01"), D("800.00"), D("1000"), True),
    (None, D("80.00"), D("100"), False),
    (D("90.00"), None, D("100"), False),
])
def test_discrepancy_is_strictly_more_than_the_percent_of_the_total(self_score, final, total, flagged):
    assert is_discrepant(self_score=self_score, final=final, total=total, percent=D("10")) is flagged


@pytest.mark.parametrize(("final", "total", "expected"), [
    (D("100.00"), D("100"), Classification.EXCELLENT),
    (D("90.00"), D("100"), Classification.EXCELLENT),
    (D("89.99"), D("100"), Classification.GOOD),
    (D("70.00"), D("100"), Classification.GOOD),
    (D("69.99"), D("100"), Classification.COMPLETE),
    (D("50.00"), D("100"), Classification.COMPLETE),
    (D("49.99"), D("100"), Classification.INCOMPLETE),
    (D("0.00"), D("100"), Classification.INCOMPLETE),
    (D("900.00"), D("1000"), Classification.EXCELLENT),
    (D("899.99"), D("1000"), Classification.GOOD),
    (None, D("100"), ""),
])
def test_classification_thresholds_at_the_boundaries(final, total, expected):
    assert classify(final=final, total=total, rules=Rules()) == expected


def test_classification_uses_the_configured_thresholds():
    rules = Rules(excellent_percent=D("95"), good_percent=D("80"), complete_percent=D("60"))
    assert [classify(final=D(v), total=D("100"), rules=rules) for v in ("95", "94.99", "80", "60", "59.99")] == [
        "excellent", "good", "good", "complete", "incomplete"]


def test_format_points_vietnamese():
    assert [format_points(D(v)) for v in ("92.5", "0", "1000", "1234.567", "-3")] == [
        "92,50", "0,00", "1.000,00", "1.234,57", "-3,00"]


def _results_by_name(results):
    return {r.name: r for r in results}


def test_compute_results_exact_values_with_self_and_two_inspectors():
    members = [Member(1, "Sở A"), Member(2, "Sở B"), Member(3, "Sở C")]
    sheets = [
        sheet({1: "48", 2: "28", 3: "18", 4: "5"}, SheetKind.SELF, scored=1, scorer=1, sheet_id=1),  # 99
        sheet({1: "45", 2: "25", 3: "15", 5: "-2"}, scored=1, scorer=2, sheet_id=2),  # 83
        sheet({1: "44", 2: "26", 3: "16", 4: "4", 5: "-1"}, scored=1, scorer=3, sheet_id=3),  # 89
        sheet({1: "40", 2: "20", 3: "10"}, scored=2, scorer=3, sheet_id=4),  # 70
        sheet({1: "30"}, SheetKind.SELF, scored=3, scorer=3, sheet_id=5),
    ]
    results = _results_by_name(compute_results(members=members, sheets=sheets, scale=scale(), rules=Rules()))
    a, b, c = results["Sở A"], results["Sở B"], results["Sở C"]
    assert (a.self_score, [x.total for x in a.cross], a.final) == (D("99.00"), [D("83.00"), D("89.00")], D("86.00"))
    assert [x.inspector_name for x in a.cross] == ["Sở B", "Sở C"]
    assert a.group_scores == {"I": D("70.00"), "II": D("15.50"), "III": D("2.00"), "IV": D("-1.50")}
    assert a.penalty_points == D("1.50")
    assert (a.classification, a.discrepancy) == (Classification.GOOD, True)  # 99 − 86 = 13 > 10
    assert (b.self_score, b.final, b.classification, b.discrepancy) == (None, D("70.00"), "good", False)
    assert (c.self_score, c.cross, c.final, c.classification, c.z_score) == (D("30.00"), [], None, "", None)


def test_z_scores_within_each_inspector_exact():
    cross = [("X", "A", D("80")), ("X", "B", D("90")),  # mean 85, deviation 5
             ("Y", "B", D("88")), ("Y", "C", D("82")),  # mean 85, deviation 3
             ("Z", "A", D("70")), ("Z", "C", D("70"))]  # deviation 0 → z 0
    assert z_scores(cross) == {"A": -0.5, "B": 1.0, "C": -0.5}


def test_z_scores_of_three_sheets_rounded_to_four_places():
    cross = [("X", "A", D("70")), ("X", "B", D("80")), ("X", "C", D("90"))]
    assert z_scores(cross) == {"A": -1.2247, "B": 0.0, "C": 1.2247}


def test_inspector_bias_in_points_harshest_first():
    cross = [("X", "Sở X", D("80")), ("X", "Sở X", D("90")), ("Y", "Sở Y", D("88")), ("Y", "Sở Y", D("82")),
             ("Z", "Sở Z", D("70")), ("Z", "Sở Z", D("70"))]  # overall mean 80
    assert [(b.name, b.sheets, b.mean, b.difference, b.leaning) for b in inspector_bias(cross)] == [
        ("Sở Z", 2, D("70.00"), D("-10.00"), "harsh"),
        ("Sở X", 2, D("85.00"), D("5.00"), "lenient"),
        ("Sở Y", 2, D("85.00"), D("5.00"), "lenient"),
    ]
    assert inspector_bias([]) == []


def test_compare_rounds_difference_and_rank_change():
    mid = [RankedRow(1, "Sở A", D("85.00"), 2), RankedRow(2, "Sở B", D("90.00"), 1), RankedRow(3, "Sở C", D("70.00"), 3)]
    end = [RankedRow(1, "Sở A", D("92.00"), 1), RankedRow(2, "Sở B", D("88.50"), 2), RankedRow(4, "Sở D", D("80.00"), 3)]
    assert compare_rounds(mid_year=mid, year_end=end) == [
        ComparisonRow(1, "Sở A", D("85.00"), 2, D("92.00"), 1, D("7.00"), 1),
        ComparisonRow(2, "Sở B", D("90.00"), 1, D("88.50"), 2, D("-1.50"), -1),
        ComparisonRow(4, "Sở D", None, None, D("80.00"), 3, None, None),
        ComparisonRow(3, "Sở C", D("70.00"), 3, None, None, None, None),
    ]
