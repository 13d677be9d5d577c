"""The Board's charts, drawn on the server as plain SVG with the scoring charts' helpers, so that the pages and
the PDF reports share one drawing: nominations against quotas by bloc, and score and ranking trends across
years. No script and no style attribute; each chart has a <title> and a <desc>, each mark its own <title>
with the exact figures; every text is escaped.
"""
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from scoring.charts import GRID, PALETTE, TEXT, _num, _short, _svg

QUOTA_FILL, PENDING_FILL, APPROVED_FILL = "#f8f9fa", PALETTE[0], PALETTE[2]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]


def _legend(items, x, y):
    """[(colour, text)] in one row."""
    parts, offset = [], x
    for colour, text in items:
        parts.append(f'<rect x="{_num(offset)}" y="{y}" width="12" height="12" fill="{colour}" stroke="{TEXT}" '
                     f'stroke-width="0.5"/><text x="{_num(offset + 18)}" y="{y + 11}" font-size="12" '
                     f'fill="{TEXT}">{escape(text)}</text>')
        offset += 30 + 7 * len(text)
    return f'<g>{"".join(parts)}</g>'


def quota_chart(*, rows, chart_id="quota-by-bloc"):
    """Per bloc, the places of its quotas (an outlined bar) and, inside, the nominations approved and those
    awaiting the Board's decision. `rows`: [(bloc name, places, pending, approved)]."""
    rows = list(rows)
    label_w, bar_w, value_w, row_h, top = 250, 380, 150, 26, 30
    width, height = label_w + bar_w + value_w, top + row_h * max(len(rows), 1) + 24
    highest = max([1, *(max(places or 0, pending + approved) for _n, places, pending, approved in rows)])
    scale = bar_w / highest
    body = [_legend([(QUOTA_FILL, _("Chỉ tiêu")), (APPROVED_FILL, _("Đã chấp thuận")),
                     (PENDING_FILL, _("Đang chờ Ban TĐKT"))], label_w, 6),
            _axis(label_w, top, bar_w, row_h * max(len(rows), 1), highest)]
    for index, (name, places, pending, approved) in enumerate(rows):
        y = top + index * row_h
        tip = _("%(bloc)s: chỉ tiêu %(places)s, đã chấp thuận %(approved)s, đang chờ %(pending)s") % {
            "bloc": name, "places": places if places is not None else "—", "approved": approved, "pending": pending}
        body.append(
            f'<g><title>{escape(tip)}</title>'
            f'<text x="{label_w - 8}" y="{_num(y + row_h * 0.65)}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f'{escape(_short(name, 34))}</text>'
            f'<rect x="{label_w}" y="{_num(y + 3)}" width="{_num((places or 0) * scale)}" height="{row_h - 6}" '
            f'fill="{QUOTA_FILL}" stroke="{TEXT}" stroke-width="1"/>'
            f'<rect x="{label_w}" y="{_num(y + 7)}" width="{_num(approved * scale)}" height="{row_h - 14}" '
            f'fill="{APPROVED_FILL}"/>'
            f'<rect x="{_num(label_w + approved * scale)}" y="{_num(y + 7)}" width="{_num(pending * scale)}" '
            f'height="{row_h - 14}" fill="{PENDING_FILL}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{_num(y + row_h * 0.65)}" font-size="12" fill="{TEXT}">'
            f'{escape(_quota_text(places, pending, approved))}</text></g>')
    description = _("Biểu đồ thanh ngang: với mỗi khối, số đề nghị đã chấp thuận và đang chờ so với chỉ tiêu "
                    "được giao (%(n)s khối). Số liệu chi tiết ở bảng chỉ tiêu.") % {"n": len(rows)}
    return _svg(chart_id, width, height, _("Đề nghị khen thưởng so với chỉ tiêu, theo khối"), description, body)


def _quota_text(places, pending, approved):
    return _("%(used)s/%(places)s") % {"used": pending + approved, "places": places if places is not None else "—"}


def _axis(x0, y0, width, height, highest, steps=4):
    lines = []
    for step in range(steps + 1):
        x = x0 + width * step / steps
        value = highest * step / steps
        shown = f"{value:g}" if value == int(value) else f"{value:.1f}".replace(".", ",")
        lines.append(f'<line x1="{_num(x)}" y1="{y0}" x2="{_num(x)}" y2="{_num(y0 + height)}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{_num(x)}" y="{_num(y0 + height + 16)}" text-anchor="middle" '
                     f'font-size="11" fill="{TEXT}">{shown}</text>')
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


LEGEND_COLUMN = 210


