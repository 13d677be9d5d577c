"""Rounds: opening creates the sheets and inspections; closing, finalising and the Board's reopening."""
import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from blocs.enums import Phase
from scoring.domain.rounds import close_round, finalise_round, open_round, reopen_round
from scoring.domain.sheets import save_score, submit_sheet
from scoring.enums import RoundKind, RoundStatus, ScaleStatus, SheetKind, SheetStatus
from scoring.models import Inspection, ScoreSheet, ScoringRound, ScoringSettings
from tests.factories.scoring import ScaleFactory
from tests.scoring.sheets.conftest import build_scale, ready_for_scoring

pytestmark = pytest.mark.integration


def _state():
    return (sorted(ScoringRound.objects.values_list("id", "status", "version")),
            ScoreSheet.objects.count(), Inspection.objects.count(), AuditEvent.objects.count())


def _refused(call, message):
    before = _state()
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.messages == [message]
    assert _state() == before


def test_open_round_creates_self_and_cross_sheets_and_inspections(world):
    ready_for_scoring(world.own)
    round_ = open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.secretariat, seed=11)
    assert (round_.status, round_.version, round_.opened_at is not None) == (RoundStatus.OPEN, 2, True)
    members = {d.pk for d in world.own_departments}
    pairs = set(Inspection.objects.filter(round=round_).values_list("inspector_id", "inspected_id"))
    assert len(pairs) == 3 and all(a != b and {a, b} <= members for a, b in pairs)
    sheets = set(ScoreSheet.objects.filter(round=round_).values_list("kind", "scorer_id", "scored_id", "status"))
    assert sheets == ({(SheetKind.SELF, m, m, SheetStatus.DRAFT) for m in members}
                      | {(SheetKind.CROSS, a, b, SheetStatus.DRAFT) for a, b in pairs})
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.object_id, event.actor_id) == ("round.opened", str(round_.pk),
                                                                   world.secretariat.pk)
    assert event.old_value == {"status": "draft"}
    inspections = Inspection.objects.filter(round=round_).order_by("pk")
    all_sheets = ScoreSheet.objects.filter(round=round_).order_by("pk")
    assert event.new_value == {"status": "open", "kind": "year_end", "k": 1, "seed": 11,
                               "members": sorted(members), "inspections": sorted([a, b] for a, b in pairs),
                               "inspection_rows": [{"id": i.pk, "inspector_id": i.inspector_id,
                                                    "inspected_id": i.inspected_id} for i in inspections],
                               "sheets": [{"id": s.pk, "kind": s.kind, "scored_id": s.scored_id,
                                           "scorer_id": s.scorer_id} for s in all_sheets]}
    assert ScoringSettings.objects.get(province=world.province).inspectors_per_member == 1


def test_open_round_uses_k_from_the_province_settings(world):
    ScoringSettings.objects.create(province=world.province, inspectors_per_member=2)
    ready_for_scoring(world.own)
    _refused(lambda: open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.board),
             "Không thể phân công 2 đơn vị kiểm tra cho mỗi thành viên trong khối 3 thành viên: tối đa là 1 "
             "(không đơn vị nào tự kiểm tra mình và hai đơn vị không kiểm tra lẫn nhau).")


def test_mid_year_round_needs_the_mid_year_phase(world):
    ready_for_scoring(world.own, phase=Phase.MID_YEAR_REVIEW)
    _refused(lambda: open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.board),
             "Chỉ mở đợt “Tổng kết năm” khi năm thi đua ở giai đoạn “Chấm điểm” (hiện tại: “Sơ kết 6 tháng”).")
    round_ = open_round(bloc_year=world.own, kind=RoundKind.MID_YEAR, user=world.board, seed=1)
    assert (round_.kind, round_.status) == (RoundKind.MID_YEAR, RoundStatus.OPEN)


def test_open_round_needs_a_frozen_scale_with_criteria(world):
    world.own.phase = Phase.SCORING
    world.own.save()
    call = lambda: open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.board)  # noqa: E731
    _refused(call, "Năm thi đua chưa có thang điểm; hãy lập thang điểm trước khi mở đợt chấm.")
    scale = ScaleFactory(bloc_year=world.own)
    _refused(call, "Thang điểm chưa được khóa (giao ước chưa được ký đủ); chưa thể mở đợt chấm điểm.")
    scale.status = ScaleStatus.FROZEN
    scale.save()
    _refused(call, "Thang điểm chưa có tiêu chí nào để chấm.")


