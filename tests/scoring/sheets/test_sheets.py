"""Saving cells: rules, versions, conflicts, bad input (nothing changes), totals, submission, presence."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from scoring.domain.sheets import (StaleCellError, compute_totals, others_present, reopen_sheet, save_score,
                                   sheet_totals, submit_sheet, touch_presence)
from scoring.enums import RoundStatus, SheetStatus
from scoring.models import Evidence, ScoreEntry, ScoreSheet, ScoringRound, SheetPresence
from tests.factories.accounts import officer_user
from tests.factories.scoring import CriterionFactory
from tests.scoring.sheets.conftest import build_scale

pytestmark = pytest.mark.integration
D = Decimal


def _save(w, code, points, comment="", version=0, sheet=None, user=None, criterion=None):
    return save_score(sheet=sheet or w.sheet, criterion=criterion or w.c[code], points=points, comment=comment,
                      expected_version=version, user=user or w.officer)


def _cells():
    return sorted(ScoreEntry.objects.values_list("sheet_id", "criterion_id", "points", "comment", "version"))


def test_first_save_creates_the_cell_and_an_audit_record(scoring):
    w = scoring
    entry = _save(w, "I.1", "7,5", "Thiếu báo cáo quý II")
    assert (entry.points, entry.comment, entry.version, entry.updated_by) == (
        D("7.50"), "Thiếu báo cáo quý II", 1, w.officer)
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.object_id, event.actor_id) == ("score.saved", str(entry.pk), w.officer.pk)
    assert event.old_value == {"points": None, "comment": "", "version": 0}
    assert event.new_value == {"sheet": w.sheet.pk, "criterion": "I.1", "points": "7.50",
                               "comment": "Thiếu báo cáo quý II", "version": 1, "source": "cell"}
    again = _save(w, "I.1", 10, "", version=1)
    assert (again.pk, again.points, again.version) == (entry.pk, D("10.00"), 2)
    assert AuditEvent.objects.order_by("id").last().old_value == {
        "points": "7.50", "comment": "Thiếu báo cáo quý II", "version": 1}


def test_an_unchanged_value_writes_nothing(scoring):
    w = scoring
    _save(w, "I.1", "10")
    events = AuditEvent.objects.count()
    assert _save(w, "I.1", D("10.00"), version=1).version == 1
    assert AuditEvent.objects.count() == events
    cleared = _save(w, "I.2", None)  # never saved and still empty: no row
    assert (cleared.pk, cleared.version) == (None, 0)
    assert ScoreEntry.objects.filter(criterion=w.c["I.2"]).count() == 0


def test_penalty_and_bonus_ranges(scoring):
    w = scoring
    assert _save(w, "IV.1", "-2.25", "Chậm nộp báo cáo").points == D("-2.25")
    assert _save(w, "IV.1", "0", version=1).points == D("0.00")
    assert _save(w, "III.1", "5").points == D("5.00")
    assert _save(w, "III.1", "0", version=1).points == D("0.00")


def test_a_stale_version_is_refused_with_the_stored_value(scoring):
    w = scoring
    w.officer.first_name, w.officer.last_name = "Lan", "Nguyễn Thị"
    w.officer.save()
    _save(w, "I.1", "8", "Thiếu hồ sơ")
    before, events = _cells(), AuditEvent.objects.count()
    with pytest.raises(StaleCellError) as exc:
        _save(w, "I.1", "9", "Khác", version=0, user=w.secretariat)
    current = exc.value.current
    assert {k: current[k] for k in ("points", "comment", "version", "updated_by")} == {
        "points": D("8.00"), "comment": "Thiếu hồ sơ", "version": 1, "updated_by": "Lan Nguyễn Thị"}
    assert current["updated_at"] is not None
    assert exc.value.messages == ["Ô này vừa được Lan Nguyễn Thị lưu với giá trị 8; giá trị bạn nhập chưa được "
                                  "lưu. Hãy xem lại rồi lưu lần nữa."]
    assert (_cells(), AuditEvent.objects.count()) == (before, events)


OUT_OF_RANGE = [
    ("I.1", "10.01", "", "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
    ("I.1", "-1", "x", "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
    ("III.1", "5.5", "", "Điểm của tiêu chí III.1 phải từ 0 đến 5."),
    ("IV.1", "1", "", "Điểm trừ của tiêu chí IV.1 phải từ -5 đến 0."),
    ("IV.1", "-5.01", "x", "Điểm trừ của tiêu chí IV.1 phải từ -5 đến 0."),
    ("I.1", "1e30", "x", "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
    ("I.1", "abc", "", "Điểm phải là một số (ví dụ 7,5)."),
    ("I.1", True, "", "Điểm phải là một số (ví dụ 7,5)."),
    ("I.1", "NaN", "", "Điểm phải là một số (ví dụ 7,5)."),
    ("I.1", "Infinity", "", "Điểm phải là một số (ví dụ 7,5)."),
    ("I.1", [1], "", "Điểm phải là một số (ví dụ 7,5)."),
    ("I.1", "7.125", "x", "Điểm chỉ được có tối đa 2 chữ số thập phân."),
    ("I.1", "7", "", "Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."),
    ("I.1", "7", "   ", "Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."),
    ("IV.1", "-1", "", "Điểm trừ cần ghi nhận xét lý do."),
    ("I.1", "7", "a\x00b", "Nhận xét không được chứa ký tự NUL."),
    ("I.1", "7", "x" * 2001, "Nhận xét không được dài quá 2000 ký tự."),
    ("II.1", "5", "x", "Tiêu chí không thuộc phiếu chấm này."),  # a group, not a leaf
    ("I", "5", "x", "Tiêu chí không thuộc phiếu chấm này."),
]


@pytest.mark.parametrize(("code", "points", "comment", "message"), OUT_OF_RANGE)
def test_bad_input_is_refused_and_changes_nothing(scoring, code, points, comment, message):
    w = scoring
    _save(w, "I.1", "10")  # an existing cell (version 1)
    before, events = _cells(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _save(w, code, points, comment, version=1 if code == "I.1" else 0)
    assert exc.value.messages == [message]
    assert (_cells(), AuditEvent.objects.count()) == (before, events)


def test_a_criterion_of_another_scale_is_refused(scoring):
    w = scoring
    foreign = build_scale(w.other)["I.1"]
    stray = CriterionFactory(scale=w.c["scale"].__class__.objects.create(
        province=w.province, name="Mẫu tỉnh", total=D("100")), code="I.1")
    for criterion in (foreign, stray):
        with pytest.raises(ValidationError) as exc:
            _save(w, None, "5", "x", criterion=criterion)
        assert exc.value.messages == ["Tiêu chí không thuộc phiếu chấm này."]
    assert (_cells(), AuditEvent.objects.filter(event_type="score.saved").count()) == ([], 0)


@pytest.mark.parametrize("version", [5, -1, "1", None, 1.0, True])
def test_a_forged_version_is_refused(scoring, version):
    w = scoring
    _save(w, "I.1", "10")
    before, events = _cells(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _save(w, "I.1", "9", "x", version=version)
    if version == 5:
        assert isinstance(exc.value, StaleCellError)
    else:
        assert exc.value.messages == ["Phiên bản của ô không hợp lệ."]
    assert (_cells(), AuditEvent.objects.count()) == (before, events)


@pytest.mark.parametrize(("status", "message"), [
    (RoundStatus.CLOSED, "Đợt chấm điểm đã đóng; không thể thay đổi điểm."),
    (RoundStatus.FINALISED, "Kết quả đợt chấm điểm đã được chốt; điểm chỉ còn để xem."),
    (RoundStatus.DRAFT, "Đợt chấm điểm chưa mở."),
])
def test_a_round_not_open_refuses_every_change(scoring, status, message):
    w = scoring
    _save(w, "I.1", "10")
    ScoringRound.objects.filter(pk=w.round.pk).update(status=status)
    before, events = _cells(), AuditEvent.objects.count()
    for call in (lambda: _save(w, "I.1", "9", "x", version=1),
                 lambda: submit_sheet(sheet=w.sheet, user=w.officer)):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.messages == [message]
    assert (_cells(), AuditEvent.objects.count()) == (before, events)


def _fill(w, sheet):
    for code in ("I.1", "II.1.a", "II.1.b"):
        _save(w, code, w.c[code].max_points, sheet=sheet)


def test_submit_needs_every_normal_cell_and_evidence_where_points_are_given(scoring):
    w = scoring
    with pytest.raises(ValidationError) as exc:
        submit_sheet(sheet=w.sheet, user=w.officer)
    assert exc.value.messages == ["Chưa chấm các tiêu chí: I.1, I.2, II.1.a, II.1.b."]
    _fill(w, w.sheet)
    _save(w, "I.2", "20")
    with pytest.raises(ValidationError) as exc:
        submit_sheet(sheet=w.sheet, user=w.officer)
    assert exc.value.messages == ["Các tiêu chí sau cần tệp minh chứng trước khi gửi: I.2."]
    entry = ScoreEntry.objects.get(sheet=w.sheet, criterion=w.c["I.2"])
    Evidence.objects.create(entry=entry, file="evidence/x.pdf", original_name="x.pdf",
                            content_type="application/pdf", size=5, sha256="0" * 64, uploaded_by=w.officer)
    sheet = submit_sheet(sheet=w.sheet, user=w.officer)
    assert (sheet.status, sheet.version) == (SheetStatus.SUBMITTED, 2)
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.old_value, event.new_value) == (
        "sheet.submitted", {"status": "draft", "version": 1}, {"status": "submitted", "version": 2})
    with pytest.raises(ValidationError) as exc:
        _save(w, "I.1", "9", "x", version=1)
    assert exc.value.messages == ["Phiếu chấm đã gửi; cần Thư ký khối mở lại phiếu để sửa."]
    reopened = reopen_sheet(sheet=sheet, user=w.secretariat, reason="Sửa I.1")
    assert (reopened.status, reopened.version) == (SheetStatus.DRAFT, 3)
    assert AuditEvent.objects.order_by("id").last().new_value == {"status": "draft", "version": 3,
                                                                  "reason": "Sửa I.1"}
    with pytest.raises(ValidationError) as exc:
        reopen_sheet(sheet=sheet, user=w.secretariat)
    assert exc.value.messages == ["Phiếu chấm chưa gửi nên không cần mở lại."]


def test_totals_by_group_bonus_penalty_and_floor(scoring):
    w = scoring
    totals = sheet_totals(w.sheet)
    assert totals == {"groups": {"I": D("0.00"), "II": D("0.00"), "III": D("0.00"), "IV": D("0.00")},
                      "group_max": {"I": D("30.00"), "II": D("70.00"), "III": D("5.00"), "IV": D("5.00")},
                      "bonus": D("0.00"), "penalty": D("0.00"), "total": D("0.00"), "max": D("100.00")}
    _save(w, "I.1", "7.5", "x")
    _save(w, "II.1.a", "40")
    _save(w, "III.1", "4")
    _save(w, "IV.1", "-1.25", "Vi phạm")
    totals = sheet_totals(w.sheet)
    assert totals["groups"] == {"I": D("7.50"), "II": D("40.00"), "III": D("4.00"), "IV": D("-1.25")}
    assert (totals["bonus"], totals["penalty"], totals["total"]) == (D("4.00"), D("-1.25"), D("50.25"))


def test_compute_totals_caps_bonus_and_never_goes_below_zero():
    criteria = [
        {"id": 1, "parent_id": None, "code": "I", "kind": "normal", "max_points": D("10")},
        {"id": 2, "parent_id": 1, "code": "I.1", "kind": "normal", "max_points": D("10")},
        {"id": 3, "parent_id": None, "code": "B", "kind": "bonus", "max_points": D("20")},
        {"id": 4, "parent_id": 3, "code": "B.1", "kind": "bonus", "max_points": D("20")},
        {"id": 5, "parent_id": None, "code": "P", "kind": "penalty", "max_points": D("50")},
    ]
    capped = compute_totals(criteria=criteria, points={2: D("5"), 4: D("15")}, scale_total=10, bonus_cap=D("2"))
    assert (capped["bonus"], capped["total"], capped["groups"]["B"]) == (D("2.00"), D("7.00"), D("15.00"))
    floored = compute_totals(criteria=criteria, points={2: D("5"), 5: D("-30")}, scale_total=10, bonus_cap=2)
    assert (floored["penalty"], floored["total"], floored["groups"]["P"]) == (D("-30.00"), D("0.00"), D("-30.00"))


def test_presence_lists_others_seen_recently(scoring):
    w = scoring
    w.secretariat.first_name, w.secretariat.last_name = "Minh", "Trần"
    w.secretariat.save()
    touch_presence(sheet=w.sheet, user=w.officer)
    touch_presence(sheet=w.sheet, user=w.secretariat)
    touch_presence(sheet=w.sheet, user=w.secretariat)  # an upsert: still one row
    stale = officer_user(w.officer.department, username="cu")
    touch_presence(sheet=w.sheet, user=stale)
    SheetPresence.objects.filter(user=stale).update(last_seen=timezone.now() - timedelta(seconds=31))
    assert SheetPresence.objects.filter(sheet=w.sheet).count() == 3
    seen = others_present(sheet=w.sheet, user=w.officer)
    assert [(p["user_id"], p["name"]) for p in seen] == [(w.secretariat.pk, "Minh Trần")]
    assert [p["user_id"] for p in others_present(sheet=w.sheet, user=w.officer, within_seconds=60)] == [
        w.secretariat.pk, stale.pk]
    assert others_present(sheet=ScoreSheet.objects.exclude(pk=w.sheet.pk).first(), user=w.officer) == []
