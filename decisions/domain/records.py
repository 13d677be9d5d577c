"""Award decisions (quyết định khen thưởng): the Board records the Council's outcome, or withdraws a decision.

A decision's lines come from the disclosed list (each entry awarded or not; the list must have been sent to
the Council) or, for a decision without a disclosure, are entered by hand (award type, department, and a
person's name for an individual award). Every awarded line becomes exactly one award record (the history
that later years' eligibility reads), priced at the decision date (decisions.domain.money).

Exactly once: the province's row is locked for the whole recording, so two submissions of one decision are
serialised; the second finds the number taken (or the entries already decided) and is refused, and the unique
constraints (number per province, one award per line, one live award per recipient, type and year) stand
behind these checks. Withdrawing marks the decision's awards withdrawn: they stop counting for eligibility and
statistics. Every change is audited and the awarded departments' officers are told once it commits.
"""
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import record_event
from awards.enums import AwardSource, Recipient
from awards.models import Award
from blocs.models import Province
from decisions.domain.money import PriceList
from decisions.enums import DecisionStatus, DisclosureStatus
from decisions.models import AwardDecision, AwardDecisionLine, Disclosure, DisclosureEntry
from emulation.exceptions import ConflictError
from notifications.domain.services import notify

MANAGE = "decisions.manage"
NUMBER_MAX = AwardDecision._meta.get_field("number_symbol").max_length
NAME_MAX = 200
OUTCOME_MAX = REASON_MAX = 5000
LINES_MAX = 500
EARLIEST_YEAR = 2000
# "125/QĐ-UBND", "12/2018/QĐ-UBND": a number, an optional year, then the symbol.
NUMBER_PATTERN = re.compile(r"\d{1,6}(/\d{4})?/\S{2,}")


@dataclass(frozen=True)
class LineInput:
    """One line as asked: from a disclosed entry (awarded or not) or entered by hand."""

    award_type: object = None
    department: object = None
    person_name: str = ""
    entry: DisclosureEntry | None = None
    awarded: bool = True


def provincial_authority(province):
    """"Ủy ban nhân dân tỉnh Quảng Ngãi", "Ủy ban nhân dân thành phố Hà Nội": who issues the province's decisions."""
    name = province.name
    if name.startswith("Thành phố "):
        return f"Ủy ban nhân dân thành phố {name.removeprefix('Thành phố ')}"
    return f"Ủy ban nhân dân tỉnh {name.removeprefix('Tỉnh ')}"


def _require(user, obj):
    if not (user is not None and user.is_authenticated and user.has_perm(MANAGE, obj)):
        raise PermissionDenied(_("Chỉ Ban Thi đua - Khen thưởng của tỉnh được ghi nhận hoặc thu hồi quyết định "
                                 "khen thưởng."))


def _text(value, *, label, limit, required=True, multiline=False):
    value = str(value or "").strip() if multiline else " ".join(str(value or "").split())
    if required and not value:
        raise ValidationError(_("Hãy nhập %(field)s.") % {"field": label})
    if len(value) > limit:
        raise ValidationError(_("%(field)s không được dài quá %(limit)s ký tự.") % {"field": label.capitalize(),
                                                                                   "limit": limit})
    if "\x00" in value:
        raise ValidationError(_("Không được chứa ký tự NUL."))
    return value


# ------------------------------------------------------------------------------------------------ recording

def record_decision(*, province, year, number_symbol, decided_on, authority, signer_position, signer_name,
                    council_outcome="", lines, user, disclosure=None):
    """The Board records the Chairman's decision on the Council's outcome; each awarded line becomes one award.

    With a disclosure the lines are its entries (each awarded or not) and the list must have been sent to the
    Council; without one, a year whose list is still public cannot be decided."""
    _require(user, province)
    fields = _clean_fields(number_symbol=number_symbol, authority=authority, signer_position=signer_position,
                           signer_name=signer_name, council_outcome=council_outcome)
    year = _check_year(year, decided_on)
    with transaction.atomic():
        Province.objects.select_for_update().filter(pk=province.pk).first()  # one recording at a time
        _check_number_free(province, fields["number_symbol"])
        if disclosure is not None:
            disclosure = _check_disclosure(disclosure, province=province, year=year, decided_on=decided_on)
        else:
            _check_no_open_disclosure(province=province, year=year)
        wanted, not_awarded = _resolve_lines(lines, province=province, disclosure=disclosure)
        _check_not_awarded_yet(wanted, province=province, year=year)
        prices = PriceList(province=province, on_date=decided_on)
        decision = _create_decision(province=province, year=year, disclosure=disclosure, decided_on=decided_on,
                                    user=user, **fields)
        created = [_create_line(decision, position, line, prices.price(line.award_type))
                   for position, line in enumerate(wanted, start=1)]
        awards = _create_awards(decision, created)
        record_event(actor=user, event_type="decision.recorded", obj=decision, new_value={
            **describe(decision), "lines": [describe_line(line) for line in created],
            "not_awarded_entries": [line.entry.pk for line in not_awarded]})
        for award in awards:
            record_event(actor=user, event_type="award.recorded", obj=award, new_value=_describe_award(award))
        _notify_recorded(decision=decision, lines=created)
    return decision


