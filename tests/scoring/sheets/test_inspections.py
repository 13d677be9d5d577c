"""Inspection assignments: the invariants hold for every feasible bloc size and k; infeasible k is refused."""
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from scoring.domain.inspections import adjust_inspection, generate_inspections, max_inspectors
from scoring.domain.sheets import save_score
from scoring.enums import SheetKind
from scoring.models import Inspection, ScoreSheet

feasible = st.integers(min_value=2, max_value=20).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=1, max_value=min(3, max_inspectors(n)))))


def _assert_invariants(pairs, members, k):
    n = len(members)
    assert len(pairs) == n * k
    assert len(set(pairs)) == len(pairs)  # no duplicate assignment
    assert all(a != b for a, b in pairs)  # never itself
    assert set(a for a, _ in pairs) | set(b for _, b in pairs) <= set(members)
    inspected_by = Counter(b for _, b in pairs)
    inspects = Counter(a for a, _ in pairs)
    assert {m: inspected_by[m] for m in members} == dict.fromkeys(members, k)
    assert {m: inspects[m] for m in members} == dict.fromkeys(members, k)  # load: all equal, so diff ≤ 1
    if n > 2:
        assert not any((b, a) in set(pairs) for a, b in pairs)  # no reciprocal pair


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(feasible, st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_assignments_keep_every_invariant(n_and_k, seed):
    n, k = n_and_k
    members = [f"Sở {i}" for i in range(n)]
    _assert_invariants(generate_inspections(members=members, k=k, seed=seed), members, k)


@pytest.mark.unit
@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=20), st.integers(min_value=-1, max_value=3), st.integers(0, 1000))
def test_infeasible_k_is_refused_feasible_is_built(n, k, seed):
    members = list(range(n))
    if n >= 2 and 1 <= k <= max_inspectors(n):
        _assert_invariants(generate_inspections(members=members, k=k, seed=seed), members, k)
    else:
        with pytest.raises(ValidationError):
            generate_inspections(members=members, k=k, seed=seed)


@pytest.mark.unit
def test_feasibility_bound_and_messages():
    assert [max_inspectors(n) for n in range(1, 9)] == [0, 1, 1, 1, 2, 2, 3, 3]
    with pytest.raises(ValidationError) as exc:
        generate_inspections(members=[1, 2, 3, 4], k=2, seed=1)
    assert exc.value.messages == [
        "Không thể phân công 2 đơn vị kiểm tra cho mỗi thành viên trong khối 4 thành viên: tối đa là 1 "
        "(không đơn vị nào tự kiểm tra mình và hai đơn vị không kiểm tra lẫn nhau)."]
    with pytest.raises(ValidationError) as exc:
        generate_inspections(members=[1], k=1, seed=1)
    assert exc.value.messages == ["Khối cần ít nhất 2 đơn vị thành viên để kiểm tra chéo."]
    with pytest.raises(ValidationError) as exc:
        generate_inspections(members=[1, 1, 2], k=1, seed=1)
    assert exc.value.messages == ["Danh sách thành viên có đơn vị trùng lặp."]


@pytest.mark.unit
def test_two_members_inspect_each_other():
    assert sorted(generate_inspections(members=["A", "B"], k=1, seed=3)) == [("A", "B"), ("B", "A")]


@pytest.mark.unit
def test_seed_makes_it_reproducible_and_varies_the_order():
    members = list(range(10))
    assert generate_inspections(members=members, k=2, seed=5) == generate_inspections(members=members, k=2, seed=5)
    plans = {tuple(generate_inspections(members=members, k=1, seed=s)) for s in range(20)}
    assert len(plans) > 1


# --- adjusting by hand --------------------------------------------------------------------------------


def _inspection_of(w, inspected):
    return Inspection.objects.get(round=w.round, inspected=inspected)


def _free_candidates(w, inspection):
    """Members that may take over `inspection`: not the inspected, not already inspecting it, and not
    inspected by it (no reciprocal pair)."""
    a = inspection.inspected
    taken = set(Inspection.objects.filter(round=w.round, inspected=a).values_list("inspector_id", flat=True))
    inspected_by_a = set(Inspection.objects.filter(round=w.round, inspector=a).values_list("inspected_id", flat=True))
    return [d for d in w.own_departments if d != a and d.pk not in taken and d.pk not in inspected_by_a]


