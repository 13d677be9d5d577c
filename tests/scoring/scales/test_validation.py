"""Scale validation: exact Vietnamese problems for 100- and 1,000-point scales."""
from decimal import Decimal

import pytest

from scoring.domain.scale_checks import format_points, tree_totals, validate_tree
from scoring.domain.scales import scale_totals, validate_scale
from scoring.demo import read_demo_scale
from tests.scoring.scales.conftest import B, P, small_specs, spec

pytestmark = pytest.mark.unit


def check(specs, total=100, bonus_cap=10):
    return validate_tree(specs, total=Decimal(total), bonus_cap=Decimal(bonus_cap))


def thousand_point_specs():
    return [
        spec("A", 400), spec("A.1", 250, parent="A"), spec("A.2", 150, parent="A"),
        spec("B", 350), spec("B.1", 200, parent="B"), spec("B.1.a", 120, parent="B.1"),
        spec("B.1.b", 80, parent="B.1"), spec("B.2", 150, parent="B"),
        spec("C", 250), spec("C.1", 125.5, parent="C"), spec("C.2", 124.5, parent="C"),
        spec("D", 100, B), spec("D.1", 60, B, parent="D"), spec("D.2", 40, B, parent="D"),
        spec("E", 300, P), spec("E.1", 300, P, parent="E"),
    ]


def test_valid_100_point_scale_has_no_problems():
    assert check(small_specs()) == []


def test_demo_100_point_table_is_valid():
    _name, total, cap, specs = read_demo_scale()
    assert (total, cap, len(specs)) == (Decimal("100"), Decimal("10"), 28)
    assert check(specs, total, cap) == []


def test_valid_1000_point_scale_has_no_problems():
    assert check(thousand_point_specs(), total=1000, bonus_cap=100) == []


def test_1000_point_scale_short_of_its_total():
    specs = thousand_point_specs()
    specs[2] = spec("A.2", 140, parent="A")
    specs[0] = spec("A", 390)
    assert check(specs, total=1000, bonus_cap=100) == [
        "Tổng điểm các tiêu chí chấm điểm là 990, khác tổng điểm của thang điểm (1000)."]


def test_bonus_over_the_cap():
    specs = small_specs() + [spec("T.2", 2, B, parent="T")]
    specs[8] = spec("T", 12, B)
    assert check(specs) == ["Tổng điểm thưởng là 12, vượt trần điểm thưởng (10)."]


def test_bonus_cap_of_a_1000_point_scale_is_its_own():
    assert check(thousand_point_specs(), total=1000, bonus_cap=90) == [
        "Tổng điểm thưởng là 100, vượt trần điểm thưởng (90)."]


def test_penalties_are_not_capped_in_total():
    specs = [s for s in small_specs() if s.kind != P] + [spec("TR", 150, P), spec("TR.1", 150, P, parent="TR")]
    assert check(specs) == []


def test_empty_group():
    assert check(small_specs() + [spec("III", 0)]) == ["Nhóm “III” chưa có tiêu chí nào."]


def test_parent_max_differs_from_its_children():
    specs = small_specs()
    specs[2] = spec("I.2", 15, parent="I")
    assert check(specs) == [
        "“I”: điểm tối đa 60 khác tổng điểm các tiêu chí con (55).",
        "Tổng điểm các tiêu chí chấm điểm là 95, khác tổng điểm của thang điểm (100).",
    ]


def test_sub_criterion_sum_with_decimals():
    specs = small_specs()
    specs[5] = spec("II.1.a", 9.5, parent="II.1")
    assert check(specs) == [
        "“II.1”: điểm tối đa 25 khác tổng điểm các tiêu chí con (24,5).",
        "Tổng điểm các tiêu chí chấm điểm là 99,5, khác tổng điểm của thang điểm (100).",
    ]


def test_duplicate_codes():
    specs = small_specs()
    specs[2] = spec("I.1", 20, parent="I")
    assert check(specs)[0] == "Mã “I.1” bị trùng (2 lần)."


def test_child_of_another_kind_than_its_group():
    specs = small_specs()
    specs[2] = spec("I.2", 20, B, parent="I")
    assert check(specs) == [
        "Tiêu chí “I.2” phải cùng loại với nhóm “I” (Tiêu chí chấm điểm).",
        "Tổng điểm các tiêu chí chấm điểm là 80, khác tổng điểm của thang điểm (100).",
        "Tổng điểm thưởng là 30, vượt trần điểm thưởng (10).",
    ]


def test_fourth_level_is_refused():
    specs = small_specs()
    specs[5:6] = [spec("II.1.a", 10, parent="II.1"), spec("II.1.a.x", 10, parent="II.1.a")]
    assert check(specs) == ["“II.1.a.x” quá 3 cấp (nhóm → tiêu chí → tiêu chí con)."]


def test_empty_scale():
    assert check([]) == ["Thang điểm chưa có tiêu chí nào."]


def test_totals_by_kind():
    totals = tree_totals(small_specs(), total=Decimal("100"), bonus_cap=Decimal("10"))
    assert (totals.normal, totals.bonus, totals.penalty) == (Decimal("100"), Decimal("10"), Decimal("5"))


@pytest.mark.parametrize(("value", "text"), [("100.00", "100"), ("2.50", "2,5"), ("0.25", "0,25"), ("1000", "1000")])
def test_points_are_written_the_vietnamese_way(value, text):
    assert format_points(Decimal(value)) == text


@pytest.mark.integration
def test_validate_scale_reads_the_saved_tree(bloc_year_scale):
    assert validate_scale(bloc_year_scale) == []
    bloc_year_scale.criteria.filter(code="I.2").update(max_points=Decimal("15"))
    assert validate_scale(bloc_year_scale) == [
        "“I”: điểm tối đa 60 khác tổng điểm các tiêu chí con (55).",
        "Tổng điểm các tiêu chí chấm điểm là 95, khác tổng điểm của thang điểm (100).",
    ]
    totals = scale_totals(bloc_year_scale)
    assert (totals.total, totals.bonus_cap, totals.normal, totals.bonus, totals.penalty) == (
        Decimal("100"), Decimal("10"), Decimal("95"), Decimal("10"), Decimal("5"))
