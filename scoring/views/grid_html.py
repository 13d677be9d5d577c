"""The score grid's rows as HTML, built in Python.

A sixty-criterion sheet is some 2,500 template variables and tags; Django's template engine spent two thirds
of the page's time on them (about 60 ms of 90 on a 2 vCPU machine), and the sheet is the page the year-end
rush opens most. format_html escapes every value as the template did. The markup is the one
static/scoring/grid.js and the tests read: keep the two in step.
"""
import html

from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scoring.enums import CriterionKind


def format_html(template, *args, **kwargs):
    """django.utils.html.format_html without its lazy-string wrappers: the same escaping (a value with
    __html__ is kept as it is, any other is html.escape'd), at half the cost over a sixty-row sheet's 2,000 values."""
    return SafeString(template.format(*map(_escape, args), **{k: _escape(v) for k, v in kwargs.items()}))


def _escape(value):
    if type(value) is int:  # ids, versions, depths: nothing to escape
        return str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def rows_html(rows, *, editable):
    """The <tr> of every row, or the one saying the scale has no criteria."""
    if not rows:
        return format_html('<tr><td colspan="8">{}</td></tr>', _("Thang điểm chưa có tiêu chí nào."))
    texts = _Texts(editable)
    return mark_safe("\n".join(_leaf_row(row, texts) if row.criterion.is_leaf else _group_row(row, texts)
                               for row in rows))


class _Texts:
    """The translated words every row repeats, looked up once per page."""

    def __init__(self, editable):
        self.editable = editable
        self.bonus = format_html(' <span class="badge text-bg-success">{}</span>', _("Điểm thưởng"))
        self.penalty = format_html(' <span class="badge text-bg-danger">{}</span>', _("Điểm trừ"))
        self.guidance = _("Hướng dẫn chấm")
        self.add = _("Thêm") if editable else _("Chưa có")
        self.needs_evidence = format_html(' <span class="badge text-bg-warning">{}</span>', _("cần minh chứng"))

    def badge(self, criterion):
        if criterion.kind == CriterionKind.BONUS:
            return self.bonus
        return self.penalty if criterion.kind == CriterionKind.PENALTY else ""


def _group_row(row, texts):
    c = row.criterion
    return format_html(
        '<tr class="grid-group grid-depth-{depth}" data-group="{pk}" data-group-code="{code}"{top}>'
        '<th scope="row" class="grid-code">{code}</th><td class="grid-title">{title}{badge}</td>'
        '<td class="text-end">{max_sum}</td>'
        '<td class="text-end"><span class="visually-hidden">{label} </span><output data-subtotal-for="{pk}" '
        'data-testid="subtotal-{code}">{subtotal}</output></td><td colspan="4"></td></tr>',
        depth=c.depth, pk=c.pk, code=c.code, top=mark_safe(' data-top-group="1"') if c.depth == 0 else "",
        title=c.title, badge=texts.badge(c), max_sum=floatformat(row.max_sum, "-2"), label=row.labels["subtotal"],
        subtotal=floatformat(row.subtotal, "2"))


def _leaf_row(row, texts):
    c, entry = row.criterion, row.entry
    version = (entry.version if entry else 0) or 0
    saved_points = "" if entry is None or entry.points is None else str(entry.points)
    return format_html(
        '<tr class="grid-row grid-depth-{depth}" data-criterion="{pk}" data-testid="row-{code}" '
        'data-ancestors="{ancestors}" data-url="{url}" data-code="{code}" data-kind="{kind}" data-min="{min}" '
        'data-max="{max}" data-saved-points="{saved}" data-version="{version}">'
        '<th scope="row" class="grid-code">{code}</th><td class="grid-title">{title}{badge}{guidance}</td>'
        '<td class="text-end">{sign}{max_points}</td>{points}{comment}{evidence}{saved_cell}'
        '<td class="grid-state-col"><span class="grid-state" data-role="state" data-state="idle" '
        'data-testid="state-{code}"></span></td></tr>',
        depth=c.depth, pk=c.pk, code=c.code, ancestors=" ".join(str(a.criterion.pk) for a in row.ancestors),
        url=row.cell_url, kind=c.kind, min=str(row.min_points), max=str(row.top_points), saved=saved_points,
        version=version, title=c.title, badge=texts.badge(c), guidance=_guidance(row, texts),
        sign="-" if c.kind == CriterionKind.PENALTY else "", max_points=floatformat(c.max_points, "-2"),
        points=_points_cell(row, texts, version), comment=_comment_cell(row, texts),
        evidence=_evidence_cell(row, texts),
        saved_cell=_saved_cell(row))


def _guidance(row, texts):
    if not row.criterion.guidance:
        return ""
    return format_html(' <details class="grid-guidance"><summary>{}<span class="visually-hidden"> {}</span>'
                       '</summary><div>{}</div></details>', texts.guidance, row.labels["guidance"],
                       linebreaksbr(row.criterion.guidance, autoescape=True))


def _points_cell(row, texts, version):
    c = row.criterion
    if not texts.editable:
        return format_html('<td class="grid-points-col"><span class="grid-value" data-testid="points-{}">{}</span>'
                           '</td>', c.code, row.points_text or "—")
    return format_html(
        '<td class="grid-points-col"><label class="visually-hidden" for="points-{pk}">{label}</label>'
        '<input type="text" id="points-{pk}" class="form-control form-control-sm grid-input grid-points" '
        'inputmode="decimal" autocomplete="off" spellcheck="false" value="{value}" data-col="points" '
        'data-criterion="{pk}" data-min="{min}" data-max="{max}" data-version="{version}">'
        '<div class="grid-error" id="points-error-{pk}" hidden></div></td>',
        pk=c.pk, label=row.labels["points"], value=row.points_text, min=str(row.min_points),
        max=str(row.top_points), version=version)


def _comment_cell(row, texts):
    comment = (row.entry.comment if row.entry else "") or ""
    if not texts.editable:
        return format_html('<td class="grid-comment-col"><span class="grid-value">{}</span></td>', comment)
    return format_html(
        '<td class="grid-comment-col"><label class="visually-hidden" for="comment-{pk}">{label}</label>'
        '<input type="text" id="comment-{pk}" class="form-control form-control-sm grid-input grid-comment" '
        'autocomplete="off" maxlength="2000" value="{value}" data-col="comment" data-criterion="{pk}">'
        '<div class="grid-error" id="comment-error-{pk}" hidden></div></td>',
        pk=row.criterion.pk, label=row.labels["comment"], value=comment)


def _evidence_cell(row, texts):
    c, count = row.criterion, len(row.evidence)
    text = ngettext("%(n)s tệp", "%(n)s tệp", count) % {"n": count} if count else texts.add
    return format_html('<td class="grid-evidence"><a href="{}" data-testid="evidence-{}">{}<span '
                       'class="visually-hidden"> {}</span></a>{}</td>', row.evidence_url, c.code, text,
                       row.labels["evidence"], texts.needs_evidence if c.evidence_required else "")


def _saved_cell(row):
    updated_at = row.entry.updated_at if row.entry else None
    if not updated_at:
        time_html = mark_safe(' <time data-role="saved-at"></time>')
    else:
        local = timezone.localtime(updated_at) if timezone.is_aware(updated_at) else updated_at
        time_html = format_html(' <time data-role="saved-at" datetime="{}">{}</time>', date_format(local, "c"),
                                date_format(local, "d/m/Y H:i"))
    return format_html('<td class="grid-saved small" data-role="saved"><span data-role="saved-by">{}</span>{}</td>',
                       row.saved_by, time_html)