@pytest.mark.integration
def test_adjust_moves_the_assignment_and_rebuilds_the_sheet(scoring5):
    w = scoring5
    a = w.own_departments[0]
    inspection = _inspection_of(w, a)  # 5 members, k=1: a cycle
    old = inspection.inspector
    new = _free_candidates(w, inspection)[0]
    old_sheet = ScoreSheet.objects.get(round=w.round, kind=SheetKind.CROSS, scored=a, scorer=old)
    before = AuditEvent.objects.count()
    adjust_inspection(inspection=inspection, new_inspector=new, user=w.secretariat)
    inspection.refresh_from_db()
    assert (inspection.inspector, inspection.adjusted) == (new, True)
    assert not ScoreSheet.objects.filter(pk=old_sheet.pk).exists()
    new_sheet = ScoreSheet.objects.get(round=w.round, kind=SheetKind.CROSS, scored=a, scorer=new)
    event = AuditEvent.objects.order_by("id").last()
    assert AuditEvent.objects.count() == before + 1
    assert (event.event_type, event.old_value, event.new_value) == (
        "inspection.adjusted",
        {"inspector": old.pk, "adjusted": False, "sheet": old_sheet.pk,
         "sheets": [{"id": old_sheet.pk, "kind": "cross", "scored_id": a.pk, "scorer_id": old.pk}]},
        {"inspector": new.pk, "adjusted": True, "sheet": new_sheet.pk,
         "sheets": [{"id": new_sheet.pk, "kind": "cross", "scored_id": a.pk, "scorer_id": new.pk}]})
    assert ScoreSheet.objects.filter(round=w.round, kind=SheetKind.CROSS).count() == 5


def _refused(inspection, new, user, message):
    rows = sorted(Inspection.objects.values_list("id", "inspector_id", "inspected_id", "adjusted"))
    sheets = sorted(ScoreSheet.objects.values_list("id", "scorer_id", "scored_id"))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        adjust_inspection(inspection=inspection, new_inspector=new, user=user)
    assert exc.value.messages == [message]
    assert sorted(Inspection.objects.values_list("id", "inspector_id", "inspected_id", "adjusted")) == rows
    assert sorted(ScoreSheet.objects.values_list("id", "scorer_id", "scored_id")) == sheets
    assert AuditEvent.objects.count() == events


@pytest.mark.integration
def test_adjust_refuses_self_same_outsider_and_reciprocal(scoring):
    w = scoring
    a = w.own_departments[0]
    inspection = _inspection_of(w, a)
    _refused(inspection, a, w.secretariat, "Đơn vị không thể tự kiểm tra chính mình.")
    _refused(inspection, inspection.inspector, w.secretariat, "Đơn vị này đã là đơn vị kiểm tra của phân công.")
    _refused(inspection, w.other_departments[0], w.secretariat,
             "Đơn vị kiểm tra phải là thành viên của khối trong năm.")
    # In a 3-cycle the only other member is the one `a` inspects: every move would be reciprocal.
    target = Inspection.objects.get(round=w.round, inspector=a).inspected
    _refused(inspection, target, w.secretariat,
             f"“{a.name}” đang kiểm tra “{target.name}”: hai đơn vị không được kiểm tra lẫn nhau.")


@pytest.mark.integration
def test_adjust_refuses_a_duplicate_pair(scoring5):
    w = scoring5
    a = w.own_departments[0]
    inspection = _inspection_of(w, a)
    other = _free_candidates(w, inspection)[0]
    Inspection.objects.create(round=w.round, inspector=other, inspected=a)
    _refused(inspection, other, w.secretariat, f"“{other.name}” đã được phân công kiểm tra “{a.name}”.")


@pytest.mark.integration
def test_adjust_refuses_once_the_sheet_has_points(scoring5):
    w = scoring5
    a = w.own_departments[0]
    inspection = _inspection_of(w, a)
    sheet = ScoreSheet.objects.get(round=w.round, kind=SheetKind.CROSS, scored=a, scorer=inspection.inspector)
    save_score(sheet=sheet, criterion=w.c["I.1"], points="10", comment="", expected_version=0, user=w.secretariat)
    _refused(inspection, _free_candidates(w, inspection)[0], w.secretariat,
             "Phiếu kiểm tra của phân công này đã có điểm hoặc đã gửi; không thể đổi đơn vị kiểm tra.")


@pytest.mark.unit
def test_every_feasible_size_and_k_from_2_to_20_members():
    for n in range(2, 21):
        members = list(range(n))
        for k in range(1, 4):
            if k <= max_inspectors(n):
                _assert_invariants(generate_inspections(members=members, k=k, seed=n * 10 + k), members, k)
            else:
                with pytest.raises(ValidationError):
                    generate_inspections(members=members, k=k, seed=1)
