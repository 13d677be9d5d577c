"""Public disclosure (công khai) of the province's proposed awards, and the comments and complaints on it.

The Board publishes, for a year, the province's approved nominations of every bloc as a list of entries (a
snapshot); the list stays open for comments and complaints for the province's number of working days
(Monday–Friday). Officers and leaders of the province's departments file them while it is open; the Board
answers each one; the list goes to the Council only once the period has ended and every complaint has an
answer. The disclosure row is the lock: filing and sending both take it FOR UPDATE, so a complaint cannot
slip in while the list is being sent.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from awards.enums import NominationStatus
from awards.models import Nomination
from blocs.models import Membership
from decisions.domain import disclosure_notices as notices
from decisions.domain.working_days import add_working_days, working_days_between
from decisions.enums import ComplaintKind
from decisions.enums import DisclosureStatus as S
from decisions.models import Complaint, DecisionSettings, Disclosure, DisclosureEntry
from emulation.exceptions import ConflictError

VIEW, MANAGE, FILE = "decisions.view", "decisions.manage", "decisions.file_complaint"
TEXT_MAX = 5000
MIN_DAYS, MAX_DAYS = 1, 60
MIN_YEAR, MAX_YEAR = 2000, 2100


def _require(user, permission, obj):
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với danh sách công khai."))


def may_file(user, disclosure):
    """Filing is for a department: a superuser, who has every permission but no department, cannot."""
    return user.has_perm(FILE, disclosure) and getattr(user, "department_id", None) is not None


def _today(today):
    return today or timezone.localdate()


# ------------------------------------------------------------------------------------------------ state

def is_open(disclosure, today=None):
    """Comments and complaints are received until the closing day, inclusive."""
    return disclosure.status == S.OPEN and _today(today) <= disclosure.closes_on


def current_status(disclosure, today=None):
    """The status as it stands today: an open list whose period has ended reads as closed."""
    if disclosure.status == S.OPEN and not is_open(disclosure, today):
        return S.CLOSED
    return S(disclosure.status)


def send_blockers(disclosure, *, unanswered, today=None):
    """Why the list cannot go to the Council yet (empty when it can); `unanswered` is its unanswered count."""
    if disclosure.status == S.SENT_TO_COUNCIL:
        return [_("Danh sách đã được trình Hội đồng Thi đua - Khen thưởng.")]
    reasons = []
    if is_open(disclosure, today):
        reasons.append(_("Thời hạn công khai chưa kết thúc: nhận ý kiến đến hết ngày %(day)s.")
                       % {"day": f"{disclosure.closes_on:%d/%m/%Y}"})
    if unanswered:
        reasons.append(_("Còn %(count)s ý kiến, khiếu nại chưa được trả lời.") % {"count": unanswered})
    return reasons


# --------------------------------------------------------------------------------------------- settings

def settings_of(province):
    """The province's settings, or unsaved defaults (version 0) when the Board has set none."""
    return DecisionSettings.objects.filter(province=province).first() or DecisionSettings(province=province,
                                                                                          version=0)


def update_settings(*, province, working_days, expected_version, user):
    """The Board sets how many working days its lists stay public; 409 if the settings changed meanwhile."""
    _require(user, MANAGE, province)
    if isinstance(working_days, bool) or not isinstance(working_days, int) or not (
            MIN_DAYS <= working_days <= MAX_DAYS):
        raise ValidationError(_("Số ngày làm việc công khai phải là số nguyên từ %(min)s đến %(max)s.")
                              % {"min": MIN_DAYS, "max": MAX_DAYS})
    with transaction.atomic():
        current = DecisionSettings.objects.select_for_update().filter(province=province).first()
        if (current.version if current else 0) != (expected_version or 0):
            raise ConflictError(_("Thiết lập công khai vừa được người khác cập nhật; hãy tải lại trang và thử lại."))
        old = {"disclosure_working_days": current.disclosure_working_days, "version": current.version} \
            if current else None
        if current is None:
            current = _create_settings(province, working_days)
        else:
            current.disclosure_working_days, current.version = working_days, current.version + 1
            current.save(update_fields=["disclosure_working_days", "version"])
        record_event(actor=user, event_type="decision_settings.updated", obj=current, old_value=old,
                     new_value={"disclosure_working_days": working_days, "version": current.version})
    return current


def _create_settings(province, working_days):
    try:
        with transaction.atomic():
            return DecisionSettings.objects.create(province=province, disclosure_working_days=working_days)
    except IntegrityError as exc:  # another request created them first
        raise ConflictError(_("Thiết lập công khai vừa được người khác tạo; hãy tải lại trang và thử lại.")) from exc


# ---------------------------------------------------------------------------------------------- publish