def test_open_round_refuses_a_bloc_of_one_and_an_unknown_kind(world):
    ready_for_scoring(world.far)
    world.far.memberships.exclude(department=world.far_departments[0]).delete()
    _refused(lambda: open_round(bloc_year=world.far, kind=RoundKind.YEAR_END, user=world.far_board),
             "Khối cần ít nhất 2 đơn vị thành viên để kiểm tra chéo.")
    _refused(lambda: open_round(bloc_year=world.far, kind="quarter", user=world.far_board),
             "Loại đợt chấm điểm không hợp lệ.")


def test_a_round_opens_only_once(scoring):
    _refused(lambda: open_round(bloc_year=scoring.own, kind=RoundKind.YEAR_END, user=scoring.board),
             "Đợt “Tổng kết năm” của năm thi đua này đã được mở (trạng thái: Đang chấm điểm).")


def _fill_and_submit(w, sheet):
    for code in ("I.1", "II.1.a", "II.1.b"):
        save_score(sheet=sheet, criterion=w.c[code], points=w.c[code].max_points, comment="",
                   expected_version=0, user=w.secretariat)
    save_score(sheet=sheet, criterion=w.c["I.2"], points="0", comment="Không có", expected_version=0,
               user=w.secretariat)
    return submit_sheet(sheet=sheet, user=w.secretariat)


def test_close_needs_every_sheet_submitted_then_finalise_then_reopen(scoring):
    w = scoring
    sheets = list(ScoreSheet.objects.filter(round=w.round).select_related("scored", "scorer")
                  .order_by("kind", "scored__name", "scorer__name"))
    _refused(lambda: close_round(round=w.round, user=w.secretariat),
             "Còn 6 phiếu chấm chưa gửi: " + "; ".join(
                 (f"Tự chấm – {s.scored.name}" if s.kind == "self" else f"{s.scorer.name} kiểm tra {s.scored.name}")
                 for s in sheets[:5]) + " (+1). Hãy gửi các phiếu này trước khi đóng đợt.")
    _refused(lambda: finalise_round(round=w.round, user=w.secretariat),
             "Chỉ chốt kết quả của đợt chấm điểm đã đóng.")
    for sheet in sheets:
        _fill_and_submit(w, sheet)
    closed = close_round(round=w.round, user=w.secretariat)
    assert (closed.status, closed.closed_at is not None) == (RoundStatus.CLOSED, True)
    final = finalise_round(round=w.round, user=w.secretariat)
    assert (final.status, final.finalised_by) == (RoundStatus.FINALISED, w.secretariat)
    _refused(lambda: reopen_round(round=w.round, reason="  ", user=w.board),
             "Cần nêu lý do mở lại đợt chấm điểm.")
    reopened = reopen_round(round=w.round, reason="Sai sót điểm tiêu chí I.1", user=w.board)
    assert (reopened.status, reopened.finalised_at, reopened.finalised_by, reopened.closed_at) == (
        RoundStatus.OPEN, None, None, None)
    events = list(AuditEvent.objects.filter(event_type__startswith="round.").order_by("id")
                  .values_list("event_type", "old_value", "new_value"))
    assert [e[0] for e in events] == ["round.opened", "round.closed", "round.finalised", "round.reopened"]
    assert events[3][1]["status"] == "finalised" and events[3][1]["finalised_by"] == w.secretariat.pk
    assert events[3][2] == {"status": "open", "closed_at": None, "finalised_at": None, "finalised_by": None,
                            "reason": "Sai sót điểm tiêu chí I.1"}


def test_reopen_needs_a_closed_round_and_close_needs_an_open_one(scoring):
    _refused(lambda: reopen_round(round=scoring.round, reason="x", user=scoring.board),
             "Chỉ mở lại được đợt chấm điểm đã đóng hoặc đã chốt.")
    ScoringRound.objects.filter(pk=scoring.round.pk).update(status=RoundStatus.FINALISED)
    _refused(lambda: close_round(round=scoring.round, user=scoring.board), "Chỉ đóng được đợt chấm điểm đang mở.")


def test_build_scale_helper_totals_100(world):
    made = build_scale(world.far)
    assert sum(c.max_points for code, c in made.items() if code != "scale" and not c.children.exists()
               and c.kind == "normal") == 100