def _clean_fields(*, number_symbol, authority, signer_position, signer_name, council_outcome):
    number = _text(number_symbol, label=_("số, ký hiệu quyết định"), limit=NUMBER_MAX)
    if not NUMBER_PATTERN.fullmatch(number):
        raise ValidationError(_("Số, ký hiệu “%(number)s” không đúng dạng số/ký hiệu, ví dụ 125/QĐ-UBND.")
                              % {"number": number})
    return {
        "number_symbol": number,
        "authority": _text(authority, label=_("cơ quan ban hành"), limit=NAME_MAX),
        "signer_position": _text(signer_position, label=_("chức vụ người ký"), limit=NAME_MAX),
        "signer_name": _text(signer_name, label=_("họ tên người ký"), limit=NAME_MAX),
        "council_outcome": _text(council_outcome, label=_("kết quả họp Hội đồng"), limit=OUTCOME_MAX,
                                 required=False, multiline=True),
    }


def _check_year(year, decided_on):
    if not isinstance(decided_on, datetime.date) or isinstance(decided_on, datetime.datetime):
        raise ValidationError(_("Ngày ký quyết định không hợp lệ."))
    if decided_on > timezone.localdate():
        raise ValidationError(_("Ngày ký quyết định không được sau hôm nay."))
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= decided_on.year:
        raise ValidationError(_("Năm thi đua phải từ %(first)s đến năm ký quyết định (%(last)s).")
                              % {"first": EARLIEST_YEAR, "last": decided_on.year})
    return year


def _check_disclosure(disclosure, *, province, year, decided_on):
    current = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if current.province_id != province.pk or current.year != year:
        raise ValidationError(_("Danh sách công khai không thuộc tỉnh và năm thi đua của quyết định."))
    if current.status != DisclosureStatus.SENT_TO_COUNCIL:
        raise ValidationError(_("Danh sách đề nghị khen thưởng năm %(year)s chưa được trình Hội đồng Thi đua - "
                                "Khen thưởng; hãy trình Hội đồng trước khi ghi nhận quyết định.") % {"year": year})
    if decided_on <= current.closes_on:
        raise ValidationError(_("Ngày ký quyết định phải sau ngày kết thúc công khai danh sách (%(date)s).")
                              % {"date": date_format(current.closes_on, "d/m/Y")})
    return current


def _check_no_open_disclosure(*, province, year):
    if Disclosure.objects.filter(province=province, year=year).exclude(
            status=DisclosureStatus.SENT_TO_COUNCIL).exists():
        raise ValidationError(_("Danh sách đề nghị khen thưởng năm %(year)s đang công khai, chưa trình Hội đồng "
                                "Thi đua - Khen thưởng; hãy trình Hội đồng trước khi ghi nhận quyết định.")
                              % {"year": year})


def _resolve_lines(lines, *, province, disclosure):
    """(awarded lines, entries not awarded); refuses bad, repeated or foreign lines."""
    lines = list(lines or [])
    if len(lines) > LINES_MAX:
        raise ValidationError(_("Một quyết định có tối đa %(max)s dòng.") % {"max": LINES_MAX})
    resolved = [_from_entry(line, disclosure) if disclosure is not None else _manual(line, province)
                for line in lines]
    awarded = [line for line in resolved if line.awarded]
    if not awarded:
        raise ValidationError(_("Quyết định phải khen thưởng ít nhất một đơn vị hoặc cá nhân."))
    keys = [(line.award_type.pk, line.department.pk, line.person_name.casefold()) for line in awarded]
    entries = [line.entry.pk for line in resolved if line.entry is not None]
    if len(set(keys)) != len(keys) or len(set(entries)) != len(entries):
        raise ValidationError(_("Một đơn vị hoặc cá nhân được ghi hai lần cho cùng một hình thức khen thưởng."))
    if disclosure is not None:
        _check_entries_undecided([line for line in resolved if line.awarded])
    return awarded, [line for line in resolved if not line.awarded]


