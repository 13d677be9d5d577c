"""Award history as an Excel sheet: the template the Board fills in, and reading a filled one into rows for
awards.domain.history.import_award_history.

The sheet has one header row (within the first 10 rows) with these columns, in any order; other columns are
ignored: Năm | Đơn vị | Hình thức khen thưởng | Họ tên cá nhân (optional column) | Số, ký hiệu quyết định |
Ngày quyết định. English keys (year, department, award_type, person_name, decision_reference, decided_on) are
accepted too, for files made by programs. Rows are numbered as Excel numbers them.
"""
import hashlib
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from awards.domain.history import ImportRow
from awards.enums import Recipient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_SHEET_ROWS = 20_010
# The sheet's layout is Vietnamese whatever language the user reads the site in.
HEADERS = [("year", "Năm"), ("department", "Đơn vị"), ("award_type", "Hình thức khen thưởng"),
           ("person_name", "Họ tên cá nhân (để trống: tập thể đơn vị)"),
           ("decision_reference", "Số, ký hiệu quyết định"), ("decided_on", "Ngày quyết định")]
REQUIRED = {"year", "department", "award_type", "decision_reference", "decided_on"}
PREFIXES = [("năm", "year"), ("đơn vị", "department"), ("tên đơn vị", "department"), ("hình thức", "award_type"),
            ("danh hiệu", "award_type"), ("họ tên", "person_name"), ("cá nhân", "person_name"),
            ("số", "decision_reference"), ("ngày", "decided_on")]
WIDTHS = [8, 45, 40, 30, 24, 16]


def template_filename(province):
    base = slugify(province.name.replace("Đ", "D").replace("đ", "d")) or "tinh"
    return f"mau-lich-su-khen-thuong-{base}.xlsx"


def read_history_file(file):
    """(rows, sha256 of the file): every non-empty row under the header, as ImportRow."""
    if getattr(file, "size", 0) > MAX_FILE_SIZE:
        raise ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    digest = hashlib.sha256(content).hexdigest()
    lines = _sheet_rows(content)
    header_index, columns = _find_header(lines)
    rows = []
    for index in range(header_index + 1, len(lines)):
        values = {key: lines[index][position] if position < len(lines[index]) else None
                  for key, position in columns.items()}
        if any(value is not None and str(value).strip() for value in values.values()):
            rows.append(ImportRow(number=index + 1, values=values))
    return rows, digest


def _sheet_rows(content):
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size: read every row there is
        lines = []
        for row in sheet.iter_rows(min_row=1, values_only=True):
            lines.append(row)
            if len(lines) > MAX_SHEET_ROWS:
                raise ValidationError(_("Tệp có quá nhiều dòng (tối đa %(n)s dòng khen thưởng).")
                                      % {"n": MAX_SHEET_ROWS - 10})
        return lines
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise ValidationError(_("Không đọc được trang tính đầu tiên của tệp Excel.")) from exc
    finally:
        book.close()


def _find_header(lines):
    for index, row in enumerate(lines[:10]):
        columns = {}
        for position, value in enumerate(row):
            key = _header_key(value)
            if key and key not in columns:
                columns[key] = position
        if REQUIRED <= set(columns):
            return index, columns
    raise ValidationError(_("Không tìm thấy dòng tiêu đề cột (Năm | Đơn vị | Hình thức khen thưởng | Họ tên cá nhân | "
                            "Số, ký hiệu quyết định | Ngày quyết định) trong 10 dòng đầu; hãy dùng tệp mẫu."))


def _header_key(value):
    text = " ".join(str(value or "").split()).lower()
    if text in {key for key, _label in HEADERS}:
        return text
    return next((key for prefix, key in PREFIXES if text.startswith(prefix)), None)


# --- the template ---------------------------------------------------------------------------------------


def history_template(*, province, award_types, departments):
    """The .xlsx the Board fills in: the import sheet, then instructions and the province's catalogues."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Lịch sử khen thưởng"
    sheet.append([label for _key, label in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in range(2, 5002):  # dates typed in the template stay dates
        sheet.cell(row=row, column=6).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    _instructions(book.create_sheet("Hướng dẫn"), province)
    _catalogue(book.create_sheet("Danh mục"), award_types, departments)
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _instructions(sheet, province):
    lines = [
        f"Nhập lịch sử khen thưởng – {province.name}",
        "Mỗi dòng của trang “Lịch sử khen thưởng” là một khen thưởng đã nhận; giữ nguyên dòng tiêu đề.",
        "Năm: năm thi đua được khen thưởng (số, ví dụ 2019), từ 1945 đến năm nay.",
        "Đơn vị: tên đơn vị đúng như trong hệ thống (trang “Danh mục”), tên của đơn vị trong năm đó, "
        "hoặc tên viết tắt.",
        "Hình thức khen thưởng: mã hoặc tên trong trang “Danh mục”.",
        "Họ tên cá nhân: để trống khi khen thưởng tập thể đơn vị.",
        "Số, ký hiệu quyết định: ví dụ 125/QĐ-UBND. Ngày quyết định: dạng dd/mm/yyyy.",
        "Tệp được nhập toàn bộ hoặc không dòng nào: mọi dòng lỗi được nêu số dòng và lý do.",
        "Ví dụ: 2019 | Sở Tài chính | co_thi_dua_tinh | (trống) | 125/QĐ-UBND | 15/01/2020",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120


def _catalogue(sheet, award_types, departments):
    sheet.append(["Mã hình thức", "Tên hình thức khen thưởng", "Đối tượng"])
    for award_type in award_types:
        sheet.append([award_type.code, award_type.name,
                      "Cá nhân" if award_type.recipient == Recipient.INDIVIDUAL else "Tập thể"])
    sheet.append([])
    sheet.append(["Tên đơn vị", "Tên viết tắt", "Đơn vị kế thừa"])
    for department in departments:
        sheet.append([department.name, department.short_name,
                      department.successor.name if department.successor_id else ""])
    for column, width in (("A", 45), ("B", 45), ("C", 45)):
        sheet.column_dimensions[column].width = width
