"""The demo's points (pure): seeded totals in the reported order, cells that add up to them exactly."""
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.demo import read_demo_scale
from scoring.demo_points import QUARTER, Leaf, member_targets, rng_for, sheet_cells, spread
from scoring.demo_scores import reported_order, scored_years
from scoring.enums import CriterionKind

pytestmark = pytest.mark.unit

LEAVES = [Leaf(code=s.code, kind=s.kind, max_points=s.max_points) for s in read_demo_scale()[3] if s.parent_code]
MAX = {leaf.code: leaf.max_points for leaf in LEAVES}
QUARTERS = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(50) + QUARTER * n)


@settings(max_examples=200, deadline=None)
@given(total=QUARTERS, bonus=st.sampled_from(["0", "0.5", "1", "1.5", "2"]), penalty=st.sampled_from(["0", "1"]),
       seed=st.integers())
def test_sheet_cells_add_up_to_the_total_with_a_reason_for_every_deduction(total, bonus, penalty, seed):
    bonus, penalty = Decimal(bonus), Decimal(penalty)
    # The normal criteria hold between half and all of their 100 points.
    total = min(max(total, Decimal(50) + bonus - penalty), Decimal(100) + bonus - penalty)
    cells = sheet_cells(leaves=LEAVES, total=total, bonus=bonus, penalty=penalty, rng=random.Random(seed))
    assert sum(c.points for c in cells) == total
    normal = [c for c in cells if c.code[0] in "I"]
    assert [c.code for c in normal] == [leaf.code for leaf in LEAVES if leaf.kind == CriterionKind.NORMAL]
    for cell in normal:
        assert MAX[cell.code] / 2 <= cell.points <= MAX[cell.code]
        assert cell.points % QUARTER == 0
        assert bool(cell.comment) == (cell.points < MAX[cell.code])
    extra = [(c.code, c.points) for c in cells if c not in normal]
    assert extra == [("T.3", bonus)] * bool(bonus) + [("TR.3", -penalty)] * bool(penalty)


def test_sheet_cells_are_the_same_for_the_same_seed():
    first = sheet_cells(leaves=LEAVES, total=Decimal("91.75"), rng=rng_for("quang-nam", 2016, "self", "A", "A"))
    again = sheet_cells(leaves=LEAVES, total=Decimal("91.75"), rng=rng_for("quang-nam", 2016, "self", "A", "A"))
    assert first == again
    assert sum(c.points for c in first) == Decimal("91.75")


def test_spread_refuses_more_than_half_of_every_criterion():
    normal = [leaf for leaf in LEAVES if leaf.kind == CriterionKind.NORMAL]
    assert sum(spread(Decimal(50), normal, random.Random(1)).values()) == Decimal(50)
    with pytest.raises(ValueError):
        spread(Decimal("50.25"), normal, random.Random(1))
    with pytest.raises(ValueError):
        spread(Decimal("-0.25"), normal, random.Random(1))


def test_member_targets_follow_the_reported_order_then_named_then_illustrative():
    targets = member_targets(ranked=["A", "B", "C"], others=[["D", "E"], ["F"]], full=Decimal(100),
                             rng=random.Random(7))
    order = list(targets)
    assert order[:3] == ["A", "B", "C"] and set(order[3:5]) == {"D", "E"} and order[5] == "F"
    crosses = [t.cross for t in targets.values()]
    assert all(a > b for a, b in zip(crosses, crosses[1:]))
    assert [t.bonus for t in targets.values()] == [Decimal(2), Decimal("1.5"), Decimal(1), 0, 0, 0]
    assert [t.penalty for t in targets.values()] == [0, 0, 0, 0, 0, Decimal(1)]
    for t in targets.values():
        gap = t.self_total - t.cross
        assert Decimal("0.5") <= gap <= Decimal("3.5") and t.self_total <= Decimal(100) + t.bonus


def test_reported_order_from_a_ranking_or_from_named_nominations():
    assert reported_order({"ranking": ["X", "Y"]}) == ("X", "Y")
    assert reported_order({"nominations": [
        {"award": "bang_khen_chu_tich_tinh", "unit": "C"}, {"award": "co_thi_dua_tinh", "unit": "B"},
        {"award": "co_thi_dua_chinh_phu", "unit": "A"}, {"award": "bang_khen_chu_tich_tinh", "unit": "D"}]}) == (
        "A", "B", "C", "D")
    assert reported_order({"nominations": [{"award": "co_thi_dua_chinh_phu", "count": 1}]}) == ()


def test_scored_years_are_the_completed_years_whose_report_gives_an_order():
    years = {(y.province_code, y.year): y.order for y in scored_years()}
    assert years == {
        ("quang-nam", 2016): ("Sở Thông tin và Truyền thông", "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường"),
        ("quang-ngai", 2017): ("Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"),
    }
