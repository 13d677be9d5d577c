"""A scoring scale as an Excel sheet in the layout provinces publish, and back.

Columns: STT/Mã | Nội dung tiêu chí | Điểm tối đa | Loại | Minh chứng | Hướng dẫn chấm, under a title row;
group rows in bold; a "Tổng cộng" row with the declared total and a "Trần điểm thưởng" row after the
criteria. The hierarchy is read from the codes (I → I.1 → I.1.a). An import is all or nothing: it lists
every bad row and why, then the scale's own checks, and changes nothing unless all of them pass.
"""
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.exceptions import InvalidFileException

from scoring.domain import scales as services
from scoring.domain.queries.scales import scale_criteria
from scoring.domain.scale_checks import MAX_DEPTH, CriterionSpec, criteria_rows
from scoring.enums import CriterionKind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 3000
# The published layout is Vietnamese whatever language the user reads the site in.
HEADERS = ["STT/Mã", "Nội dung tiêu chí", "Điểm tối đa", "Loại", "Minh chứng", "Hướng dẫn chấm"]
KIND_LABELS = {CriterionKind.NORMAL: "Tiêu chí", CriterionKind.BONUS: "Điểm thưởng",
               CriterionKind.PENALTY: "Điểm trừ"}
KIND_WORDS = {"tiêu chí": CriterionKind.NORMAL, "tiêu chí chấm điểm": CriterionKind.NORMAL,
              "normal": CriterionKind.NORMAL, "điểm thưởng": CriterionKind.BONUS, "thưởng": CriterionKind.BONUS,
              "bonus": CriterionKind.BONUS, "điểm trừ": CriterionKind.PENALTY, "trừ": CriterionKind.PENALTY,
              "penalty": CriterionKind.PENALTY}
YES = {"có", "co", "x", "yes", "true", "1"}
NO = {"", "không", "khong", "no", "false", "0"}
TOTAL_LABEL, CAP_LABEL = "Tổng cộng (tiêu chí chấm điểm)", "Trần điểm thưởng"
COLUMN_WIDTHS = [10, 70, 12, 14, 12, 50]


# ---------------------------------------------------------------------------------------------- export

