"""Importing award history from Excel: all or nothing, every bad row named, duplicates refused, one audit
event; a file of 5,000 rows in one transaction."""
import datetime
import hashlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from audit.models import AuditEvent
from awards.domain.history import EVENT_TYPE, import_award_history
from awards.importers import history_template, read_history_file
from awards.models import Award, AwardType
from blocs.models import Department
from tests.decisions.history.conftest import TODAY, live_award, run_import, xlsx

pytestmark = pytest.mark.integration
D = datetime.date


def errors_of(w, rows, **kwargs):
    with pytest.raises(ValidationError) as caught:
        run_import(w, xlsx(rows, **kwargs))
    return caught.value.messages


def imported(w):
    return sorted(Award.objects.filter(department__province=w.province).values_list(
        "year", "department__name", "award_type__code", "person_name", "decision_reference", "decided_on", "source"))


GOOD = [
    (2019, "Sở Tài chính", "co_thi_dua_tinh", None, "125/QĐ-UBND", D(2020, 1, 15)),
    (2019, "Sở Văn hóa", "Bằng khen của Chủ tịch UBND tỉnh", "", "126/QĐ-UBND", "16/01/2020"),
    (2020, "stc", "tap_the_lao_dong_xuat_sac", None, 77, "2021-01-20"),
    (2020, "  sở  văn hóa VÀ thể thao ", "chien_si_thi_dua_tinh", "Nguyễn Văn An", "78/QĐ-UBND", D(2021, 1, 21)),
]


def test_good_file_imports_every_row_with_one_audit_event(history):
    w = history
    upload = xlsx(GOOD)
    result = run_import(w, upload)
    assert imported(w) == [
        (2019, "Sở Tài chính", "co_thi_dua_tinh", "", "125/QĐ-UBND", D(2020, 1, 15), "imported"),
        (2019, "Sở Văn hóa", "bang_khen_chu_tich_tinh", "", "126/QĐ-UBND", D(2020, 1, 16), "imported"),
        (2020, "Sở Tài chính", "tap_the_lao_dong_xuat_sac", "", "77", D(2021, 1, 20), "imported"),
        (2020, "Sở Văn hóa và Thể thao", "chien_si_thi_dua_tinh", "Nguyễn Văn An", "78/QĐ-UBND", D(2021, 1, 21),
         "imported"),
    ]
    (event,) = AuditEvent.objects.filter(event_type=EVENT_TYPE)
    upload.seek(0)
    assert event.actor == w.board
    assert (event.object_type, event.object_id) == ("blocs.province", str(w.province.pk))
    listed = {a["id"]: (a["year"], a["person_name"], a["decision_reference"], a["decided_on"])
              for a in event.new_value.pop("awards")}
    assert event.new_value == {"count": 4, "file_name": "lich-su.xlsx",
                               "file_sha256": hashlib.sha256(upload.read()).hexdigest(), "years": [2019, 2020],
                               "award_ids": result.award_ids}
    assert listed == {a.pk: (a.year, a.person_name, a.decision_reference, a.decided_on.isoformat())
                      for a in Award.objects.all()}
    assert sorted(result.award_ids) == sorted(Award.objects.values_list("pk", flat=True))
    assert result.count == 4


def test_one_bad_row_imports_nothing_and_names_the_row(history):
    w = history
    rows = [GOOD[0], GOOD[1], (2019, "Sở Không Có", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1)), GOOD[2]]
    assert errors_of(w, rows) == [f"Dòng 4: không tìm thấy đơn vị “Sở Không Có” trong {w.province.name}."]
    assert Award.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=EVENT_TYPE).exists()


