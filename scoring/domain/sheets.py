"""Score sheets and their cells: versioned saves, submission, totals, presence, and the Excel import.

A cell (ScoreEntry) is created on its first save; a cell that does not exist has version 0. Every save names
the version it was based on: a stale one raises StaleCellError (HTTP 409) carrying the stored value, and
nothing changes. A sheet changes only while its round is open and the sheet is not submitted.
"""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.domain.services import record_event
from emulation.exceptions import ConflictError
from scoring.enums import CriterionKind, RoundStatus, SheetStatus
from scoring.models import Criterion, ScoreEntry, ScoreSheet, ScoringRound, ScoringScale, SheetPresence

CENT = Decimal("0.01")
COMMENT_MAX_LENGTH = 2000
_LIMIT = Decimal("1000000")


class StaleCellError(ConflictError):
    """A save based on a stale version. `current` is what is stored now:
    {"points": Decimal | None, "comment": str, "version": int, "updated_by": str | None,
     "updated_at": datetime | None}."""

    def __init__(self, message, *, current):
        super().__init__(message)
        self.current = current


class CriterionNotInSheetError(ValidationError):
    """The criterion is not a leaf of the sheet's scale (the grid's cell endpoint answers 404)."""


def round_closed_message(status):
    return {
        RoundStatus.DRAFT: _("Đợt chấm điểm chưa mở."),
        RoundStatus.CLOSED: _("Đợt chấm điểm đã đóng; không thể thay đổi điểm."),
        RoundStatus.FINALISED: _("Kết quả đợt chấm điểm đã được chốt; điểm chỉ còn để xem."),
    }[status]


def lock_editable_sheet(sheet):
    """Lock the sheet row and check that it may change; returns the fresh sheet with `bloc_year_id`."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    # Read after taking the lock: close_round locks every sheet before it changes the status.
    status, sheet.bloc_year_id = ScoringRound.objects.values_list("status", "bloc_year_id").get(pk=sheet.round_id)
    if status != RoundStatus.OPEN:
        raise ValidationError(round_closed_message(status))
    if sheet.status == SheetStatus.SUBMITTED:
        raise ValidationError(_("Phiếu chấm đã gửi; cần Thư ký khối mở lại phiếu để sửa."))
    return sheet


def scored_criterion(*, bloc_year_id, criterion):
    """The criterion, fresh from the database, if it is a leaf of the bloc-year's scale; else refused."""
    found = Criterion.objects.filter(pk=getattr(criterion, "pk", None), scale__bloc_year_id=bloc_year_id,
                                     children__isnull=True).first()
    if found is None:
        raise CriterionNotInSheetError(_("Tiêu chí không thuộc phiếu chấm này."))
    return found


def format_points(value):
    """7.50 → “7,5”, 10.00 → “10” (Vietnamese decimal comma)."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True)


def parse_points(value):
    """Decimal (at most two decimals) or None for an empty cell; “7,5” and “7.5” both read 7.5."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Điểm phải là một số (ví dụ 7,5)."))
    text = str(value).strip().replace(",", ".") if not isinstance(value, Decimal) else value
    try:
        points = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Điểm phải là một số (ví dụ 7,5).")) from None
    if not points.is_finite():
        raise ValidationError(_("Điểm phải là một số (ví dụ 7,5)."))
    if abs(points) < _LIMIT and points != points.quantize(CENT):
        raise ValidationError(_("Điểm chỉ được có tối đa 2 chữ số thập phân."))
    return points


def check_cell(*, criterion, points, comment):
    """The rules of one cell: range by kind, and a comment for any deduction. Returns (points, comment)."""
    points = parse_points(points)
    comment = _clean_comment(comment)
    if points is None:
        return None, comment
    top = criterion.max_points
    if criterion.kind == CriterionKind.PENALTY:
        if not -top <= points <= 0:
            raise ValidationError(_("Điểm trừ của tiêu chí %(code)s phải từ -%(max)s đến 0.")
                                  % {"code": criterion.code, "max": format_points(top)})
        if points < 0 and not comment:
            raise ValidationError(_("Điểm trừ cần ghi nhận xét lý do."))
    else:
        if not 0 <= points <= top:
            raise ValidationError(_("Điểm của tiêu chí %(code)s phải từ 0 đến %(max)s.")
                                  % {"code": criterion.code, "max": format_points(top)})
        if criterion.kind == CriterionKind.NORMAL and points < top and not comment:
            raise ValidationError(_("Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."))
    return points.quantize(CENT), comment


