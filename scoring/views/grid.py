"""The score sheet page: the scale's criteria as a spreadsheet-like grid, each cell autosaved by
static/scoring/grid.js through a JSON endpoint, with live totals and who else has the sheet open.

The page and its two JSON endpoints fetch the sheet through the sheets selector (out of reach → 404) and
check a scoring permission on it (not allowed → 403); the endpoints answer in JSON whatever happens.
Saving goes through the domain (save_score): a stale version is a 409 carrying the stored value.
"""
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, QueryDict
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View
from django.views.generic.detail import SingleObjectMixin

from emulation.views_base import ScopedObjectMixin
from scoring.domain.queries import sheets as queries
from scoring.domain.rounds import sheet_label
from scoring.domain.sheets import (CriterionNotInSheetError, StaleCellError, cell_value, compute_totals,
                                   format_points, others_present, round_closed_message, sheet_totals,
                                   touch_presence)
from scoring.enums import CriterionKind, RoundStatus, SheetStatus
from scoring.forms.grid import CellForm
from scoring.models import Criterion, ScoringScale
from scoring.views.grid_html import rows_html

BIGINT_MAX = 2 ** 63 - 1
PRESENCE_POLL_SECONDS = 15


# ------------------------------------------------------------------------------------------ the page

@dataclass
class GridRow:
    """One row of the grid: a group (with its subtotal) or a scored criterion (with its cell)."""

    criterion: Criterion
    entry: object
    ancestors: list
    subtotal: Decimal = Decimal("0.00")
    max_sum: Decimal = Decimal("0.00")
    evidence: list = field(default_factory=list)
    cell_url: str = ""
    evidence_url: str = ""
    labels: dict = field(default_factory=dict)

    @property
    def min_points(self):
        return -self.criterion.max_points if self.criterion.kind == CriterionKind.PENALTY else Decimal("0")

    @property
    def top_points(self):
        return Decimal("0") if self.criterion.kind == CriterionKind.PENALTY else self.criterion.max_points

    @property
    def points_text(self):
        points = self.entry.points if self.entry else None
        return "" if points is None else format_points(points)

    @property
    def saved_by(self):
        by = self.entry.updated_by if self.entry else None
        return (by.get_full_name() or by.username) if by else ""


def grid_rows(rows):
    """GridRows from sheet_rows' [(criterion, entry)] in display order, with every group's subtotal."""
    result, stack = [], []
    for criterion, entry in rows:
        del stack[criterion.depth:]
        row = GridRow(criterion=criterion, entry=entry, ancestors=list(stack),
                      evidence=entry.evidence_files if entry else [])
        result.append(row)
        if not criterion.is_leaf:
            stack.append(row)
            continue
        points = (entry.points if entry else None) or Decimal("0")
        for group in stack:
            group.subtotal += points
            group.max_sum += criterion.max_points
    return result


def label_rows(rows, *, sheet):
    """Each row's cell URL and screen-reader labels. Made here rather than by {% url %} and
    {% blocktranslate %} in every row: those tags were a third of the sixty-row page's rendering time."""
    cells = reverse("scoring:sheet_cell", args=[sheet.pk, 0])
    evidence = reverse("scoring:evidence_list", args=[sheet.pk, 0])
    texts = {"points": _("Điểm tiêu chí %(code)s"), "comment": _("Nhận xét tiêu chí %(code)s"),
             "guidance": _("tiêu chí %(code)s"), "evidence": _("minh chứng tiêu chí %(code)s"),
             "subtotal": _("Cộng nhóm %(code)s:")}
    for row in rows:
        code = {"code": row.criterion.code}
        # The criterion is the path's last number: put each row's in place of the 0 reversed once.
        row.cell_url = cells.replace("/0/", f"/{row.criterion.pk}/")
        row.evidence_url = evidence.replace("/0/", f"/{row.criterion.pk}/")
        row.labels = {key: text % code for key, text in texts.items()}
    return rows


def grid_totals(rows, scale):
    criteria = [{"id": c.pk, "parent_id": c.parent_id, "code": c.code, "kind": c.kind, "max_points": c.max_points}
                for c, _entry in rows]
    points = {c.pk: e.points for c, e in rows if e is not None and e.points is not None}
    return compute_totals(criteria=criteria, points=points, scale_total=scale.total, bonus_cap=scale.bonus_cap)