def line_chart(*, chart_id, title, description, years, series, low, high, inverted=False, unit="", steps=4):
    """One line per series across the years; a missing value breaks the line. `series`: [(label, [value or
    None per year])]. `inverted` draws `low` at the top (a rank: 1 is best)."""
    left, top, plot_w, plot_h = 56, 12, max(120 * max(len(years) - 1, 1), 240), 220
    legend_rows = (len(series) + 2) // 3
    # The legend's columns (LEGEND_COLUMN wide) may reach past a short plot: the drawing must hold them.
    width = max(left + plot_w + 40, left + min(len(series), 3) * LEGEND_COLUMN)
    height = top + plot_h + 34 + 22 * legend_rows
    span = (high - low) or 1

    def y_of(value):
        share = (float(value) - float(low)) / float(span)
        return top + (share if inverted else 1 - share) * plot_h

    def x_of(index):
        return left + (plot_w * index / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    body = [_y_axis(left, plot_w, low, high, y_of, steps), _x_axis(years, x_of, top + plot_h)]
    for j, (label, values) in enumerate(series):
        body.append(_series(j, label, values, years, x_of, y_of, unit))
    body.append(_series_legend(series, top + plot_h + 34))
    return _svg(chart_id, width, height, title, description, body)


def _y_axis(left, plot_w, low, high, y_of, steps=4):
    lines = []
    for step in range(steps + 1):
        value = Decimal(low) + (Decimal(high) - Decimal(low)) * step / steps
        y = y_of(value)
        shown = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")
        lines.append(f'<line x1="{left}" y1="{_num(y)}" x2="{_num(left + plot_w)}" y2="{_num(y)}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="11" '
                     f'fill="{TEXT}">{shown}</text>')
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def _x_axis(years, x_of, y):
    return '<g aria-hidden="true">' + "".join(
        f'<text x="{_num(x_of(i))}" y="{_num(y + 18)}" text-anchor="middle" font-size="12" fill="{TEXT}">{year}</text>'
        for i, year in enumerate(years)) + "</g>"


def _series(j, label, values, years, x_of, y_of, unit):
    colour, dash = PALETTE[j % len(PALETTE)], DASHES[(j // len(PALETTE)) % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    segments, current, marks = [], [], []
    for i, value in enumerate(values):
        if value is None:
            segments, current = segments + ([current] if current else []), []
            continue
        current.append(f"{_num(x_of(i))},{_num(y_of(value))}")
        shown = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") if not isinstance(value, int) else value
        tip = f"{label} – {years[i]}: {shown}{unit}"
        marks.append(f'<circle cx="{_num(x_of(i))}" cy="{_num(y_of(value))}" r="4" fill="{colour}">'
                     f'<title>{escape(tip)}</title></circle>')
    segments += [current] if current else []
    lines = "".join(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"'
                    f'{dash_attr}/>' for points in segments if len(points) > 1)
    return f'<g><title>{escape(label)}</title>{lines}{"".join(marks)}</g>'


def _series_legend(series, top):
    items = []
    for j, (label, _values) in enumerate(series):
        x, y = 56 + (j % 3) * LEGEND_COLUMN, top + (j // 3) * 22
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[(j // len(PALETTE)) % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(f'<line x1="{x}" y1="{y + 6}" x2="{x + 22}" y2="{y + 6}" stroke="{colour}" stroke-width="3"'
                     f'{dash_attr}/><text x="{x + 28}" y="{y + 11}" font-size="12" fill="{TEXT}">'
                     f'{escape(_short(label, 28))}</text>')
    return f'<g>{"".join(items)}</g>'


def _by_year(points, key):
    years = sorted({p.year for p in points})
    names, values = {}, {}
    for p in points:
        names.setdefault(p.department_id, p.name)
        values[p.department_id, p.year] = key(p)
    series = [(name, [values.get((department_id, year)) for year in years]) for department_id, name in names.items()]
    return years, series


def score_trend_chart(*, points, chart_id="score-trend", subject=""):
    """Year-end final scores as a percentage of each year's scale total (scales of 100 and 1,000 compare)."""
    years, series = _by_year(points, lambda p: p.percent)
    description = _("Biểu đồ đường: điểm cuối cùng tổng kết năm của %(subject)s theo từng năm, tính theo phần "
                    "trăm tổng điểm của thang điểm năm đó. Số liệu chi tiết ở bảng bên dưới.") % {"subject": subject}
    return line_chart(chart_id=chart_id, title=_("Điểm tổng kết năm qua các năm (% tổng điểm)"),
                      description=description, years=years, series=series, low=0,
                      high=max([100, *(v for _l, vs in series for v in vs if v is not None)]), unit="%")


def rank_trend_chart(*, points, chart_id="rank-trend", subject=""):
    """Year-end ranks across the years, first place at the top."""
    years, series = _by_year(points, lambda p: p.rank)
    lowest = max([2, *(v for _l, vs in series for v in vs if v is not None)])
    description = _("Biểu đồ đường: thứ hạng tổng kết năm của %(subject)s theo từng năm (hạng 1 ở trên cùng). "
                    "Số liệu chi tiết ở bảng bên dưới.") % {"subject": subject}
    return line_chart(chart_id=chart_id, title=_("Thứ hạng tổng kết năm qua các năm"), description=description,
                      years=years, series=series, low=1, high=lowest, inverted=True, steps=lowest - 1)
