"""The texts the secretariat (or, for the province's documents, the Board) writes into a document before it
is rendered: number and symbol, place, date, the kind's sections and the recipients.

A text is kept per (bloc-year, kind), or per (province, year, kind) for the province's documents; changing it
changes the snapshot of the next rendering, so a new file is made (pipeline.hash_inputs).
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.domain.services import record_event
from blocs.models import BlocYear, Province
from emulation.exceptions import ConflictError
from reports.enums import BALLOT_ROUND_KINDS, BLOC_YEAR_KINDS, PROVINCE_KINDS, ReportKind
from reports.models import ReportText

EDIT_TEXT = "reports.edit_text"
SECTION_MAX = 20_000
RECIPIENTS_MAX = 2_000
ACHIEVEMENTS = ("achievements", gettext_lazy("Kết quả đạt được"))
SHORTCOMINGS = ("shortcomings", gettext_lazy("Tồn tại, hạn chế"))
# The sections each kind prints (key, label), in the document's order.
SECTIONS = {
    ReportKind.PLEDGE: [("basis", gettext_lazy("Căn cứ ký kết giao ước")),
                        ("implementation", gettext_lazy("Tổ chức thực hiện"))],
    ReportKind.MID_YEAR: [ACHIEVEMENTS, SHORTCOMINGS,
                          ("next_tasks", gettext_lazy("Nhiệm vụ trọng tâm 6 tháng cuối năm"))],
    ReportKind.YEAR_END: [ACHIEVEMENTS, SHORTCOMINGS,
                          ("next_tasks", gettext_lazy("Phương hướng, nhiệm vụ năm tới"))],
    ReportKind.VOTE_MINUTES: [("committee", gettext_lazy("Thành phần tham dự, ban kiểm phiếu")),
                              ("notes", gettext_lazy("Ý kiến, kết luận khác"))],
    ReportKind.NOMINATION_LETTER: [("basis", gettext_lazy("Căn cứ đề nghị")),
                                   ("proposal", gettext_lazy("Kiến nghị"))],
    ReportKind.PROVINCE_SUMMARY: [ACHIEVEMENTS, SHORTCOMINGS, ("proposals", gettext_lazy("Kiến nghị, đề xuất"))],
}
# Kinds whose texts belong to a bloc-year (the minutes of all its rounds share one text).
BLOC_YEAR_TEXT_KINDS = tuple(k for k in SECTIONS if k in BLOC_YEAR_KINDS or k in BALLOT_ROUND_KINDS)
PROVINCE_TEXT_KINDS = tuple(k for k in SECTIONS if k in PROVINCE_KINDS)


def text_kinds_for(subject):
    return BLOC_YEAR_TEXT_KINDS if isinstance(subject, BlocYear) else PROVINCE_TEXT_KINDS


def _where(*, kind, subject):
    """The ReportText columns of the subject: a bloc-year, or a (province, year) pair."""
    if kind not in text_kinds_for(subject):
        raise ValidationError(_("Loại văn bản này không có nội dung để soạn cho đối tượng đã chọn."))
    if isinstance(subject, BlocYear):
        return {"kind": kind, "bloc_year": subject, "province": subject.bloc.province, "year": subject.year}
    province, year = subject
    if not isinstance(province, Province):
        raise ValidationError(_("Văn bản này không lập cho đối tượng đã chọn."))
    return {"kind": kind, "bloc_year": None, "province": province, "year": int(year)}


def text_for(*, kind, subject):
    """The stored text, or an unsaved empty one (version 0) to start from."""
    where = _where(kind=kind, subject=subject)
    found = ReportText.objects.filter(**where).first()
    if found is None:
        found = ReportText(**where)
        found.version = 0
    return found


def _clean_sections(kind, sections):
    keys = [key for key, _label in SECTIONS[kind]]
    unknown = set(sections or {}) - set(keys)
    if unknown:
        raise ValidationError(_("Phần nội dung không có trong loại văn bản này: %(keys)s.")
                              % {"keys": ", ".join(sorted(unknown))})
    cleaned = {}
    for key in keys:
        value = (sections or {}).get(key, "")
        if not isinstance(value, str):
            raise ValidationError(_("Nội dung “%(key)s” phải là văn bản.") % {"key": key})
        _check_length(SECTIONS[kind][keys.index(key)][1], value, SECTION_MAX)
        cleaned[key] = value.strip()
    return cleaned


def _check_length(label, value, limit):
    if len(value or "") > limit:
        raise ValidationError(_("%(field)s dài quá %(max)s ký tự.") % {"field": label, "max": limit})
    if "\x00" in (value or ""):
        raise ValidationError(_("Không được chứa ký tự NUL."))


def _state(text):
    return {"number_symbol": text.number_symbol, "place": text.place,
            "issued_on": text.issued_on.isoformat() if text.issued_on else None,
            "sections": text.sections, "recipients": text.recipients, "version": text.version}


def save_report_text(*, kind, subject, expected_version, user, number_symbol="", place="", issued_on=None,
                     sections=None, recipients=""):
    """Write the text of a document about `subject`; `expected_version` is the version read (0 when there
    was none): a stale one is refused (409) so that nobody overwrites what another wrote meanwhile."""
    where = _where(kind=kind, subject=subject)
    cleaned = _clean_sections(kind, sections)
    _check_length(_("Số, ký hiệu"), number_symbol, ReportText._meta.get_field("number_symbol").max_length)
    _check_length(_("Địa danh"), place, ReportText._meta.get_field("place").max_length)
    _check_length(_("Nơi nhận"), recipients, RECIPIENTS_MAX)
    with transaction.atomic():
        text = ReportText.objects.select_for_update().filter(**where).first()
        if (text.version if text else 0) != (expected_version or 0):
            raise ConflictError(_("Nội dung văn bản vừa được người khác cập nhật; hãy tải lại trang để xem bản "
                                  "mới rồi sửa lại."))
        old = _state(text) if text else None
        if text is None:
            text = ReportText(**where)
        else:
            text.version += 1
        text.number_symbol, text.place, text.issued_on = number_symbol.strip(), place.strip(), issued_on
        text.sections, text.recipients, text.updated_by = cleaned, (recipients or "").strip(), user
        try:
            with transaction.atomic():
                text.save()
        except IntegrityError as exc:  # another request created it first
            raise ConflictError(_("Nội dung văn bản vừa được người khác tạo; hãy tải lại trang và thử lại.")) from exc
        record_event(actor=user, event_type="report_text.saved", obj=text, old_value=old, new_value=_state(text))
    return text
