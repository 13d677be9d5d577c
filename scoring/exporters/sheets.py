"""A score sheet as an Excel workbook, and back.

The export lists every criterion of the scale (groups in bold) with its maximum, the points, the comment and
the cell's version; the sheet's id sits in the heading so that a file cannot be imported into another sheet.
Reading returns rows for scoring.domain.sheets.import_scores, which applies the rules all or nothing.
"""
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from scoring.domain.queries.sheets import sheet_rows
from scoring.domain.rounds import sheet_label
from scoring.domain.sheets import ImportRow, format_points, sheet_totals

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SHEET_ID_LABEL = "Mã phiếu:"  # not translated: the importer looks for it whatever the language
COLUMNS = ["code", "title", "kind", "max_points", "points", "comment", "version"]
WIDTHS = [10, 60, 16, 12, 10, 50, 12]


def _headers():
    return [_("Mã"), _("Nội dung tiêu chí"), _("Loại"), _("Điểm tối đa"), _("Điểm"), _("Nhận xét"),
            _("Phiên bản (không sửa)")]


def export_filename(sheet):
    return f"phieu-cham-{sheet.pk}-{slugify(sheet.scored.name)[:40]}.xlsx"


def export_sheet(*, sheet):
    """The workbook's bytes: a heading naming the bloc, round, units and sheet id, then one row per criterion."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Phiếu chấm")
    bloc_year = sheet.round.bloc_year
    totals = sheet_totals(sheet)
    heading = [
        [_("PHIẾU CHẤM ĐIỂM THI ĐUA")],
        [_("Khối:"), f"{bloc_year.bloc.name} – {bloc_year.year}"],
        [_("Đợt chấm:"), sheet.round.get_kind_display()],
        [_("Phiếu:"), sheet_label(sheet)],
        [_("Tổng điểm:"), f"{format_points(totals['total'])} / {format_points(totals['max'])}"],
        [SHEET_ID_LABEL, sheet.pk],
        [],
    ]
    for row in heading:
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(_headers())
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for criterion, entry in sheet_rows(sheet=sheet):
        ws.append(_row(criterion, entry))
        if not criterion.is_leaf:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(indent=criterion.depth, wrap_text=True)
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + index)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(criterion, entry):
    points = entry.points if entry is not None and entry.points is not None else None
    return [criterion.code, criterion.title, criterion.get_kind_display(), float(criterion.max_points),
            float(points) if points is not None else None,
            entry.comment if entry is not None else None,
            entry.version if entry is not None and criterion.is_leaf else (0 if criterion.is_leaf else None)]


def read_sheet_file(*, sheet, upload):
    """ImportRows from an uploaded workbook exported from this sheet; an unreadable or foreign file is refused."""
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp Excel."))
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("Tệp Excel quá lớn: tối đa 5 MB."))
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, IndexError):
        raise ValidationError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from None
    _check_sheet_id(rows, sheet)
    header = _header_index(rows)
    return [_import_row(number, row) for number, row in enumerate(rows[header + 1:], start=header + 2)
            if any(value not in (None, "") for value in row)]


def _check_sheet_id(rows, sheet):
    found = next((row[1] for row in rows[:20] if len(row) > 1 and row[0] == SHEET_ID_LABEL), None)
    if found is None:
        raise ValidationError(_("Tệp không có dòng “Mã phiếu”: hãy dùng tệp tải về từ phiếu chấm này."))
    if str(found).strip() != str(sheet.pk):
        raise ValidationError(_("Tệp này thuộc phiếu chấm khác (mã phiếu %(found)s), không phải phiếu %(id)s.")
                              % {"found": found, "id": sheet.pk})


def _header_index(rows):
    labels = {"Mã", _("Mã")}
    for index, row in enumerate(rows[:30]):
        if row and row[0] in labels:
            return index
    raise ValidationError(_("Không tìm thấy dòng tiêu đề của bảng điểm (cột “Mã”)."))


def _import_row(number, row):
    values = dict(zip(COLUMNS, list(row) + [None] * (len(COLUMNS) - len(row))))
    code = "" if values["code"] is None else str(values["code"]).strip()
    comment = "" if values["comment"] is None else str(values["comment"])
    return ImportRow(line=number, code=code, points=values["points"], comment=comment, version=values["version"])
