"""The province's reward money of a year by award type (tổng hợp tiền thưởng) as an Excel workbook."""
import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = [6, 48, 14, 22]
MONEY_FORMAT = "#,##0"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def money_filename(*, province, year):
    base = slugify(province.name.replace("Đ", "D").replace("đ", "d")) or "tinh"
    return f"tien-thuong-{base}-{year or 'chua-co'}.xlsx"


def _heading(ws, province, year):
    ws.append([province.board_name or _("Ban Thi đua - Khen thưởng %(province)s") % {"province": province.name}])
    ws.append([_("TỔNG HỢP TIỀN THƯỞNG THEO HÌNH THỨC KHEN THƯỞNG NĂM %(year)s") % {"year": year or ""}])
    ws.append([_("Theo các quyết định khen thưởng đã ghi nhận (không tính quyết định đã thu hồi); lập lúc %(at)s")
               % {"at": timezone.localtime().strftime("%H:%M %d/%m/%Y")}])
    ws.append([])
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=13)
    ws["A3"].font = Font(italic=True)


def _row(ws, values, *, bold=False):
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.border = BOX
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if bold:
            cell.font = Font(bold=True)
    ws.cell(row=ws.max_row, column=4).number_format = MONEY_FORMAT


def export_money(*, province, year, totals):
    """The workbook's bytes: a heading, one row per award type (number of awards, amount in đồng) and the
    total. `totals` is queries.records.MoneyTotals (None: the province has no recorded decision)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Tiền thưởng")
    _heading(ws, province, year)
    ws.append([_("STT"), _("Hình thức khen thưởng"), _("Số lượng"), _("Số tiền (đồng)")])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    rows = totals.rows if totals else []
    for number, row in enumerate(rows, start=1):
        _row(ws, [number, row.award_type, row.count, int(row.amount)])
    _row(ws, ["", _("Tổng cộng"), totals.count if totals else 0, int(totals.amount) if totals else 0], bold=True)
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=header_row, column=index).column_letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
