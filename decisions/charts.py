"""The award statistics' charts, drawn on the server as plain SVG with the scoring and Board charts'
primitives, so that the statistics page and the PDF reports share one drawing: live awards by type (bars)
and by year (a line per award type and one for the total). No script and no style attribute; each chart has
a <title> and a <desc>, each mark its own <title> with the exact count; every text is escaped.
"""
import math

from django.utils.html import escape
from django.utils.translation import gettext as _

from awards.charts import _axis, line_chart
from scoring.charts import PALETTE, TEXT, _num, _short, _svg


def awards_by_type_chart(*, rows, chart_id="awards-by-type"):
    """One horizontal bar per award type. `rows`: [(award type name, count)]."""
    rows = list(rows)
    label_w, bar_w, value_w, row_h, top = 250, 380, 70, 26, 8
    height = top + row_h * max(len(rows), 1) + 24
    highest = _nice_top(max([0, *(n for _name, n in rows)]))
    scale = bar_w / highest
    body = [_axis(label_w, top, bar_w, row_h * max(len(rows), 1), highest)]
    for index, (name, count) in enumerate(rows):
        y = top + index * row_h
        tip = _("%(type)s: %(n)s khen thưởng") % {"type": name, "n": count}
        body.append(
            f'<g><title>{escape(tip)}</title>'
            f'<text x="{label_w - 8}" y="{_num(y + row_h * 0.65)}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f'{escape(_short(name, 34))}</text>'
            f'<rect x="{label_w}" y="{_num(y + 4)}" width="{_num(count * scale)}" height="{row_h - 8}" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{_num(label_w + count * scale + 6)}" y="{_num(y + row_h * 0.65)}" font-size="12" '
            f'fill="{TEXT}">{count}</text></g>')
    description = _("Biểu đồ thanh ngang: số khen thưởng còn hiệu lực theo từng hình thức (%(n)s hình thức). "
                    "Số liệu chi tiết ở bảng bên dưới.") % {"n": len(rows)}
    return _svg(chart_id, label_w + bar_w + value_w, height, _("Khen thưởng theo hình thức"), description, body)


def awards_by_year_chart(*, years, award_types, lines, chart_id="awards-by-year"):
    """The total by year and one line per award type. `lines`: statistics Lines by year (oldest first)."""
    series = [(_("Tổng số"), [line.total for line in lines])]
    series += [(award_type.name, [line.by_type[i] for line in lines]) for i, award_type in enumerate(award_types)]
    highest = _nice_top(max([0, *(line.total for line in lines)]))
    description = _("Biểu đồ đường: số khen thưởng còn hiệu lực theo năm thi đua, tổng số và từng hình thức "
                    "(%(first)s–%(last)s). Số liệu chi tiết ở bảng bên dưới.") % {
        "first": years[0] if years else "", "last": years[-1] if years else ""}
    return line_chart(chart_id=chart_id, title=_("Khen thưởng theo năm"), description=description,
                      years=[str(y) for y in years], series=series, low=0, high=highest, steps=4)


def _nice_top(value):
    """The axis' top: a multiple of 4 at least 4, so that its four steps are whole numbers."""
    return max(4, int(math.ceil(value / 4.0)) * 4)
