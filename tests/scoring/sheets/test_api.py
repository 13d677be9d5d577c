"""The sheets API: versioned cell saves (200, 409 with the stored value, 400 in Vietnamese), rounds, inspections."""
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from scoring.enums import RoundStatus, SheetKind, SheetStatus
from scoring.models import Inspection, ScoreEntry, ScoreSheet, ScoringRound
from tests.scoring.sheets.conftest import build_scale, ready_for_scoring
from tests.scoring.sheets.test_sheets import _save

pytestmark = pytest.mark.integration


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_login(user)
        return client
    return as_user


def _cell_url(sheet, criterion):
    return reverse("v1:sheet-cell", args=[sheet.pk, criterion.pk])


def _state():
    return (sorted(ScoreEntry.objects.values_list("id", "points", "comment", "version")),
            sorted(ScoreSheet.objects.values_list("id", "status", "version")), AuditEvent.objects.count())


def test_put_a_cell_returns_the_entry_and_the_totals(scoring, api):
    w = scoring
    response = api(w.officer).put(_cell_url(w.sheet, w.c["I.1"]),
                                  {"points": 7.5, "comment": "Thiếu báo cáo", "version": 0}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("criterion", "points", "comment", "version")} == {
        "criterion": w.c["I.1"].pk, "points": "7.50", "comment": "Thiếu báo cáo", "version": 1}
    assert body["totals"]["total"] == "7.50" and body["totals"]["groups"]["I"] == "7.50"
    again = api(w.officer).put(_cell_url(w.sheet, w.c["I.1"]), {"points": "10", "version": 1}, format="json")
    assert (again.status_code, again.json()["points"], again.json()["version"]) == (200, "10.00", 2)


def test_a_stale_version_answers_409_with_the_current_value(scoring, api):
    w = scoring
    w.officer.first_name, w.officer.last_name = "Lan", "Nguyễn"
    w.officer.save()
    _save(w, "I.1", "8", "Thiếu hồ sơ")
    before = _state()
    response = api(w.secretariat).put(_cell_url(w.sheet, w.c["I.1"]),
                                      {"points": "9", "comment": "x", "version": 0}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == ("Ô này vừa được Lan Nguyễn lưu với giá trị 8; giá trị bạn nhập chưa được lưu. "
                              "Hãy xem lại rồi lưu lần nữa.")
    assert {k: body["current"][k] for k in ("points", "comment", "version", "updated_by")} == {
        "points": "8.00", "comment": "Thiếu hồ sơ", "version": 1, "updated_by": "Lan Nguyễn"}
    forged = api(w.officer).put(_cell_url(w.sheet, w.c["I.1"]), {"points": "9", "comment": "x", "version": 99},
                                format="json")
    assert forged.status_code == 409
    assert _state() == before


BAD = [
    ({"points": "11", "version": 0}, {"detail": "Điểm của tiêu chí I.1 phải từ 0 đến 10."}),
    ({"points": "abc", "version": 0}, {"detail": "Điểm phải là một số (ví dụ 7,5)."}),
    ({"points": True, "version": 0}, {"points": ["Điểm phải là một số (ví dụ 7,5)."]}),
    ({"points": {"a": 1}, "version": 0}, {"points": ["Điểm phải là một số (ví dụ 7,5)."]}),
    ({"points": "7", "version": 0}, {"detail": "Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."}),
    ({"points": "10"}, {"version": ["Trường này là bắt buộc."]}),
    ({"points": "10", "version": "một"}, {"version": ["Cần một số nguyên."]}),
    ({"points": "10", "version": -1}, {"version": ["Giá trị không được nhỏ hơn 0."]}),
    ({"version": 0}, {"points": ["Trường này là bắt buộc."]}),
    ([1, 2], {"non_field_errors": ["Dữ liệu gửi lên phải là một đối tượng JSON."]}),
]


@pytest.mark.parametrize(("body", "expected"), BAD)
def test_bad_input_answers_400_in_vietnamese_and_changes_nothing(scoring, api, body, expected):
    w = scoring
    before = _state()
    response = api(w.officer).put(_cell_url(w.sheet, w.c["I.1"]), body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert _state() == before


def test_criteria_outside_the_sheet_are_refused(scoring, api):
    w = scoring
    foreign = build_scale(w.other)["I.1"]
    before = _state()
    for criterion_id in (foreign.pk, w.c["II.1"].pk, 10 ** 30):
        response = api(w.officer).put(reverse("v1:sheet-cell", args=[w.sheet.pk, criterion_id]),
                                      {"points": "1", "comment": "x", "version": 0}, format="json")
        assert (response.status_code, response.json()) == (400, {"detail": "Tiêu chí không thuộc phiếu chấm này."})
    assert _state() == before


def test_a_sheet_of_another_bloc_is_not_found(scoring, api):
    w = scoring
    ready_for_scoring(w.other)
    from scoring.domain.rounds import open_round
    other_round = open_round(bloc_year=w.other, kind="year_end", user=w.board, seed=1)
    foreign_sheet = ScoreSheet.objects.filter(round=other_round, kind=SheetKind.CROSS).first()
    criterion = foreign_sheet.round.bloc_year.scale.criteria.get(code="I.1")
    before = _state()
    for user, sheet, crit in ((w.other_officer, w.sheet, w.c["I.1"]), (w.officer, foreign_sheet, criterion),
                              (w.far_board, w.sheet, w.c["I.1"])):
        response = api(user).put(_cell_url(sheet, crit), {"points": "10", "version": 0}, format="json")
        assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})
        assert api(user).get(reverse("v1:sheet-detail", args=[sheet.pk])).status_code == 404
    assert _state() == before


