"""Award history from before the system: the Board imports a province's past awards, all or nothing.

Each row names a year, a unit, an award type, optionally a person (blank: the unit itself) and the decision
(number and symbol, date). A unit is the name it had that year in a bloc (Membership.name_at_time), its
name in the system (a renamed unit keeps its old row, so old names resolve to the unit of the time) or its
short name; an award type is its code or its name; names compare without regard to case, spacing or
Unicode composition. Every bad row is named with its number and reasons, and then nothing is written; a
good file is written in one transaction with one audit event (count, file hash, each award created with its
values).
Importing the same rows again is refused row by row: each duplicates a live award.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from audit.domain.services import listing, record_event
from audit.models import AuditEvent
from awards.domain.queries.history import import_lookups, normalise
from awards.enums import AwardSource, Recipient
from awards.models import Award
from blocs.models import Province

EVENT_TYPE = "award_history.imported"
MIN_YEAR = 1945
MAX_ROWS = 20_000
PERSON_MAX, REFERENCE_MAX = 200, 100
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class ImportRow:
    number: int  # the row's number in the sheet, as the user sees it
    values: dict  # year, department, award_type, person_name, decision_reference, decided_on -> cell value


@dataclass(frozen=True)
class ImportResult:
    count: int
    award_ids: list
    event: AuditEvent


@dataclass
class _Row:
    number: int
    problems: list
    year: int | None = None
    department: str = ""
    award_type: str = ""
    person_name: str = ""
    decision_reference: str = ""
    decided_on: datetime.date | None = None


def import_award_history(*, province, rows, user, file_name="", file_hash="", today=None):
    """Add `rows` (ImportRow) to the province's award history in one transaction, or raise a ValidationError
    naming every bad row and write nothing."""
    rows = list(rows)
    if not rows:
        raise ValidationError(_("Tệp không có dòng khen thưởng nào."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("Tệp có %(n)s dòng, quá giới hạn %(max)s dòng mỗi lần nhập.")
                              % {"n": len(rows), "max": MAX_ROWS})
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            # One import of a province at a time: the duplicate check below reads what the other wrote.
            list(Province.objects.select_for_update().filter(pk=province.pk).values_list("pk"))
            awards = _checked_awards(province, rows, today, file_hash)
            created = Award.objects.bulk_create(awards, batch_size=1000)
            ids = [award.pk for award in created]
            event = record_event(actor=user, event_type=EVENT_TYPE, obj=province, new_value={
                "count": len(ids), "file_name": file_name[:200], "file_sha256": file_hash,
                "years": [min(a.year for a in awards), max(a.year for a in awards)], "award_ids": ids,
                "awards": listing(created, "department_id", "award_type_id", "year", "person_name",
                               "decision_reference", "decided_on")})
    except IntegrityError as exc:  # a decision recorded the same award between the check and the write
        raise ValidationError(_("Lịch sử khen thưởng vừa thay đổi trong lúc nhập (một khen thưởng trong tệp vừa "
                                "được ghi nhận từ quyết định); không có dòng nào được nhập, hãy nhập lại.")) from exc
    return ImportResult(count=len(ids), award_ids=ids, event=event)


def _checked_awards(province, rows, today, file_hash):
    parsed = [_parse(row, today) for row in rows]
    lookups = import_lookups(province=province, years={r.year for r in parsed if r.year is not None})
    seen, awards, errors = {}, [], []
    for row in parsed:
        award = _resolve(row, province, lookups, seen)
        if row.problems:
            errors.append(_("Dòng %(row)s: %(problems)s.") % {"row": row.number, "problems": "; ".join(row.problems)})
        else:
            awards.append(award)
    if errors:
        raise ValidationError(_already_imported(province, file_hash) + errors)
    return awards


def _already_imported(province, file_hash):
    if not file_hash:
        return []
    event = AuditEvent.objects.filter(event_type=EVENT_TYPE, object_type="blocs.province", object_id=str(province.pk),
                                      new_value__file_sha256=file_hash).order_by("-id").first()
    if event is None:
        return []
    return [_("Tệp này đã được nhập ngày %(date)s (nhật ký #%(id)s); các dòng đã có trong lịch sử được nêu dưới đây.")
            % {"date": date_format(timezone.localtime(event.created_at), "d/m/Y"), "id": event.pk}]


# --- one row --------------------------------------------------------------------------------------------


def _parse(row, today):
    values, problems = row.values, []
    parsed = _Row(number=row.number, problems=problems)
    parsed.year = _year(values.get("year"), today, problems)
    parsed.department = _text(values.get("department"))
    if not parsed.department:
        problems.append(_("thiếu tên đơn vị"))
    parsed.award_type = _text(values.get("award_type"))
    if not parsed.award_type:
        problems.append(_("thiếu hình thức khen thưởng"))
    parsed.person_name = _text(values.get("person_name"))
    if len(parsed.person_name) > PERSON_MAX:
        problems.append(_("họ tên dài quá %(n)s ký tự") % {"n": PERSON_MAX})
    parsed.decision_reference = _text(values.get("decision_reference"))
    if not parsed.decision_reference:
        problems.append(_("thiếu số, ký hiệu quyết định"))
    elif len(parsed.decision_reference) > REFERENCE_MAX:
        problems.append(_("số, ký hiệu quyết định dài quá %(n)s ký tự") % {"n": REFERENCE_MAX})
    parsed.decided_on = _date(values.get("decided_on"), parsed.year, today, problems)
    return parsed


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _year(value, today, problems):
    text = _text(value)
    if not text:
        problems.append(_("thiếu năm"))
        return None
    if isinstance(value, bool) or not text.isdigit():
        problems.append(_("năm “%(value)s” không phải là một năm") % {"value": text[:20]})
        return None
    year = int(text)
    if not MIN_YEAR <= year <= today.year:
        problems.append(_("năm %(year)s ngoài khoảng %(low)s–%(high)s") % {"year": year, "low": MIN_YEAR,
                                                                         "high": today.year})
        return None
    return year


def _date(value, year, today, problems):
    found = _as_date(value)
    if found is None:
        if _text(value):
            problems.append(_("ngày quyết định “%(value)s” không phải là một ngày (dd/mm/yyyy)")
                            % {"value": _text(value)[:30]})
        else:
            problems.append(_("thiếu ngày quyết định"))
        return None
    shown = found.strftime("%d/%m/%Y")
    if found > today:
        problems.append(_("ngày quyết định %(date)s sau ngày hôm nay") % {"date": shown})
    elif year is not None and found.year < year:
        problems.append(_("ngày quyết định %(date)s trước năm thi đua %(year)s") % {"date": shown, "year": year})
    return found


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        return from_excel(value).date()  # a date cell that lost its date format: Excel's day number
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _resolve(row, province, lookups, seen):
    """The row's Award (unsaved), or None with the reasons added to row.problems."""
    department_id = _department(row, province, lookups) if row.department else None
    award_type = lookups.award_types.get(normalise(row.award_type)) if row.award_type else None
    if row.award_type and award_type is None:
        row.problems.append(_("không có hình thức khen thưởng “%(name)s” trong danh mục của tỉnh")
                            % {"name": row.award_type[:100]})
    if award_type is not None and award_type.recipient == Recipient.INDIVIDUAL and not row.person_name:
        row.problems.append(_("“%(name)s” là hình thức dành cho cá nhân: cần họ tên") % {"name": award_type.name})
    if row.problems or department_id is None or award_type is None or row.year is None:
        return None
    key = (department_id, award_type.pk, row.year, normalise(row.person_name))
    if key in lookups.existing:
        row.problems.append(_("trùng với khen thưởng đã có trong lịch sử (quyết định %(reference)s)")
                            % {"reference": lookups.existing[key] or "—"})
    elif key in seen:
        row.problems.append(_("trùng với dòng %(other)s") % {"other": seen[key]})
    seen.setdefault(key, row.number)
    return Award(department_id=department_id, award_type=award_type, year=row.year, source=AwardSource.IMPORTED,
                 person_name=row.person_name, decision_reference=row.decision_reference, decided_on=row.decided_on)


def _department(row, province, lookups):
    key = normalise(row.department)
    for candidates in (lookups.names_in_year.get((key, row.year)), lookups.departments.get(key),
                       lookups.short_names.get(key)):
        if candidates and len(candidates) == 1:
            return next(iter(candidates))
        if candidates:
            names = sorted(lookups.department_names[pk] for pk in candidates)
            row.problems.append(_("“%(name)s” chỉ nhiều đơn vị (%(names)s): hãy ghi tên đầy đủ")
                                % {"name": row.department[:100], "names": ", ".join(names)})
            return None
    row.problems.append(_("không tìm thấy đơn vị “%(name)s” trong %(province)s")
                        % {"name": row.department[:100], "province": province.name})
    return None