def approved_nominations(*, province, year):
    """The province's approved nominations of a year, every bloc, in the order the list shows them."""
    return (Nomination.objects.filter(bloc_year__bloc__province=province, bloc_year__year=year,
                                      status=NominationStatus.APPROVED)
            .select_related("award_type", "department", "bloc_year__bloc")
            .order_by("award_type__position", "award_type__name", "award_type_id", "bloc_year__bloc__name",
                      "department__name", "pk"))


def publish_disclosure(*, province, year, user, published_on=None):
    """The Board publishes the province's approved nominations of `year` for comments and complaints, open
    until `published_on` plus the province's number of working days. Refused when none is approved or the
    year's list was already published."""
    _require(user, MANAGE, province)
    _check_year(year)
    published_on = published_on or timezone.localdate()
    if published_on > timezone.localdate():
        raise ValidationError(_("Ngày công khai không được sau ngày hôm nay."))
    with transaction.atomic():
        if Disclosure.objects.filter(province=province, year=year).exists():
            raise ValidationError(_("Danh sách đề nghị khen thưởng năm %(year)s của %(province)s đã được công khai.")
                                  % {"year": year, "province": province.name})
        nominations = list(approved_nominations(province=province, year=year))
        if not nominations:
            raise ValidationError(_("Chưa có đề nghị khen thưởng nào năm %(year)s được Ban TĐKT chấp thuận; "
                                    "chưa có gì để công khai.") % {"year": year})
        days = settings_of(province).disclosure_working_days
        disclosure = _create_disclosure(province=province, year=year, published_on=published_on, working_days=days,
                                        closes_on=add_working_days(published_on, days), user=user)
        entries = DisclosureEntry.objects.bulk_create(_entries(disclosure, nominations))
        record_event(actor=user, event_type="disclosure.published", obj=disclosure,
                     new_value={**_describe(disclosure), "entries": listing(
                         entries, "nomination_id", "award_type_id", "department_id", "recipient_name", "bloc_name",
                         "position")})
    return disclosure