def _clean_comment(comment):
    comment = (comment or "").strip()
    if "\x00" in comment:
        raise ValidationError(_("Nhận xét không được chứa ký tự NUL."))
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(_("Nhận xét không được dài quá %(n)s ký tự.") % {"n": COMMENT_MAX_LENGTH})
    return comment


def _check_version(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(_("Phiên bản của ô không hợp lệ."))
    return value


def save_score(*, sheet, criterion, points, comment="", expected_version, user):
    """Save one cell if `expected_version` is the stored one (0 for a cell never saved); else StaleCellError.

    Refused with a Vietnamese message, changing nothing: a round not open, a submitted sheet, a criterion
    that is not a leaf of this bloc-year's scale, points that are not a number or out of range, a deduction
    without a comment. An unchanged value is not written again (no new version, no audit record).
    """
    expected_version = _check_version(expected_version)
    with transaction.atomic():
        sheet = lock_editable_sheet(sheet)
        criterion = scored_criterion(bloc_year_id=sheet.bloc_year_id, criterion=criterion)
        points, comment = check_cell(criterion=criterion, points=points, comment=comment)
        return write_cell(sheet=sheet, criterion=criterion, points=points, comment=comment,
                          expected_version=expected_version, user=user)


def write_cell(*, sheet, criterion, points, comment, expected_version, user, source="cell"):
    """Write a checked value into a locked, editable sheet (callers: save_score, import_scores)."""
    entry = ScoreEntry.objects.filter(sheet=sheet, criterion=criterion).select_related("updated_by").first()
    current = cell_value(entry)
    if current["version"] != expected_version:
        raise StaleCellError(_stale_message(current), current=current)
    if entry is not None and entry.points == points and entry.comment == comment:
        return entry
    if entry is None and points is None and not comment:
        return ScoreEntry(sheet=sheet, criterion=criterion, version=0)
    entry = entry or ScoreEntry(sheet=sheet, criterion=criterion)
    entry.points, entry.comment, entry.version = points, comment, current["version"] + 1
    entry.updated_by, entry.updated_at = user, timezone.now()
    entry.save()
    record_event(actor=user, event_type="score.saved", obj=entry,
                 old_value={"points": current["points"], "comment": current["comment"],
                            "version": current["version"]},
                 new_value={"sheet": sheet.pk, "criterion": criterion.code, "points": points,
                            "comment": comment, "version": entry.version, "source": source})
    return entry


def cell_value(entry):
    """The stored value of a cell (the shape of StaleCellError.current)."""
    if entry is None:
        return {"points": None, "comment": "", "version": 0, "updated_by": None, "updated_at": None}
    by = entry.updated_by
    return {"points": entry.points, "comment": entry.comment, "version": entry.version,
            "updated_by": (by.get_full_name() or by.username) if by else None, "updated_at": entry.updated_at}


def _stale_message(current):
    shown = format_points(current["points"]) if current["points"] is not None else _("(trống)")
    if current["updated_by"]:
        return _("Ô này vừa được %(name)s lưu với giá trị %(points)s; giá trị bạn nhập chưa được lưu. "
                 "Hãy xem lại rồi lưu lần nữa.") % {"name": current["updated_by"], "points": shown}
    return _("Ô này đã thay đổi kể từ khi bạn mở phiếu (giá trị hiện tại: %(points)s); giá trị bạn nhập "
             "chưa được lưu.") % {"points": shown}


def submit_sheet(*, sheet, user):
    """Submit a draft sheet: every normal criterion scored, and evidence attached wherever a criterion
    requiring it has non-zero points. Bonus and penalty cells left empty count as 0."""
    with transaction.atomic():
        sheet = lock_editable_sheet(sheet)
        leaves = Criterion.objects.filter(scale__bloc_year_id=sheet.bloc_year_id, children__isnull=True)
        entries = {e.criterion_id: e for e in sheet.entries.annotate(evidence_count=Count("evidence"))}
        missing, unproven = [], []
        for criterion in leaves.order_by("position", "id"):
            entry = entries.get(criterion.pk)
            points = entry.points if entry else None
            if criterion.kind == CriterionKind.NORMAL and points is None:
                missing.append(criterion.code)
            elif criterion.evidence_required and points and not entry.evidence_count:
                unproven.append(criterion.code)
        if missing:
            raise ValidationError(_("Chưa chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
        if unproven:
            raise ValidationError(_("Các tiêu chí sau cần tệp minh chứng trước khi gửi: %(codes)s.")
                                  % {"codes": ", ".join(unproven)})
        return _set_status(sheet, SheetStatus.SUBMITTED, user, "sheet.submitted")


def reopen_sheet(*, sheet, user, reason=""):
    """The secretariat (or Board) sends a submitted sheet back to draft while the round is open."""
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        status = ScoringRound.objects.values_list("status", flat=True).get(pk=sheet.round_id)
        if status != RoundStatus.OPEN:
            raise ValidationError(round_closed_message(status))
        if sheet.status != SheetStatus.SUBMITTED:
            raise ValidationError(_("Phiếu chấm chưa gửi nên không cần mở lại."))
        return _set_status(sheet, SheetStatus.DRAFT, user, "sheet.reopened", reason=(reason or "").strip())


def _set_status(sheet, status, user, event_type, **extra):
    old = {"status": sheet.status, "version": sheet.version}
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=status, version=sheet.version + 1)
    record_event(actor=user, event_type=event_type, obj=sheet, old_value=old,
                 new_value={"status": status, "version": sheet.version + 1, **extra})
    sheet.refresh_from_db()
    return sheet


def sheet_totals(sheet):
    """Totals of a sheet (empty cells count 0), in two queries (three for a scale with no criteria yet);
    see compute_totals. Every cell save answers with them, so the scale's figures come with its criteria."""
    criteria = list(Criterion.objects.filter(scale__bloc_year__scoring_rounds=sheet.round_id)
                    .order_by("position", "id")
                    .values("id", "parent_id", "code", "kind", "max_points", "scale__total", "scale__bonus_cap"))
    if criteria:
        scale_total, bonus_cap = criteria[0]["scale__total"], criteria[0]["scale__bonus_cap"]
    else:
        scale_total, bonus_cap = ScoringScale.objects.values_list("total", "bonus_cap").get(
            bloc_year__scoring_rounds=sheet.round_id)
    points = dict(ScoreEntry.objects.filter(sheet=sheet, points__isnull=False)
                  .values_list("criterion_id", "points"))
    return compute_totals(criteria=criteria, points=points, scale_total=scale_total, bonus_cap=bonus_cap)


def compute_totals(*, criteria, points, scale_total, bonus_cap):
    """Pure. `criteria`: dicts with id, parent_id, code, kind, max_points in display order; `points`:
    {criterion_id: Decimal}. `groups` sums every top-level group's leaves (a penalty group is negative);
    the total is normal points + bonus (capped at `bonus_cap`) + penalties, never below 0 — the same rule
    as the ranking (scoring/domain/aggregation.py)."""
    parent = {c["id"]: c["parent_id"] for c in criteria}
    has_children = {c["parent_id"] for c in criteria}
    code = {c["id"]: c["code"] for c in criteria}

    def group_of(cid):
        while parent.get(cid) is not None:
            cid = parent[cid]
        return code[cid]

    zero = Decimal("0.00")
    groups = {c["code"]: zero for c in criteria if c["parent_id"] is None}
    group_max = dict(groups)
    sums = {CriterionKind.NORMAL: zero, CriterionKind.BONUS: zero, CriterionKind.PENALTY: zero}
    for c in criteria:
        if c["id"] in has_children:
            continue
        value = points.get(c["id"]) or zero
        sums[c["kind"]] += value
        group = group_of(c["id"])
        groups[group] += value
        group_max[group] += c["max_points"]
    bonus = min(sums[CriterionKind.BONUS], Decimal(bonus_cap))
    penalty = sums[CriterionKind.PENALTY]
    total = max(zero, sums[CriterionKind.NORMAL] + bonus + penalty)
    q = lambda v: Decimal(v).quantize(CENT)  # noqa: E731
    return {"groups": {k: q(v) for k, v in groups.items()}, "group_max": {k: q(v) for k, v in group_max.items()},
            "bonus": q(bonus), "penalty": q(penalty), "total": q(total), "max": q(scale_total)}


def touch_presence(*, sheet, user):
    """Record that `user` has the sheet open now (one upsert; not audited)."""
    SheetPresence.objects.bulk_create(
        [SheetPresence(sheet_id=sheet.pk, user_id=user.pk, last_seen=timezone.now())],
        update_conflicts=True, unique_fields=["sheet", "user"], update_fields=["last_seen"])


def others_present(*, sheet, user, within_seconds=30):
    """Other users seen on the sheet in the last `within_seconds`, by name:
    [{"user_id": int, "name": str, "last_seen": datetime}]."""
    since = timezone.now() - timedelta(seconds=within_seconds)
    rows = (SheetPresence.objects.filter(sheet_id=sheet.pk, last_seen__gte=since).exclude(user_id=user.pk)
            .select_related("user").order_by("user__first_name", "user__username"))
    return [{"user_id": p.user_id, "name": p.user.get_full_name() or p.user.username, "last_seen": p.last_seen}
            for p in rows]


@dataclass(frozen=True)
class ImportRow:
    """One row read from a sheet's Excel file: `line` is the spreadsheet row number, values as read."""

    line: int
    code: str
    points: object
    comment: str
    version: object


def import_scores(*, sheet, rows, user, file_name=""):
    """Apply the rows of an Excel file, all or nothing, by the rules of save_score; each row's version must
    be the stored one (the file was exported from the current sheet). Returns the number of cells changed.

    Any bad row refuses the whole file with one message per bad row, naming its line and why. Audit: one
    `score.saved` event per changed cell (source "excel"), then one `sheet.imported` event.
    """
    with transaction.atomic():
        sheet = lock_editable_sheet(sheet)
        criteria = {c.code: c for c in Criterion.objects.filter(scale__bloc_year_id=sheet.bloc_year_id)
                    .annotate(child_count=Count("children"))}
        entries = {e.criterion_id: e for e in sheet.entries.select_related("updated_by")}
        errors, changes, seen = [], [], set()
        for row in rows:
            try:
                change = _import_row(row, criteria, entries, seen)
            except ValidationError as exc:
                errors.extend(_("Dòng %(line)s (%(code)s): %(why)s") % {"line": row.line, "code": row.code or "—",
                                                                        "why": m} for m in exc.messages)
            else:
                if change is not None:
                    changes.append(change)
        if errors:
            raise ValidationError(errors)
        for criterion, points, comment, version in changes:
            write_cell(sheet=sheet, criterion=criterion, points=points, comment=comment,
                       expected_version=version, user=user, source="excel")
        record_event(actor=user, event_type="sheet.imported", obj=sheet,
                     new_value={"file": file_name, "cells": [c[0].code for c in changes]})
    return len(changes)


def _import_row(row, criteria, entries, seen):
    """(criterion, points, comment, version) to write, or None when the row changes nothing."""
    if not row.code:
        if _blank(row.points) and _blank(row.comment):
            return None
        raise ValidationError(_("thiếu mã tiêu chí."))
    criterion = criteria.get(row.code)
    if criterion is None:
        raise ValidationError(_("mã tiêu chí không thuộc phiếu chấm này."))
    if row.code in seen:
        raise ValidationError(_("mã tiêu chí xuất hiện nhiều lần trong tệp."))
    seen.add(row.code)
    if criterion.child_count:
        if not _blank(row.points):
            raise ValidationError(_("đây là nhóm tiêu chí, không nhập điểm trực tiếp."))
        return None
    points, comment = check_cell(criterion=criterion, points=row.points, comment=row.comment)
    current = cell_value(entries.get(criterion.pk))
    if points == current["points"] and comment == current["comment"]:
        return None
    version = _import_version(row.version)
    if version != current["version"]:
        raise ValidationError(_("ô đã được sửa sau khi tệp được tải về (phiên bản hiện tại %(now)s, trong tệp "
                                "%(file)s); hãy tải lại tệp.") % {"now": current["version"], "file": version})
    return criterion, points, comment, version


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _import_version(value):
    if _blank(value):
        return 0
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("cột phiên bản không hợp lệ.")) from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise ValidationError(_("cột phiên bản không hợp lệ."))
    return int(number)