def _from_entry(line, disclosure):
    entry = line.entry
    if entry is None or entry.disclosure_id != disclosure.pk:
        raise ValidationError(_("Dòng đề nghị không thuộc danh sách công khai của quyết định."))
    return LineInput(award_type=entry.award_type, department=entry.department, entry=entry,
                     awarded=bool(line.awarded),
                     person_name=_text(line.person_name, label=_("họ tên cá nhân"), limit=NAME_MAX, required=False))


def _manual(line, province):
    if line.entry is not None:
        raise ValidationError(_("Quyết định không theo danh sách công khai nào: hãy nhập từng dòng khen thưởng."))
    award_type, department = line.award_type, line.department
    if award_type is None or department is None:
        raise ValidationError(_("Mỗi dòng cần hình thức khen thưởng và đơn vị."))
    if award_type.province_id != province.pk or department.province_id != province.pk:
        raise ValidationError(_("Hình thức khen thưởng và đơn vị phải thuộc tỉnh của quyết định."))
    person = _text(line.person_name, label=_("họ tên cá nhân"), limit=NAME_MAX, required=False)
    if award_type.recipient == Recipient.INDIVIDUAL and not person:
        raise ValidationError(_("“%(award)s” tặng cho cá nhân: hãy ghi họ tên người được khen thưởng (%(unit)s).")
                              % {"award": award_type.name, "unit": department.name})
    return LineInput(award_type=award_type, department=department, person_name=person, awarded=True)


def _check_entries_undecided(lines):
    taken = set(AwardDecisionLine.objects.filter(
        entry_id__in=[line.entry.pk for line in lines], decision__status=DecisionStatus.RECORDED)
        .values_list("entry_id", flat=True))
    if taken:
        names = ", ".join(line.entry.recipient_name for line in lines if line.entry.pk in taken)
        raise ValidationError(_("Đã có quyết định khen thưởng cho: %(names)s.") % {"names": names})


def _check_number_free(province, number):
    existing = AwardDecision.objects.filter(province=province, number_symbol__iexact=number).first()
    if existing is not None:
        raise ValidationError(_("Quyết định số %(number)s của tỉnh đã được ghi nhận (ngày %(date)s).")
                              % {"number": existing.number_symbol,
                                 "date": date_format(existing.decided_on, "d/m/Y")})


def _live_award_q(line, year):
    return Q(department=line.department, award_type=line.award_type, year=year, person_name=line.person_name)


def _check_not_awarded_yet(lines, *, province, year):
    """A unit (or person) holds one live award of a type per year, whether decided here or imported."""
    query = Q()
    for line in lines:
        query |= _live_award_q(line, year)
    held = Award.objects.filter(query, is_withdrawn=False).select_related("department", "award_type")
    found = [f"{award.person_name + ' – ' if award.person_name else ''}{award.department.name}: "
             f"{award.award_type.name} {award.year}" for award in held]
    if found:
        raise ValidationError(_("Đã có khen thưởng còn hiệu lực: %(list)s.") % {"list": "; ".join(found)})


def _create_decision(**fields):
    try:
        with transaction.atomic():
            return AwardDecision.objects.create(recorded_at=timezone.now(), recorded_by=fields.pop("user"), **fields)
    except IntegrityError as exc:  # the number was taken between the check and the insert
        raise ValidationError(_("Quyết định số %(number)s của tỉnh đã được ghi nhận.")
                              % {"number": fields["number_symbol"]}) from exc


def _recipient_name(line):
    if line.entry is not None:
        return f"{line.person_name} – {line.entry.recipient_name}" if line.person_name else line.entry.recipient_name
    return f"{line.person_name} – {line.department.name}" if line.person_name else line.department.name


def _create_line(decision, position, line, price):
    return AwardDecisionLine.objects.create(
        decision=decision, award_type=line.award_type, department=line.department, person_name=line.person_name,
        recipient_name=_recipient_name(line)[:300], entry=line.entry,
        nomination_id=line.entry.nomination_id if line.entry is not None else None,
        cash_multiple=price.cash_multiple, base_salary=price.base_salary, amount=price.amount, position=position)


def _create_awards(decision, lines):
    try:
        with transaction.atomic():
            return Award.objects.bulk_create([Award(
                department_id=line.department_id, award_type_id=line.award_type_id, year=decision.year,
                source=AwardSource.DECISION, decision_reference=decision.number_symbol,
                decided_on=decision.decided_on, person_name=line.person_name, decision_line=line) for line in lines])
    except IntegrityError as exc:  # a live award of the same recipient, type and year appeared meanwhile
        raise ValidationError(_("Một đơn vị trong quyết định vừa được ghi nhận khen thưởng cùng hình thức và năm; "
                                "hãy tải lại trang và kiểm tra.")) from exc