def _check_year(year):
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(_("Năm phải là số nguyên từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})


def _create_disclosure(*, province, year, **fields):
    title = _("Danh sách đề nghị khen thưởng năm %(year)s – %(province)s") % {"year": year, "province": province.name}
    try:
        with transaction.atomic():
            return Disclosure.objects.create(province=province, year=year, title=title[:300],
                                             published_by=fields.pop("user"), **fields)
    except IntegrityError as exc:  # a concurrent request published it first
        raise ValidationError(_("Danh sách đề nghị khen thưởng năm %(year)s của %(province)s đã được công khai.")
                              % {"year": year, "province": province.name}) from exc


def _entries(disclosure, nominations):
    """Snapshot rows: the name each unit had in its bloc that year, the bloc's name, the award type."""
    names = dict(((m["bloc_year_id"], m["department_id"]), m["name_at_time"]) for m in Membership.objects.filter(
        bloc_year_id__in={n.bloc_year_id for n in nominations}).values("bloc_year_id", "department_id",
                                                                       "name_at_time"))
    return [DisclosureEntry(disclosure=disclosure, nomination=n, award_type=n.award_type, department=n.department,
                            recipient_name=names.get((n.bloc_year_id, n.department_id)) or n.department.name,
                            bloc_name=n.bloc_year.bloc.name, position=index)
            for index, n in enumerate(nominations, start=1)]


# ------------------------------------------------------------------------------------------- complaints

def _check_text(value, label, *, required=True):
    if required and not value:
        raise ValidationError(_("Hãy nhập %(field)s.") % {"field": label})
    if len(value) > TEXT_MAX:
        raise ValidationError(_("%(field)s không được dài quá %(limit)s ký tự.") % {"field": label.capitalize(),
                                                                                    "limit": TEXT_MAX})
    if "\x00" in value:
        raise ValidationError(_("Không được chứa ký tự NUL."))


def file_complaint(*, disclosure, entry, kind, text, user, today=None):
    """An officer or leader of a department of the province files a comment or complaint about an entry,
    for their own department, while the list is open (until the closing day inclusive)."""
    if not may_file(user, disclosure):
        raise PermissionDenied(_("Chỉ cán bộ, thủ trưởng một đơn vị của tỉnh mới gửi được ý kiến, khiếu nại."))
    text = (text or "").strip()
    _check_text(text, _("nội dung ý kiến, khiếu nại"))
    if kind not in ComplaintKind.values:
        raise ValidationError(_("Loại ý kiến không hợp lệ: chọn “Ý kiến” hoặc “Khiếu nại”."))
    if entry.disclosure_id != disclosure.pk:
        raise ValidationError(_("Mục được chọn không thuộc danh sách công khai này."))
    with transaction.atomic():
        current = _locked(disclosure)
        if not is_open(current, today):
            raise ValidationError(_("Danh sách đã hết thời hạn nhận ý kiến, khiếu nại (hạn cuối: %(day)s).")
                                  % {"day": f"{current.closes_on:%d/%m/%Y}"})
        complaint = Complaint.objects.create(disclosure=current, entry=entry, kind=kind, department=user.department,
                                             filed_by=user, filed_at=timezone.now(), text=text)
        record_event(actor=user, event_type="complaint.filed", obj=complaint, new_value=_describe_complaint(complaint))
        notices.complaint_filed(complaint=complaint)
    return complaint


def answer_complaint(*, complaint, answer, user, expected_version):
    """The Board answers (or corrects its answer to) a complaint until the list goes to the Council;
    `expected_version` is the complaint's version as read: 409 if someone changed it meanwhile."""
    _require(user, MANAGE, complaint)
    answer = (answer or "").strip()
    _check_text(answer, _("câu trả lời"))
    with transaction.atomic():
        _locked(complaint.disclosure)
        current = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if current.version != expected_version:
            raise ConflictError(_("Ý kiến, khiếu nại này vừa được người khác trả lời hoặc sửa câu trả lời; hãy tải "
                                  "lại trang và thử lại."))
        if current.disclosure.status == S.SENT_TO_COUNCIL:
            raise ValidationError(_("Danh sách đã trình Hội đồng; không thể sửa câu trả lời."))
        old = _describe_complaint(current)
        current.answer, current.answered_by, current.answered_at = answer, user, timezone.now()
        current.version += 1
        current.save(update_fields=["answer", "answered_by", "answered_at", "version"])
        record_event(actor=user, event_type="complaint.answered", obj=current, old_value=old,
                     new_value=_describe_complaint(current))
        notices.complaint_answered(complaint=current, first_answer=not old["answer"])
    return current


# ----------------------------------------------------------------------------------- closing, sending

def close_disclosure(*, disclosure, user=None, today=None):
    """Record that the period has ended (the pages call it lazily; `user` None is the system). Changes
    nothing while the list is still open or once it is closed or sent. Returns the disclosure."""
    if disclosure.status != S.OPEN or is_open(disclosure, today):
        return disclosure
    with transaction.atomic():
        current = _locked(disclosure)
        if current.status == S.OPEN and not is_open(current, today):
            _set_status(current, S.CLOSED, user=user, event_type="disclosure.closed")
    disclosure.refresh_from_db()
    return disclosure


def send_to_council(*, disclosure, user, today=None):
    """The Board sends the list to the Council: only after the closing day, and only when every comment and
    complaint has an answer (the refusal says how many have none)."""
    _require(user, MANAGE, disclosure)
    with transaction.atomic():
        current = _locked(disclosure)
        unanswered = current.complaints.filter(answer="").count()
        reasons = send_blockers(current, unanswered=unanswered, today=today)
        if reasons:
            raise ValidationError(_("Chưa thể trình Hội đồng: %(reasons)s")
                                  % {"reasons": " ".join(reasons)})
        current.sent_at, current.sent_by = timezone.now(), user
        _set_status(current, S.SENT_TO_COUNCIL, user=user, event_type="disclosure.sent",
                    extra_fields=["sent_at", "sent_by"])
    disclosure.refresh_from_db()
    return disclosure


def _set_status(current, status, *, user, event_type, extra_fields=()):
    old = _describe(current)
    current.status, current.version = status, current.version + 1
    current.save(update_fields=["status", "version", *extra_fields])
    record_event(actor=user, event_type=event_type, obj=current, old_value=old, new_value=_describe(current))


# ------------------------------------------------------------------------------------------------ helpers

def _locked(disclosure):
    return Disclosure.objects.select_for_update().select_related("province").get(pk=disclosure.pk)


def _describe(disclosure):
    return {"province": disclosure.province_id, "year": disclosure.year, "title": disclosure.title,
            "published_on": disclosure.published_on, "working_days": disclosure.working_days,
            "closes_on": disclosure.closes_on, "status": disclosure.status,
            "sent_at": disclosure.sent_at, "sent_by": disclosure.sent_by_id, "version": disclosure.version}


def _describe_complaint(complaint):
    return {"disclosure": complaint.disclosure_id, "entry": complaint.entry_id, "kind": complaint.kind,
            "department": complaint.department_id, "text": complaint.text, "answer": complaint.answer,
            "answered_by": complaint.answered_by_id, "answered_at": complaint.answered_at,
            "version": complaint.version}


def working_days_left(disclosure, today=None):
    """Working days from today to the closing day, both included (0 once the list no longer takes any)."""
    return working_days_between(_today(today), disclosure.closes_on) if is_open(disclosure, today) else 0