def read_only_reason(user, sheet):
    """Why this user cannot change the sheet now ("" when they can)."""
    if not user.has_perm("scoring.edit_sheet", sheet):
        return _("Bạn chỉ có quyền xem phiếu chấm này.")
    if sheet.round.status != RoundStatus.OPEN:
        return round_closed_message(sheet.round.status)
    if sheet.status == SheetStatus.SUBMITTED:
        return _("Phiếu chấm đã gửi; cần Thư ký khối mở lại phiếu để sửa.")
    return ""


def client_messages():
    """The texts grid.js shows, translated here (the page has no JavaScript catalogue)."""
    return {
        "number": _("Điểm phải là một số (ví dụ 7,5)."),
        "decimals": _("Điểm chỉ được có tối đa 2 chữ số thập phân."),
        "range": _("Điểm của tiêu chí %(code)s phải từ 0 đến %(max)s."),
        "penalty_range": _("Điểm trừ của tiêu chí %(code)s phải từ -%(max)s đến 0."),
        "comment_for_deduction": _("Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."),
        "comment_for_penalty": _("Điểm trừ cần ghi nhận xét lý do."),
        "saving": _("Đang lưu…"), "saved": _("Đã lưu"), "error": _("Lỗi"), "invalid": _("Chưa hợp lệ"),
        "conflict": _("Xung đột"), "needs_comment": _("Cần nhận xét"), "unsaved": _("Chưa lưu"),
        "saved_cell": _("Đã lưu tiêu chí %(code)s."),
        "error_cell": _("Không lưu được tiêu chí %(code)s: %(detail)s"),
        "conflict_by": _("%(name)s vừa lưu %(theirs)s; giá trị của bạn %(mine)s chưa được lưu."),
        "conflict_anonymous": _("Ô này vừa được thay đổi (giá trị hiện tại %(theirs)s); giá trị của bạn "
                                "%(mine)s chưa được lưu."),
        "conflict_comment": _("Nhận xét đang lưu: “%(comment)s”."),
        "empty": _("(trống)"),
        "network": _("Không kết nối được máy chủ; giá trị chưa được lưu. Hãy thử lại."),
        "session": _("Phiên làm việc đã hết hạn hoặc trang đã cũ; hãy tải lại trang (giá trị chưa được lưu)."),
        "server": _("Máy chủ gặp lỗi; giá trị chưa được lưu. Hãy thử lại."),
        "present": _("Đang mở phiếu này: %(names)s"),
        "other_changes": _("Tổng điểm trên máy chủ khác với các ô đang hiển thị: có người vừa sửa ô khác. "
                           "Hãy tải lại trang để xem."),
        "leave": _("Còn ô chưa lưu. Rời trang?"),
    }


class SheetGridView(ScopedObjectMixin, DetailView):
    """The grid of one score sheet: editable by whoever fills it while the round is open and the sheet a
    draft; read-only, and saying why, for everyone else who may see it."""

    scope = staticmethod(queries.sheets_visible_to)
    permission_required = "scoring.view_sheet"
    template_name = "scoring/grid/sheet.html"
    context_object_name = "sheet"

    def get_object(self, queryset=None):
        if self.kwargs["pk"] > BIGINT_MAX:
            raise Http404
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        sheet, user = self.object, self.request.user
        rows = queries.sheet_rows(sheet=sheet)
        reason = read_only_reason(user, sheet)
        grid = label_rows(grid_rows(rows), sheet=sheet)
        scale = ScoringScale.objects.only("total", "bonus_cap").get(bloc_year_id=sheet.round.bloc_year_id)
        touch_presence(sheet=sheet, user=user)
        kwargs.update(
            rows_html=rows_html(grid, editable=not reason), totals=grid_totals(rows, scale), scale=scale,
            label=sheet_label(sheet),
            editable=not reason, read_only_reason=reason, round=sheet.round, bloc_year=sheet.round.bloc_year,
            others=others_present(sheet=sheet, user=user), grid_messages=client_messages(),
            presence_url=reverse("scoring:sheet_presence", args=[sheet.pk]), poll_seconds=PRESENCE_POLL_SECONDS,
            decimal_separator=formats.get_format("DECIMAL_SEPARATOR"))
        return super().get_context_data(**kwargs)