def test_a_closed_round_refuses_saves(scoring, api):
    w = scoring
    ScoringRound.objects.filter(pk=w.round.pk).update(status=RoundStatus.CLOSED)
    before = _state()
    response = api(w.officer).put(_cell_url(w.sheet, w.c["I.1"]), {"points": "10", "version": 0}, format="json")
    assert (response.status_code, response.json()) == (
        400, {"detail": "Đợt chấm điểm đã đóng; không thể thay đổi điểm."})
    assert _state() == before


def test_board_reads_but_cannot_write_a_sheet(scoring, api):
    w = scoring
    before = _state()
    response = api(w.board).put(_cell_url(w.sheet, w.c["I.1"]), {"points": "10", "version": 0}, format="json")
    assert response.status_code == 403
    assert _state() == before


def test_sheet_detail_has_every_criterion_and_the_totals(scoring, api):
    w = scoring
    _save(w, "II.1.a", "40")
    body = api(w.officer).get(reverse("v1:sheet-detail", args=[w.sheet.pk])).json()
    assert [e["code"] for e in body["entries"]] == ["I", "I.1", "I.2", "II", "II.1", "II.1.a", "II.1.b", "III",
                                                    "III.1", "IV", "IV.1"]
    cell = next(e for e in body["entries"] if e["code"] == "II.1.a")
    assert {k: cell[k] for k in ("points", "version", "is_leaf", "depth", "max_points")} == {
        "points": "40.00", "version": 1, "is_leaf": True, "depth": 2, "max_points": "40.00"}
    assert next(e for e in body["entries"] if e["code"] == "I.2")["evidence_required"] is True
    assert body["totals"] == {"groups": {"I": "0.00", "II": "40.00", "III": "0.00", "IV": "0.00"},
                              "group_max": {"I": "30.00", "II": "70.00", "III": "5.00", "IV": "5.00"},
                              "bonus": "0.00", "penalty": "0.00", "total": "40.00", "max": "100.00"}


def test_rounds_api_open_close_finalise_reopen(world, api):
    ready_for_scoring(world.own)
    client = api(world.secretariat)
    opened = client.post(reverse("v1:round-list"), {"bloc_year": world.own.pk, "kind": "year_end", "seed": 4},
                         format="json")
    assert opened.status_code == 201
    round_id = opened.json()["id"]
    assert (opened.json()["status"], opened.json()["kind_label"]) == ("open", "Tổng kết năm")
    bad_kind = client.post(reverse("v1:round-list"), {"bloc_year": world.own.pk, "kind": "quy"}, format="json")
    assert bad_kind.json() == {"kind": ["“quy” không phải là lựa chọn hợp lệ."]}
    refused = client.post(reverse("v1:round-close", args=[round_id]))
    assert refused.status_code == 400 and refused.json()["detail"].startswith("Còn 6 phiếu chấm chưa gửi")
    ScoreSheet.objects.update(status=SheetStatus.SUBMITTED)
    assert client.post(reverse("v1:round-close", args=[round_id])).json()["status"] == "closed"
    assert client.post(reverse("v1:round-finalise", args=[round_id])).json()["status"] == "finalised"
    assert client.post(reverse("v1:round-reopen", args=[round_id]), {"reason": "x"},
                       format="json").status_code == 403
    board = api(world.board)
    assert board.post(reverse("v1:round-reopen", args=[round_id]), {}, format="json").json() == {
        "reason": ["Trường này là bắt buộc."]}
    reopened = board.post(reverse("v1:round-reopen", args=[round_id]), {"reason": "Khiếu nại"}, format="json")
    assert reopened.json()["status"] == "open"


def test_inspection_adjust_api_refuses_a_reciprocal_pair(scoring, api):
    w = scoring
    inspection = Inspection.objects.filter(round=w.round).select_related("inspected").first()
    target = Inspection.objects.get(round=w.round, inspector=inspection.inspected).inspected
    before = _state()
    response = api(w.secretariat).post(reverse("v1:inspection-adjust", args=[inspection.pk]),
                                       {"inspector": target.pk}, format="json")
    assert (response.status_code, response.json()) == (400, {
        "detail": f"“{inspection.inspected.name}” đang kiểm tra “{target.name}”: hai đơn vị không được kiểm "
                  f"tra lẫn nhau."})
    outsider = api(w.secretariat).post(reverse("v1:inspection-adjust", args=[inspection.pk]),
                                       {"inspector": w.far_departments[0].pk}, format="json")
    assert outsider.json() == {"inspector": ["Đơn vị không tồn tại."]}
    assert _state() == before
    listed = api(w.officer).get(reverse("v1:inspection-list")).json()["results"]
    assert {i["id"] for i in listed} == set(Inspection.objects.values_list("id", flat=True))
    assert api(w.other_officer).get(reverse("v1:inspection-list")).json()["results"] == []

def test_sheet_list_is_scoped(scoring, api):
    w = scoring
    dept = w.officer.department_id
    ids = {s["id"] for s in api(w.officer).get(reverse("v1:sheet-list")).json()["results"]}
    assert ids == set(ScoreSheet.objects.filter(round=w.round).filter(
        scored_id=dept).values_list("id", flat=True)) | set(ScoreSheet.objects.filter(
            round=w.round, scorer_id=dept).values_list("id", flat=True))
    assert api(w.other_officer).get(reverse("v1:sheet-list")).json()["results"] == []
    assert Decimal(api(w.officer).get(reverse("v1:sheet-detail", args=[w.sheet.pk])).json()["totals"]["max"]) == 100