def export_scale(scale):
    """The scale as .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Thang điểm"
    _title(sheet, scale)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append(HEADERS)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.border = Font(bold=True), border
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    rows, _roots = criteria_rows(scale_criteria(scale))
    for row in rows:
        node = row.node
        sheet.append([node.code, node.title, _number(node.max_points), KIND_LABELS[node.kind],
                      "Có" if node.evidence_required else "Không", node.guidance])
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True, indent=row.depth if cell.column == 2 else 0)
            cell.font = Font(bold=row.depth == 0)
    for label, value in ((TOTAL_LABEL, scale.total), (CAP_LABEL, scale.bonus_cap)):
        sheet.append(["", label, _number(value)])
        for cell in sheet[sheet.max_row][:3]:
            cell.font, cell.border = Font(bold=True), border
    for index, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions["ABCDEF"[index]].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(scale):
    """An ASCII file name: "Thang điểm khối" → "thang-diem-khoi.xlsx" (đ has no ASCII decomposition)."""
    return f"{slugify(scale.name.replace('Đ', 'D').replace('đ', 'd')) or 'thang-diem'}.xlsx"


def _title(sheet, scale):
    sheet.append([scale.name.upper()])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    note = f"Tổng điểm: {_text(scale.total)}; trần điểm thưởng: {_text(scale.bonus_cap)}."
    if scale.is_illustrative:
        note += " Thang điểm mẫu minh họa, không phải văn bản chính thức."
    sheet.append([note])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    sheet["A2"].font = Font(italic=True)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append([])


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def _text(value):
    return str(_number(value)).replace(".", ",")


# ---------------------------------------------------------------------------------------------- import

@dataclass
class ParsedScale:
    specs: list = field(default_factory=list)
    total: Decimal | None = None
    bonus_cap: Decimal | None = None
    errors: list = field(default_factory=list)
    ended: bool = False  # after the total row only the bonus-cap row is read (signatures, notes follow)


def import_scale(*, scale, file, user):
    """Replace the scale's criteria with the sheet's (and its total and bonus cap when the sheet gives them)."""
    parsed = parse_scale_file(file)
    return services.replace_criteria(scale=scale, criteria=parsed.specs, user=user, total=parsed.total,
                                     bonus_cap=parsed.bonus_cap)


def parse_scale_file(file):
    """Read the sheet into specs; raises ValidationError listing every bad row (Vietnamese)."""
    if getattr(file, "size", 0) > MAX_FILE_SIZE:
        raise ValidationError(_("Tệp quá lớn (tối đa 2 MB)."))
    rows = _read_rows(file)
    header_index, columns = _find_header(rows)
    parsed = ParsedScale()
    seen = {}
    for index in range(header_index + 1, len(rows)):
        _parse_row(rows[index], index + 1, columns, parsed, seen)
    if not parsed.specs and not parsed.errors:
        parsed.errors.append(_("Tệp không có dòng tiêu chí nào."))
    if parsed.errors:
        raise ValidationError(parsed.errors)
    return parsed


def _read_rows(file):
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationError(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise ValidationError(_("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS})
        return rows
    finally:
        book.close()


def _find_header(rows):
    for index, row in enumerate(rows[:10]):
        columns = {}
        for position, value in enumerate(row):
            key = _header_key(_clean(value).lower())
            if key and key not in columns:
                columns[key] = position
        if {"code", "title", "max_points"} <= set(columns):
            return index, columns
    raise ValidationError(_("Không tìm thấy dòng tiêu đề cột (STT/Mã | Nội dung tiêu chí | Điểm tối đa | Loại | "
                            "Minh chứng | Hướng dẫn chấm) trong 10 dòng đầu."))


def _header_key(text):
    for prefix, key in (("stt", "code"), ("mã", "code"), ("nội dung", "title"), ("điểm tối đa", "max_points"),
                        ("loại", "kind"), ("minh chứng", "evidence"), ("hướng dẫn", "guidance")):
        if text.startswith(prefix):
            return key
    return None


def _parse_row(row, number, columns, parsed, seen):
    def cell(key):
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else None

    code, title = _code(cell("code")), _clean(cell("title"))
    if not code and not title and cell("max_points") in (None, ""):
        return
    if not code and title.lower().startswith(("tổng cộng", "trần điểm thưởng")):
        _summary_row(title, cell("max_points"), number, parsed)
        parsed.ended = True
        return
    if parsed.ended:
        return
    errors = parsed.errors
    before = len(errors)
    parent = _parent_code(code)
    max_points = _row_points(cell("max_points"), number, errors)
    kind = _row_kind(cell("kind"), number, errors)
    evidence = _row_evidence(cell("evidence"), number, errors)
    _check_code(code, number, seen, errors)
    _check_title(title, number, errors)
    parent_spec = _check_parent(code, parent, number, seen, errors)
    if parent_spec is not None and kind is not None and kind != parent_spec.kind:
        errors.append(_("Dòng %(row)s: loại '%(kind)s' khác loại của nhóm '%(parent)s' (%(parent_kind)s)") % {
            "row": number, "kind": KIND_LABELS[kind], "parent": parent, "parent_kind": KIND_LABELS[parent_spec.kind]})
    if len(errors) > before:
        if code and code not in seen:
            seen[code] = (number, None)
        return
    kind = kind or (parent_spec.kind if parent_spec else CriterionKind.NORMAL)
    spec = CriterionSpec(code=code, title=title, kind=kind, max_points=max_points, evidence_required=evidence,
                         guidance=_clean(cell("guidance")), parent_code=parent)
    seen[code] = (number, spec)
    parsed.specs.append(spec)


def _summary_row(title, value, number, parsed):
    label = _("tổng điểm") if title.lower().startswith("tổng cộng") else _("trần điểm thưởng")
    points = _points(value, number, label, parsed.errors)
    if title.lower().startswith("tổng cộng"):
        parsed.total = points
    else:
        parsed.bonus_cap = points


def _check_code(code, number, seen, errors):
    if not code:
        errors.append(_("Dòng %(row)s: thiếu mã (STT/Mã)") % {"row": number})
    elif len(code) > 20:
        errors.append(_("Dòng %(row)s: mã '%(code)s' dài quá 20 ký tự") % {"row": number, "code": code})
    elif code in seen:
        errors.append(_("Dòng %(row)s: mã '%(code)s' trùng với dòng %(other)s")
                      % {"row": number, "code": code, "other": seen[code][0]})
    elif code.count(".") >= MAX_DEPTH:
        errors.append(_("Dòng %(row)s: mã '%(code)s' quá 3 cấp (nhóm → tiêu chí → tiêu chí con)")
                      % {"row": number, "code": code})


def _check_title(title, number, errors):
    if not title:
        errors.append(_("Dòng %(row)s: thiếu nội dung tiêu chí") % {"row": number})
    elif len(title) > 500:
        errors.append(_("Dòng %(row)s: nội dung tiêu chí dài quá 500 ký tự") % {"row": number})


def _check_parent(code, parent, number, seen, errors):
    if parent is None:
        return None
    if parent not in seen:
        errors.append(_("Dòng %(row)s: không tìm thấy nhóm '%(parent)s' của mã '%(code)s' ở các dòng trên")
                      % {"row": number, "parent": parent, "code": code})
        return None
    return seen[parent][1]


def _row_points(value, number, errors):
    if value is None or _clean(value) == "":
        errors.append(_("Dòng %(row)s: thiếu điểm tối đa") % {"row": number})
        return None
    return _points(value, number, _("điểm tối đa"), errors)


def _points(value, number, label, errors):
    text = _clean(value)
    try:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            points = Decimal(str(value))
        else:
            points = Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
        if not points.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(_("Dòng %(row)s: %(label)s '%(value)s' không phải là số")
                      % {"row": number, "label": label, "value": text})
        return None
    if points < 0:
        errors.append(_("Dòng %(row)s: %(label)s không được âm") % {"row": number, "label": label})
    elif points != points.quantize(Decimal("0.01")):
        errors.append(_("Dòng %(row)s: %(label)s '%(value)s' có quá 2 chữ số thập phân")
                      % {"row": number, "label": label, "value": text})
    elif points > services.MAX_POINTS:
        errors.append(_("Dòng %(row)s: %(label)s '%(value)s' quá lớn") % {"row": number, "label": label, "value": text})
    else:
        return points.quantize(Decimal("0.01"))
    return None


def _row_kind(value, number, errors):
    text = _clean(value)
    if not text:
        return None
    kind = KIND_WORDS.get(text.lower())
    if kind is None:
        errors.append(_("Dòng %(row)s: loại '%(value)s' không hợp lệ (dùng Tiêu chí, Điểm thưởng hoặc Điểm trừ)")
                      % {"row": number, "value": text})
    return kind


def _row_evidence(value, number, errors):
    if isinstance(value, bool):
        return value
    text = _clean(value).lower()
    if text in YES:
        return True
    if text not in NO:
        errors.append(_("Dòng %(row)s: minh chứng '%(value)s' không hợp lệ (dùng Có hoặc Không)")
                      % {"row": number, "value": _clean(value)})
    return False


def _parent_code(code):
    return code.rsplit(".", 1)[0] if code and "." in code else None


def _code(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(value).rstrip(".")


def _clean(value):
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()