# ------------------------------------------------------------------------------------------ JSON endpoints

class JsonScopedMixin(ScopedObjectMixin, SingleObjectMixin):
    """ScopedObjectMixin for the page's script: refusals and unknown objects answer JSON {"detail"}."""

    scope = staticmethod(queries.sheets_for_cells)

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
        except PermissionDenied:
            return JsonResponse({"detail": _("Bạn không có quyền thực hiện thao tác này.")}, status=403)
        response["Cache-Control"] = "no-store"
        return response

    def get_object(self, queryset=None):
        if self.kwargs["pk"] > BIGINT_MAX:
            raise Http404
        return super().get_object(queryset)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = JsonResponse({"detail": _("Phương thức không được hỗ trợ.")}, status=405)
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response


def cell_json(value):
    """A cell's stored value (sheets.cell_value) for the script: raw and displayed forms."""
    points, at = value["points"], value["updated_at"]
    return {"points": None if points is None else str(points),
            "points_display": "" if points is None else format_points(points),
            "comment": value["comment"], "version": value["version"], "updated_by": value["updated_by"],
            "updated_at": at.isoformat() if at else None,
            "updated_at_display": formats.date_format(timezone.localtime(at), "d/m/Y H:i") if at else ""}


def totals_json(totals):
    return {"groups": {k: str(v) for k, v in totals["groups"].items()},
            "group_max": {k: str(v) for k, v in totals["group_max"].items()},
            **{k: str(totals[k]) for k in ("bonus", "penalty", "total", "max")}}


def request_data(request):
    """The posted fields, from a form body or a JSON object (None when the JSON cannot be read)."""
    if request.content_type != "application/json":
        return request.POST
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    data = QueryDict(mutable=True)
    for key, value in body.items():
        data[key] = "" if value is None else value if isinstance(value, str) else json.dumps(value)
    return data


class CellView(JsonScopedMixin, View):
    """POST one cell: 200 {entry, totals} | 400 {detail} | 404 {detail} | 409 {detail, current}."""

    permission_required = "scoring.edit_sheet"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        sheet = self.object
        criterion = self.get_criterion()
        data = request_data(request)
        if data is None:
            return JsonResponse({"detail": _("Dữ liệu gửi lên không đúng định dạng JSON.")}, status=400)
        form = CellForm(data, sheet=sheet, criterion=criterion, user=request.user)
        if not form.is_valid():
            return JsonResponse({"detail": form.error_text()}, status=400)
        try:
            entry = form.save()
        except CriterionNotInSheetError:
            return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
        except StaleCellError as exc:
            return JsonResponse({"detail": " ".join(exc.messages), "current": cell_json(exc.current)}, status=409)
        except ValidationError as exc:
            return JsonResponse({"detail": " ".join(exc.messages)}, status=400)
        return JsonResponse({"entry": cell_json(cell_value(entry)), "totals": totals_json(sheet_totals(sheet))})

    def get_criterion(self):
        """The criterion by its number only: save_score reads it under the sheet's lock and refuses one that
        is not a leaf of the sheet's scale (CriterionNotInSheetError, a 404 here). Reading it here too cost
        every cell save a query."""
        number = self.kwargs["criterion_id"]
        if number > BIGINT_MAX:
            raise Http404
        return Criterion(pk=number)


class PresenceView(JsonScopedMixin, View):
    """GET: mark the user as having the sheet open, and list the others seen on it lately."""

    permission_required = "scoring.view_sheet"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        touch_presence(sheet=self.object, user=request.user)
        others = others_present(sheet=self.object, user=request.user)
        return JsonResponse({"others": [{"name": o["name"], "last_seen": o["last_seen"].isoformat()}
                                        for o in others],
                             "poll_seconds": PRESENCE_POLL_SECONDS})


urlpatterns = [
    path("sheets/<int:pk>/", SheetGridView.as_view(), name="sheet"),
    path("sheets/<int:pk>/cells/<int:criterion_id>/", CellView.as_view(), name="sheet_cell"),
    path("sheets/<int:pk>/presence/", PresenceView.as_view(), name="sheet_presence"),
]
