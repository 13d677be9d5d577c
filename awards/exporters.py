"""The province's proposal list to the Council (danh sách đề nghị khen thưởng) as an Excel workbook."""
import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from awards.enums import NominationStatus

WIDTHS = [6, 40, 40, 36, 8, 22, 60]
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def headers():
    return [_("STT"), _("Đơn vị"), _("Khối"), _("Hình thức khen thưởng"), _("Năm"), _("Trạng thái"), _("Căn cứ")]


def proposal_filename(*, province, year):
    base = slugify(province.name.replace("Đ", "D").replace("đ", "d")) or "tinh"
    return f"danh-sach-de-nghi-{base}-{year or 'tat-ca'}.xlsx"


def export_proposal_list(*, province, year, rows):
    """The workbook's bytes: a heading (the Board, the year, when it was drawn up), then one row per
    nomination of `rows` (board queries' ProposalRow) numbered from 1."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Danh sách đề nghị")
    ws.append([province.board_name or _("Ban Thi đua - Khen thưởng %(province)s") % {"province": province.name}])
    ws.append([_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM %(year)s") % {"year": year} if year
               else _("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")])
    ws.append([_("Trình Hội đồng Thi đua - Khen thưởng %(province)s; lập lúc %(at)s") % {
        "province": province.name, "at": timezone.localtime().strftime("%H:%M %d/%m/%Y")}])
    ws.append([])
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=13)
    ws["A3"].font = Font(italic=True)
    ws.append(headers())
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    # One named style for every body cell: far cheaper than setting border and alignment cell by cell.
    body = NamedStyle(name="body", border=BOX, alignment=Alignment(vertical="top", wrap_text=True))
    workbook.add_named_style(body)
    statuses = {value: str(label) for value, label in NominationStatus.choices}
    for number, row in enumerate(rows, start=1):
        n = row.nomination
        values = [number, n.department.name, n.bloc_year.bloc.name, n.award_type.name, n.bloc_year.year,
                  statuses[n.status], row.basis]
        for column, value in enumerate(values, start=1):  # cell by cell: ws.append + ws[row] rescan the sheet
            ws.cell(row=header_row + number, column=column, value=value).style = "body"
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=header_row, column=index).column_letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
