"""Charts drawn on the server as plain SVG, for the ranking page and the PDF reports.

No script and no style attribute (the Content-Security-Policy forbids inline style): colours and sizes are
presentation attributes. Every chart is an image with a <title> and a <desc>, and every bar carries its own
<title> with the exact figure, so a screen reader and a tooltip both give the numbers. All text is escaped.
"""
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from scoring.domain.aggregation import format_points

# Okabe–Ito: told apart with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TEXT = "#212529"
GRID = "#ced4da"
FONT = 'font-family="Liberation Sans, Arial, sans-serif"'


def _short(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _num(value):
    """SVG coordinates with at most two decimals and a dot."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _svg(chart_id, width, height, title, description, body):
    chart_id = escape(chart_id)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'{"".join(body)}</svg>')


def horizontal_bar_chart(*, chart_id, title, description, bars, max_value, unit=None):
    """One horizontal bar per (label, value) row; a value of None draws no bar and reads "—"."""
    unit = _("điểm") if unit is None else unit
    label_w, bar_w, value_w, row_h, top = 250, 380, 90, 26, 8
    width, height = label_w + bar_w + value_w, top + row_h * len(bars) + 24
    scale = bar_w / float(max_value) if max_value else 0
    body = [_grid(label_w, top, bar_w, row_h * len(bars), max_value)]
    for index, (label, value) in enumerate(bars):
        y = top + index * row_h
        shown = "—" if value is None else format_points(value)
        tip = f"{label}: {shown}" + (f" {unit}" if value is not None and unit else "")
        length = max(0.0, min(float(value or 0) * scale, bar_w))
        body.append(
            f'<g><title>{escape(tip)}</title>'
            f'<text x="{label_w - 8}" y="{_num(y + row_h * 0.65)}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f'{escape(_short(label, 34))}</text>'
            f'<rect x="{label_w}" y="{_num(y + 4)}" width="{_num(length)}" height="{row_h - 8}" fill="{PALETTE[0]}"/>'
            f'<text x="{_num(label_w + length + 6)}" y="{_num(y + row_h * 0.65)}" font-size="12" fill="{TEXT}">'
            f'{escape(shown)}</text></g>')
    return _svg(chart_id, width, height, title, description, body)


def _grid(x0, y0, width, height, max_value, steps=4):
    lines = []
    for step in range(steps + 1):
        x = x0 + width * step / steps
        value = Decimal(max_value or 0) * step / steps
        lines.append(f'<line x1="{_num(x)}" y1="{y0}" x2="{_num(x)}" y2="{_num(y0 + height)}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{_num(x)}" y="{_num(y0 + height + 16)}" text-anchor="middle" '
                     f'font-size="11" fill="{TEXT}">{escape(format_points(value).removesuffix(",00"))}</text>')
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def grouped_bar_chart(*, chart_id, title, description, categories, series, values):
    """Vertical bars grouped by category (a member), one per series (a criterion group), each drawn as a
    share of that series' maximum so groups of different weights compare.

    `series`: [(label, max_points)]; `values[i][j]`: the points of category i in series j (or None)."""
    n_series = max(len(series), 1)
    gap, left, top, legend_h = 18, 44, 12, 22 * ((len(series) + 2) // 3)
    # Room under the plot for the slanted member names (at most 26 characters are drawn).
    bottom = 24 + int(4.5 * max((min(len(str(c)), 26) for c in categories), default=0))
    # Bars widen to fill about 600 units when there are few members, between 8 and 28 units each.
    bar_w = int(min(28, max(8, (600 / max(len(categories), 1) - gap) / n_series)))
    group_w = n_series * bar_w + gap
    plot_h = 200
    width = max(left + 200 * min(len(series), 3), left + group_w * len(categories) + 10)
    height = top + legend_h + plot_h + bottom
    y0 = top + legend_h
    body = [_legend(series, top), _percent_axis(left, y0, width - left - 10, plot_h)]
    for i, (category, row) in enumerate(zip(categories, values)):
        x = left + i * group_w + gap / 2
        for j, ((label, maximum), value) in enumerate(zip(series, row)):
            share = 0.0 if not maximum or value is None else max(0.0, min(float(value) / float(maximum), 1.0))
            bar_h = plot_h * share
            shown = "—" if value is None else format_points(value)
            tip = _("%(member)s – nhóm %(group)s: %(points)s/%(max)s điểm (%(percent)s%%)") % {
                "member": category, "group": label, "points": shown, "max": format_points(maximum),
                "percent": format_points(Decimal(share * 100)).removesuffix(",00")}
            body.append(f'<rect x="{_num(x + j * bar_w)}" y="{_num(y0 + plot_h - bar_h)}" width="{bar_w - 2}" '
                        f'height="{_num(bar_h)}" fill="{PALETTE[j % len(PALETTE)]}">'
                        f'<title>{escape(tip)}</title></rect>')
        cx, cy = x + n_series * bar_w / 2, y0 + plot_h + 10
        body.append(f'<text x="{_num(cx)}" y="{_num(cy)}" transform="rotate(-40 {_num(cx)} {_num(cy)})" '
                    f'text-anchor="end" font-size="11" fill="{TEXT}">{escape(_short(category, 26))}</text>')
    return _svg(chart_id, width, height, title, description, body)


def _legend(series, top):
    items = []
    for j, (label, maximum) in enumerate(series):
        x, y = 44 + (j % 3) * 200, top + (j // 3) * 22
        text = _("Nhóm %(group)s (tối đa %(max)s)") % {"group": label, "max": format_points(maximum)}
        items.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
                     f'<text x="{x + 18}" y="{y + 11}" font-size="12" fill="{TEXT}">{escape(text)}</text>')
    return f'<g>{"".join(items)}</g>'


def _percent_axis(x0, y0, width, height):
    lines = []
    for percent in (0, 25, 50, 75, 100):
        y = y0 + height - height * percent / 100
        lines.append(f'<line x1="{x0}" y1="{_num(y)}" x2="{_num(x0 + width)}" y2="{_num(y)}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{x0 - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="11" '
                     f'fill="{TEXT}">{percent}%</text>')
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def final_scores_chart(*, rows, scale_total, chart_id="final-scores"):
    """The final scores in rank order. `rows`: [(member name, final score or None)]."""
    rows = list(rows)
    description = _("Biểu đồ thanh ngang: điểm cuối cùng của %(n)s đơn vị theo thứ tự xếp hạng, trên thang "
                    "%(total)s điểm. Số liệu chi tiết ở bảng xếp hạng.") % {
        "n": len(rows), "total": format_points(scale_total).removesuffix(",00")}
    # A bonus can lift a final score above the scale total: the axis then reaches the highest score.
    highest = max([Decimal(scale_total), *(value for _name, value in rows if value is not None)])
    return horizontal_bar_chart(chart_id=chart_id, title=_("Điểm cuối cùng của các đơn vị"),
                                description=description, bars=rows, max_value=highest)


def group_scores_chart(*, rows, groups, chart_id="group-scores"):
    """Each member's points per criterion group, as shares of the group's maximum.
    `rows`: [(member name, {group code: points})]; `groups`: [(code, max points)] of the groups to draw."""
    rows, groups = list(rows), list(groups)
    description = _("Biểu đồ cột nhóm: với mỗi đơn vị, điểm của từng nhóm tiêu chí tính theo phần trăm điểm tối "
                    "đa của nhóm (%(groups)s). Số liệu chi tiết ở bảng xếp hạng.") % {
        "groups": ", ".join(code for code, _max in groups)}
    return grouped_bar_chart(
        chart_id=chart_id, title=_("Điểm theo nhóm tiêu chí"), description=description,
        categories=[name for name, _scores in rows], series=groups,
        values=[[scores.get(code) for code, _max in groups] for _name, scores in rows])
