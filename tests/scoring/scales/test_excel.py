"""Excel export and import of a scale: the published layout, a lossless round trip, all-or-nothing imports."""
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from scoring.domain.queries.scales import scale_criteria
from scoring.domain.scale_checks import specs_from_criteria
from scoring.exporters.scales import HEADERS, export_scale, import_scale, parse_scale_file
from scoring.models import Criterion, ScoringScale
from tests.scoring.scales.conftest import B, P, spec, write_tree

pytestmark = pytest.mark.integration


def tree(scale):
    return [s.as_dict() for s in specs_from_criteria(scale_criteria(scale))]


def workbook(*rows, title="THANG ĐIỂM"):
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


def state():
    return (AuditEvent.objects.count(),
            sorted(Criterion.objects.values_list("scale_id", "code", "title", "kind", "max_points", "position")),
            sorted(ScoringScale.objects.values_list("pk", "total", "bonus_cap", "version")))


@pytest.fixture
def empty_template(world):
    return ScoringScale.objects.create(province=world.province, name="Mẫu trống", total=100, bonus_cap=10)


def test_export_has_the_published_layout(template):
    sheet = load_workbook(BytesIO(export_scale(template))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "MẪU CỦA TỈNH"
    assert rows[1][0] == "Tổng điểm: 100; trần điểm thưởng: 10."
    assert rows[3] == HEADERS
    assert rows[4] == ["I", "Nội dung I", 60, "Tiêu chí", "Không", None]
    assert rows[5] == ["I.1", "Nội dung I.1", 40, "Tiêu chí", "Có", "Đủ chỉ tiêu: 40 điểm."]
    assert rows[12] == ["T", "Nội dung T", 10, "Điểm thưởng", "Không", None]
    assert rows[15] == ["TR.1", "Nội dung TR.1", 5, "Điểm trừ", "Không", "Mỗi lần trừ 1 điểm."]
    assert rows[16][:3] == [None, "Tổng cộng (tiêu chí chấm điểm)", 100]
    assert rows[17][:3] == [None, "Trần điểm thưởng", 10]
    assert [sheet.cell(row=r, column=1).font.b for r in (5, 6, 8, 13)] == [True, False, True, True]


def test_round_trip_gives_the_same_tree(template, empty_template, world):
    import_scale(scale=empty_template, file=BytesIO(export_scale(template)), user=world.board)
    assert tree(empty_template) == tree(template)
    empty_template.refresh_from_db()
    assert (empty_template.total, empty_template.bonus_cap) == (Decimal("100"), Decimal("10"))


def test_round_trip_of_a_1000_point_scale_with_decimals(world, empty_template):
    source = ScoringScale.objects.create(province=world.province, name="Mẫu 1000", total=1000, bonus_cap=100,
                                         is_illustrative=True)
    write_tree(source, [spec("A", 1000), spec("A.1", 600.5, parent="A", guidance="Dòng 1\nDòng 2"),
                        spec("A.1.a", 600.5, parent="A.1", evidence=True), spec("A.2", 399.5, parent="A"),
                        spec("B", 100, B), spec("B.1", 100, B, parent="B"), spec("C", 0.25, P),
                        spec("C.1", 0.25, P, parent="C")])
    import_scale(scale=empty_template, file=BytesIO(export_scale(source)), user=world.board)
    empty_template.refresh_from_db()
    assert (tree(empty_template), empty_template.total, empty_template.bonus_cap) == (
        tree(source), Decimal("1000"), Decimal("100"))


def test_import_with_bad_rows_changes_nothing_and_names_each_row(bloc_year_scale, world):
    before = state()
    file = workbook(
        ("I", "Nhóm một", 60, "Tiêu chí", "Không"),
        ("I.1", "Hợp lệ", 60, "", "Có"),
        ("I.1.a", "Con hợp lệ", 60),
        ("I.2", "Điểm sai", "abc", "Tiêu chí", "Không"),       # row 7
        ("", "Thiếu mã", 5),                                  # row 8
        ("I.1", "Trùng mã", 5),                               # row 9
        ("II.1", "Không có nhóm", 5),                         # row 10
        ("I.3", "Loại sai", 5, "Thưởng thêm"),                # row 11
        ("I.4", "Minh chứng sai", 5, "Tiêu chí", "Có thể"),   # row 12
        ("I.5", "", 5),                                       # row 13
        ("I.6", "Âm", -5),                                    # row 14
        ("I.7", "Thiếu điểm", None),                          # row 15
        ("I.8", "Khác loại", 5, "Điểm trừ"),                   # row 16
        ("I.1.a.b", "Quá sâu", 1),                            # row 17
        ("I.9", "Ba chữ số", "1,255"),                        # row 18
    )
    with pytest.raises(ValidationError) as error:
        import_scale(scale=bloc_year_scale, file=file, user=world.secretariat)
    assert error.value.messages == [
        "Dòng 7: điểm tối đa 'abc' không phải là số",
        "Dòng 8: thiếu mã (STT/Mã)",
        "Dòng 9: mã 'I.1' trùng với dòng 5",
        "Dòng 10: không tìm thấy nhóm 'II' của mã 'II.1' ở các dòng trên",
        "Dòng 11: loại 'Thưởng thêm' không hợp lệ (dùng Tiêu chí, Điểm thưởng hoặc Điểm trừ)",
        "Dòng 12: minh chứng 'Có thể' không hợp lệ (dùng Có hoặc Không)",
        "Dòng 13: thiếu nội dung tiêu chí",
        "Dòng 14: điểm tối đa không được âm",
        "Dòng 15: thiếu điểm tối đa",
        "Dòng 16: loại 'Điểm trừ' khác loại của nhóm 'I' (Tiêu chí)",
        "Dòng 17: mã 'I.1.a.b' quá 3 cấp (nhóm → tiêu chí → tiêu chí con)",
        "Dòng 18: điểm tối đa '1,255' có quá 2 chữ số thập phân",
    ]
    assert state() == before


def test_import_of_well_formed_rows_that_do_not_add_up_changes_nothing(bloc_year_scale, world):
    before = state()
    file = workbook(("I", "Nhóm", 60), ("I.1", "Một", 50), ("II", "Trống", 0), ("", "Tổng cộng", 100))
    with pytest.raises(ValidationError) as error:
        import_scale(scale=bloc_year_scale, file=file, user=world.secretariat)
    assert error.value.messages == [
        "“I”: điểm tối đa 60 khác tổng điểm các tiêu chí con (50).",
        "Nhóm “II” chưa có tiêu chí nào.",
        "Tổng điểm các tiêu chí chấm điểm là 50, khác tổng điểm của thang điểm (100).",
    ]
    assert state() == before


def test_import_reads_text_numbers_and_stops_at_the_total_row(empty_template, world):
    file = workbook(("I", "Nhóm", "97,5"), ("I.1", "Một", "95,5"), ("I.2", "Hai", 2), ("", None, None),
                    ("", "Tổng cộng", "97,5"), ("", "Trần điểm thưởng", 0), ("", "Người lập biểu", None),
                    ("Ký tên", "", ""))
    import_scale(scale=empty_template, file=file, user=world.board)
    empty_template.refresh_from_db()
    assert (empty_template.total, empty_template.bonus_cap) == (Decimal("97.5"), Decimal("0"))
    assert [(c.code, c.max_points, c.parent.code if c.parent else None)
            for c in scale_criteria(empty_template)] == [
        ("I", Decimal("97.50"), None), ("I.1", Decimal("95.50"), "I"), ("I.2", Decimal("2.00"), "I")]
    [event] = AuditEvent.objects.filter(event_type="scale.criteria_replaced")
    assert (event.actor_id, event.old_value["criteria"], len(event.new_value["criteria"])) == (world.board.pk, [], 3)


def test_import_refuses_a_file_that_is_not_excel(empty_template, world):
    with pytest.raises(ValidationError) as error:
        parse_scale_file(BytesIO(b"%PDF-1.4 not a workbook"))
    assert error.value.messages == ["Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."]


def test_import_refuses_a_sheet_without_the_header_row(empty_template, world):
    book = Workbook()
    book.active.append(["Mã", "Tên"])
    out = BytesIO()
    book.save(out)
    with pytest.raises(ValidationError) as error:
        parse_scale_file(BytesIO(out.getvalue()))
    assert error.value.messages == [
        "Không tìm thấy dòng tiêu đề cột (STT/Mã | Nội dung tiêu chí | Điểm tối đa | Loại | Minh chứng | "
        "Hướng dẫn chấm) trong 10 dòng đầu."]


def test_import_refuses_an_empty_sheet(empty_template):
    with pytest.raises(ValidationError) as error:
        parse_scale_file(workbook())
    assert error.value.messages == ["Tệp không có dòng tiêu chí nào."]
