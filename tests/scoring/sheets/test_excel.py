"""Excel export and import of a sheet: the round trip, and an import with bad rows that changes nothing."""
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from scoring.domain.sheets import import_scores
from scoring.exporters.sheets import export_sheet, read_sheet_file
from scoring.models import ScoreEntry, ScoreSheet
from tests.scoring.sheets.test_sheets import _save

pytestmark = pytest.mark.integration
D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(w, sheet=None):
    return load_workbook(io.BytesIO(export_sheet(sheet=sheet or w.sheet)))


def _rows(ws):
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "Mã")
    return header, {row[0].value: row for row in ws.iter_rows(min_row=header + 1)}


def _as_upload(workbook, name="phieu.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def _import(w, workbook, sheet=None):
    sheet = sheet or w.sheet
    upload = _as_upload(workbook)
    return import_scores(sheet=sheet, rows=read_sheet_file(sheet=sheet, upload=upload), user=w.officer,
                         file_name=upload.name)


def _cells():
    return sorted(ScoreEntry.objects.values_list("sheet_id", "criterion_id", "points", "comment", "version"))


def test_export_lists_the_criteria_with_points_comments_and_versions(scoring):
    w = scoring
    _save(w, "I.1", "7.5", "Thiếu báo cáo")
    ws = _workbook(w).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "PHIẾU CHẤM ĐIỂM THI ĐUA"
    assert ("Mã phiếu:", w.sheet.pk) in [row[:2] for row in values]
    assert ("Tổng điểm:", "7,5 / 100") in [row[:2] for row in values]
    header, rows = _rows(ws)
    assert values[header - 1] == ("Mã", "Nội dung tiêu chí", "Loại", "Điểm tối đa", "Điểm", "Nhận xét",
                                  "Phiên bản (không sửa)")
    assert list(rows) == ["I", "I.1", "I.2", "II", "II.1", "II.1.a", "II.1.b", "III", "III.1", "IV", "IV.1"]
    assert [c.value for c in rows["I.1"]] == ["I.1", "Nội dung I.1", "Tiêu chí chấm điểm", 10, 7.5,
                                              "Thiếu báo cáo", 1]
    assert [c.value for c in rows["IV.1"]][4:] == [None, None, 0]
    assert [c.value for c in rows["II"]][4:] == [None, None, None]


def test_round_trip_imports_changed_cells_with_one_audit_event_each(scoring):
    w = scoring
    _save(w, "I.1", "10")
    workbook = _workbook(w)
    _header, rows = _rows(workbook.active)
    rows["I.1"][4].value = 9
    rows["I.1"][5].value = "Chậm tiến độ"
    rows["II.1.a"][4].value = 40
    rows["IV.1"][4].value = "-1,5"
    rows["IV.1"][5].value = "Vi phạm quy chế"
    rows["III.1"][4].value = None  # unchanged: empty stays empty
    events = AuditEvent.objects.count()
    assert _import(w, workbook) == 3
    stored = {e.criterion.code: (e.points, e.comment, e.version)
              for e in ScoreEntry.objects.filter(sheet=w.sheet).select_related("criterion")}
    assert stored == {"I.1": (D("9.00"), "Chậm tiến độ", 2), "II.1.a": (D("40.00"), "", 1),
                      "IV.1": (D("-1.50"), "Vi phạm quy chế", 1)}
    new = list(AuditEvent.objects.order_by("id")[events:].values_list("event_type", "new_value"))
    assert [e[0] for e in new] == ["score.saved"] * 3 + ["sheet.imported"]
    assert {e[1]["criterion"]: e[1]["source"] for e in new[:3]} == {"I.1": "excel", "II.1.a": "excel",
                                                                    "IV.1": "excel"}
    assert new[3][1] == {"file": "phieu.xlsx", "cells": ["I.1", "II.1.a", "IV.1"]}
    assert _import(w, _workbook(w)) == 0  # the same file again changes nothing


def test_an_import_with_bad_rows_imports_nothing_and_lists_every_bad_row(scoring):
    w = scoring
    _save(w, "I.1", "10")
    workbook = _workbook(w)
    ws = workbook.active
    header, rows = _rows(ws)
    line = {code: row[0].row for code, row in rows.items()}
    rows["I.1"][4].value = 12                      # out of range
    rows["I.2"][4].value = "mười"                   # not a number
    rows["II"][4].value = 70                       # a group
    rows["II.1.a"][4].value = 30                   # a deduction without a comment
    rows["II.1.b"][4].value = 30                   # fine on its own
    rows["IV.1"][4].value = 2                      # a penalty must be negative
    rows["III.1"][4].value = 3.333                 # three decimals
    ws.append(["X.9", "Không có", None, None, 5, None, 0])
    ws.append(["II.1.b", "Lặp", None, None, 30, None, 0])
    before, events = _cells(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _import(w, workbook)
    assert exc.value.messages == [
        f"Dòng {line['I.1']} (I.1): Điểm của tiêu chí I.1 phải từ 0 đến 10.",
        f"Dòng {line['I.2']} (I.2): Điểm phải là một số (ví dụ 7,5).",
        f"Dòng {line['II']} (II): đây là nhóm tiêu chí, không nhập điểm trực tiếp.",
        f"Dòng {line['II.1.a']} (II.1.a): Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do.",
        f"Dòng {line['III.1']} (III.1): Điểm chỉ được có tối đa 2 chữ số thập phân.",
        f"Dòng {line['IV.1']} (IV.1): Điểm trừ của tiêu chí IV.1 phải từ -5 đến 0.",
        f"Dòng {ws.max_row - 1} (X.9): mã tiêu chí không thuộc phiếu chấm này.",
        f"Dòng {ws.max_row} (II.1.b): mã tiêu chí xuất hiện nhiều lần trong tệp.",
    ]
    assert (_cells(), AuditEvent.objects.count()) == (before, events)


def test_a_row_saved_since_the_export_is_refused(scoring):
    w = scoring
    _save(w, "I.1", "10")
    workbook = _workbook(w)
    _save(w, "I.1", "8", "Người khác vừa sửa", version=1, user=w.secretariat)
    _header, rows = _rows(workbook.active)
    rows["I.1"][4].value = 9
    rows["I.1"][5].value = "x"
    before = _cells()
    with pytest.raises(ValidationError) as exc:
        _import(w, workbook)
    assert exc.value.messages == [f"Dòng {rows['I.1'][0].row} (I.1): ô đã được sửa sau khi tệp được tải về "
                                  f"(phiên bản hiện tại 2, trong tệp 1); hãy tải lại tệp."]
    assert _cells() == before


def test_a_file_of_another_sheet_or_not_excel_is_refused(scoring):
    w = scoring
    other = ScoreSheet.objects.filter(round=w.round).exclude(pk=w.sheet.pk).first()
    with pytest.raises(ValidationError) as exc:
        read_sheet_file(sheet=w.sheet, upload=_as_upload(_workbook(w, other)))
    assert exc.value.messages == [f"Tệp này thuộc phiếu chấm khác (mã phiếu {other.pk}), không phải phiếu "
                                  f"{w.sheet.pk}."]
    for content in (b"%PDF-1.4 not a workbook", b"PK\x03\x04garbage", b""):
        with pytest.raises(ValidationError) as exc:
            read_sheet_file(sheet=w.sheet, upload=SimpleUploadedFile("a.xlsx", content))
        assert exc.value.messages == ["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]


def test_import_and_export_pages(scoring, client):
    w = scoring
    client.force_login(w.officer)
    export = client.get(reverse("scoring:sheet_export", args=[w.sheet.pk]))
    assert (export.status_code, export["Content-Type"]) == (200, XLSX)
    assert export["Content-Disposition"].startswith(f'attachment; filename="phieu-cham-{w.sheet.pk}-')
    workbook = load_workbook(io.BytesIO(export.content))
    _header, rows = _rows(workbook.active)
    rows["I.1"][4].value = 11
    rows["II.1.a"][4].value = 40
    url = reverse("scoring:sheet_import", args=[w.sheet.pk])
    refused = client.post(url, {"file": _as_upload(workbook)})
    assert refused.status_code == 200
    assert f"Dòng {rows['I.1'][0].row} (I.1): Điểm của tiêu chí I.1 phải từ 0 đến 10." in refused.content.decode()
    assert ScoreEntry.objects.count() == 0
    rows["I.1"][4].value = 10
    done = client.post(url, {"file": _as_upload(workbook)}, follow=True)
    assert "Đã nhập tệp: 2 ô điểm thay đổi." in done.content.decode()
    assert ScoreEntry.objects.filter(sheet=w.sheet, version=1).count() == 2
    missing = client.post(url, {})
    assert "Chưa chọn tệp." in missing.content.decode()