BAD_ROWS = {
    # id: (row after the header, the reasons named)
    "unknown-award-type": ((2019, "Sở Tài chính", "huan_chuong", None, "1/QĐ", D(2020, 1, 1)),
                           "không có hình thức khen thưởng “huan_chuong” trong danh mục của tỉnh"),
    "year-too-late": ((2027, "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", D(2026, 1, 1)),
                      "năm 2027 ngoài khoảng 1945–2026"),
    "year-too-early": ((1900, "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1)),
                       "năm 1900 ngoài khoảng 1945–2026"),
    "year-not-a-year": (("năm ngoái", "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1)),
                        "năm “năm ngoái” không phải là một năm"),
    "date-not-a-date": ((2019, "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", "31/02/2020"),
                        "ngày quyết định “31/02/2020” không phải là một ngày (dd/mm/yyyy)"),
    "date-before-the-year": ((2019, "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", D(2018, 12, 1)),
                             "ngày quyết định 01/12/2018 trước năm thi đua 2019"),
    "date-in-the-future": ((2025, "Sở Tài chính", "co_thi_dua_tinh", None, "1/QĐ", D(2026, 5, 1)),
                           "ngày quyết định 01/05/2026 sau ngày hôm nay"),
    "everything-missing-but-the-year": ((2019, None, None, None, None, None),
                                        "thiếu tên đơn vị; thiếu hình thức khen thưởng; thiếu số, ký hiệu quyết "
                                        "định; thiếu ngày quyết định"),
    "individual-award-without-a-person": ((2019, "Sở Tài chính", "chien_si_thi_dua_tinh", None, "1/QĐ",
                                           D(2020, 1, 1)),
                                          "“Chiến sĩ thi đua cấp tỉnh” là hình thức dành cho cá nhân: cần họ tên"),
    "person-name-too-long": ((2019, "Sở Tài chính", "chien_si_thi_dua_tinh", "A" * 201, "1/QĐ", D(2020, 1, 1)),
                             "họ tên dài quá 200 ký tự"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_named_with_its_reason(history, case):
    row, reasons = BAD_ROWS[case]
    assert errors_of(history, [GOOD[0], row]) == [f"Dòng 3: {reasons}."]
    assert Award.objects.count() == 0


def test_every_bad_row_is_listed_in_order(history):
    w = history
    rows = [BAD_ROWS["year-too-late"][0], GOOD[0], BAD_ROWS["unknown-award-type"][0]]
    assert errors_of(w, rows) == ["Dòng 2: năm 2027 ngoài khoảng 1945–2026.",
                                  "Dòng 4: không có hình thức khen thưởng “huan_chuong” trong danh mục của tỉnh."]


def test_duplicate_of_another_row_and_of_a_live_award(history):
    w = history
    live_award(w.finance, w.types["co_thi_dua_tinh"], 2019, decision_reference="9/QĐ-UBND")
    rows = [GOOD[0], GOOD[2], (2020, "Sở Tài chính", "tap_the_lao_dong_xuat_sac", "", "80", D(2021, 2, 1))]
    assert errors_of(w, rows) == [
        "Dòng 2: trùng với khen thưởng đã có trong lịch sử (quyết định 9/QĐ-UBND).",
        "Dòng 4: trùng với dòng 3."]
    assert Award.objects.count() == 1


def test_same_person_twice_is_a_duplicate_whatever_the_case_and_spacing(history):
    w = history
    person = (2020, "Sở Tài chính", "chien_si_thi_dua_tinh", "Lê Thị Hoa", "1/QĐ", D(2021, 1, 1))
    again = (2020, "Sở Tài chính", "chien_si_thi_dua_tinh", " lê  thị HOA ", "2/QĐ", D(2021, 1, 2))
    other = (2020, "Sở Tài chính", "chien_si_thi_dua_tinh", "Lê Văn Hòa", "3/QĐ", D(2021, 1, 3))
    assert errors_of(w, [person, again, other]) == ["Dòng 3: trùng với dòng 2."]


def test_a_withdrawn_award_does_not_block_importing_it_again(history):
    w = history
    live_award(w.finance, w.types["co_thi_dua_tinh"], 2019, is_withdrawn=True)
    run_import(w, xlsx([GOOD[0]]))
    assert Award.objects.filter(is_withdrawn=False).count() == 1


def test_the_same_file_twice_is_refused_and_says_when_it_was_imported(history):
    w = history
    # One file's bytes, sent twice: openpyxl stamps each new file with the current second.
    content = xlsx(GOOD).read()
    run_import(w, SimpleUploadedFile("lich-su.xlsx", content))
    with pytest.raises(ValidationError) as caught:
        run_import(w, SimpleUploadedFile("lich-su.xlsx", content))
    messages = caught.value.messages
    event = AuditEvent.objects.get(event_type=EVENT_TYPE)
    assert messages[0].startswith("Tệp này đã được nhập ngày ") and f"(nhật ký #{event.pk})" in messages[0]
    assert messages[1:] == [f"Dòng {n}: trùng với khen thưởng đã có trong lịch sử (quyết định {ref})."
                            for n, ref in ((2, "125/QĐ-UBND"), (3, "126/QĐ-UBND"), (4, "77"), (5, "78/QĐ-UBND"))]
    assert Award.objects.count() == 4


def test_a_unit_is_found_by_its_name_of_that_year(history):
    """A unit known in 2019 under another name than any unit's (Membership.name_at_time) resolves to it."""
    w = history
    w.by[2019].memberships.filter(department=w.finance).update(name_at_time="Sở Tài chính - Vật giá")
    run_import(w, xlsx([(2019, "Sở Tài chính - Vật giá", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1))]))
    assert Award.objects.get().department == w.finance
    assert errors_of(w, [(2020, "Sở Tài chính - Vật giá", "co_thi_dua_tinh", None, "2/QĐ", D(2021, 1, 1))]) == [
        f"Dòng 2: không tìm thấy đơn vị “Sở Tài chính - Vật giá” trong {w.province.name}."]


def test_an_ambiguous_short_name_is_refused(history):
    w = history
    Department.objects.filter(pk=w.culture.pk).update(short_name="STC")
    assert errors_of(w, [(2019, "STC", "co_thi_dua_tinh", None, "1/QĐ", D(2020, 1, 1))]) == [
        "Dòng 2: “STC” chỉ nhiều đơn vị (Sở Tài chính, Sở Văn hóa và Thể thao): hãy ghi tên đầy đủ."]


def test_units_and_award_types_of_another_province_are_unknown(history):
    w = history
    far_unit = w.far_departments[0]
    AwardType.objects.create(province=w.far_province, code="co_xa", name="Cờ xa")
    assert errors_of(w, [(2019, far_unit.name, "co_xa", None, "1/QĐ", D(2020, 1, 1))]) == [
        f"Dòng 2: không tìm thấy đơn vị “{far_unit.name}” trong {w.province.name}; không có hình thức khen thưởng "
        "“co_xa” trong danh mục của tỉnh."]


def test_header_found_under_title_rows_and_blank_rows_skipped(history):
    w = history
    run_import(w, xlsx([GOOD[0], (None,) * 6, GOOD[1]], before=[["LỊCH SỬ KHEN THƯỞNG"], []]))
    assert Award.objects.count() == 2
    assert errors_of(w, [(None,) * 6, BAD_ROWS["year-too-late"][0]], before=[["Tiêu đề"]]) == [
        "Dòng 4: năm 2027 ngoài khoảng 1945–2026."]


def test_english_headers_are_accepted(history):
    header = ["year", "department", "award_type", "person_name", "decision_reference", "decided_on"]
    run_import(history, xlsx([GOOD[0]], header=header))
    assert Award.objects.count() == 1


@pytest.mark.parametrize(("upload", "message"), [
    (lambda: xlsx([GOOD[0]], header=["Năm", "Đơn vị", "Ghi chú"]),
     "Không tìm thấy dòng tiêu đề cột (Năm | Đơn vị | Hình thức khen thưởng | Họ tên cá nhân | Số, ký hiệu quyết "
     "định | Ngày quyết định) trong 10 dòng đầu; hãy dùng tệp mẫu."),
    (lambda: xlsx([]), "Tệp không có dòng khen thưởng nào."),
    (lambda: SimpleUploadedFile("a.xlsx", b"not a spreadsheet"), "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."),
])
def test_unreadable_files_are_refused(history, upload, message):
    with pytest.raises(ValidationError) as caught:
        run_import(history, upload())
    assert caught.value.messages == [message]


def test_the_template_filled_in_imports(history):
    w = history
    content = history_template(province=w.province, award_types=AwardType.objects.filter(province=w.province),
                               departments=Department.objects.filter(province=w.province))
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["Lịch sử khen thưởng", "Hướng dẫn", "Danh mục"]
    sheet = book["Lịch sử khen thưởng"]
    assert [c.value for c in sheet[1]] == ["Năm", "Đơn vị", "Hình thức khen thưởng",
                                           "Họ tên cá nhân (để trống: tập thể đơn vị)", "Số, ký hiệu quyết định",
                                           "Ngày quyết định"]
    catalogue = [[c.value for c in row] for row in book["Danh mục"].iter_rows()]
    assert ["co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", "Tập thể"] in catalogue
    assert ["Sở Văn hóa", "SVH", "Sở Văn hóa và Thể thao"] in catalogue
    sheet.append(list(GOOD[0]))
    output = BytesIO()
    book.save(output)
    run_import(w, SimpleUploadedFile("mau.xlsx", output.getvalue()))
    assert imported(w)[0][:3] == (2019, "Sở Tài chính", "co_thi_dua_tinh")


def test_five_thousand_rows_import_in_one_transaction(history):
    """5,000 rows (1,000 units × 5 years): every row written, one audit event, a constant handful of queries."""
    w = history
    Department.objects.bulk_create(Department(province=w.province, name=f"Đơn vị số {i:04d}") for i in range(1000))
    rows = [(2015 + i % 5, f"Đơn vị số {i // 5:04d}", "co_thi_dua_tinh", None, f"{i}/QĐ-UBND",
             D(2016 + i % 5, 1, 10)) for i in range(5000)]
    upload = xlsx(rows)
    parsed, digest = read_history_file(upload)
    with CaptureQueriesContext(connection) as captured:
        result = import_award_history(province=w.province, rows=parsed, user=w.board, file_hash=digest, today=TODAY)
    assert result.count == 5000
    assert Award.objects.filter(department__province=w.province).count() == 5000
    assert AuditEvent.objects.filter(event_type=EVENT_TYPE).count() == 1
    statements = [q["sql"] for q in captured.captured_queries]
    assert sum(s.startswith('INSERT INTO "awards_award"') for s in statements) == 5  # batches of 1,000
    assert statements[0].startswith("SAVEPOINT") and statements[-1].startswith("RELEASE SAVEPOINT")
    assert len(statements) < 25