# --------------------------------------------------------------------------------------------- withdrawing

def withdraw_decision(*, decision, reason, user, expected_version):
    """The Board withdraws a recorded decision, with a reason: its awards stop counting for eligibility and
    statistics. `expected_version` is the decision's version as read (409 when stale)."""
    _require(user, decision)
    reason = _text(reason, label=_("lý do thu hồi"), limit=REASON_MAX, multiline=True)
    with transaction.atomic():
        current = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if current.version != expected_version:
            raise ConflictError(_("Quyết định %(number)s vừa được người khác cập nhật; hãy tải lại trang và thử lại.")
                                % {"number": current.number_symbol})
        if current.status != DecisionStatus.RECORDED:
            raise ValidationError(_("Quyết định %(number)s đã được thu hồi.") % {"number": current.number_symbol})
        old = describe(current)
        current.status, current.withdrawal_reason = DecisionStatus.WITHDRAWN, reason
        current.withdrawn_by, current.withdrawn_at, current.version = user, timezone.now(), current.version + 1
        current.save(update_fields=["status", "withdrawal_reason", "withdrawn_by", "withdrawn_at", "version"])
        awards = list(Award.objects.select_for_update().filter(decision_line__decision=current, is_withdrawn=False))
        Award.objects.filter(pk__in=[a.pk for a in awards]).update(is_withdrawn=True)
        record_event(actor=user, event_type="decision.withdrawn", obj=current, old_value=old,
                     new_value=describe(current))
        for award in awards:
            record_event(actor=user, event_type="award.withdrawn", obj=award, old_value={"is_withdrawn": False},
                         new_value={"is_withdrawn": True, "decision": current.number_symbol, "reason": reason})
        _notify_withdrawn(decision=current)
    decision.refresh_from_db()
    return decision


# ---------------------------------------------------------------------------------------------- describing

def describe(decision):
    return {"province": decision.province_id, "year": decision.year, "disclosure": decision.disclosure_id,
            "number_symbol": decision.number_symbol, "decided_on": decision.decided_on,
            "authority": decision.authority, "signer_position": decision.signer_position,
            "signer_name": decision.signer_name, "council_outcome": decision.council_outcome,
            "status": decision.status, "withdrawal_reason": decision.withdrawal_reason,
            "version": decision.version}


def describe_line(line):
    return {"id": line.pk, "award_type": line.award_type_id, "department": line.department_id,
            "person_name": line.person_name, "recipient_name": line.recipient_name, "entry": line.entry_id,
            "nomination": line.nomination_id, "cash_multiple": str(line.cash_multiple),
            "base_salary": str(line.base_salary), "amount": str(line.amount)}


def _describe_award(award):
    return {"department": award.department_id, "award_type": award.award_type_id, "year": award.year,
            "person_name": award.person_name, "decision_reference": award.decision_reference,
            "decided_on": award.decided_on, "decision_line": award.decision_line_id}


# ------------------------------------------------------------------------------------------------- telling

def _officers(department_ids):
    return User.objects.filter(role=Role.OFFICER, department_id__in=department_ids, is_active=True).order_by("pk")


def _words(decision):
    return {"number": decision.number_symbol, "date": date_format(decision.decided_on, "d/m/Y"),
            "year": decision.year, "authority": decision.authority}


def _notify_recorded(*, decision, lines):
    """Tell the officers of every awarded department (in the transaction; e-mails go after the commit)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Quyết định khen thưởng %(number)s ngày %(date)s (năm thi đua %(year)s)") % _words(decision)
        body = _("%(authority)s đã ký quyết định %(number)s ngày %(date)s khen thưởng đơn vị của bạn:")
        body = body % _words(decision) + "\n" + "\n".join(f"- {line.award_type.name}: {line.recipient_name}"
                                                          for line in lines)
    return notify(users=_officers({line.department_id for line in lines}), title=title, body=body,
                  url=reverse("decisions:decision_detail", args=[decision.pk]))


def _notify_withdrawn(*, decision):
    departments = set(decision.lines.values_list("department_id", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Thu hồi quyết định khen thưởng %(number)s ngày %(date)s") % _words(decision)
        body = _("Quyết định %(number)s đã bị thu hồi; các khen thưởng theo quyết định này không còn được tính. "
                 "Lý do: %(reason)s") % {**_words(decision), "reason": decision.withdrawal_reason}
    return notify(users=_officers(departments), title=title, body=body,
                  url=reverse("decisions:decision_detail", args=[decision.pk]))
