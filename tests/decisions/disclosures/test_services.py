"""Publishing, filing, answering and sending a disclosed list: rules, refusals, audit and notifications."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from decisions.domain import disclosures as services
from decisions.enums import ComplaintKind
from decisions.enums import DisclosureStatus as S
from decisions.models import Complaint, DecisionSettings, Disclosure, DisclosureEntry
from emulation.exceptions import ConflictError
from notifications.models import Notification
from tests.decisions.disclosures.conftest import MONDAY, ROLES, publish

pytestmark = pytest.mark.integration
REFUSED = "Bạn không có quyền thực hiện thao tác này với danh sách công khai."
NOT_A_DEPARTMENT = "Chỉ cán bộ, thủ trưởng một đơn vị của tỉnh mới gửi được ý kiến, khiếu nại."


def _user(w, role):
    return AnonymousUser() if role == "anonymous" else getattr(w, role)


def _file(w, disclosure, user, text="Đơn vị này chưa nộp đủ hồ sơ.", kind=ComplaintKind.COMPLAINT, entry=None):
    return services.file_complaint(disclosure=disclosure, entry=entry or disclosure.entries.first(), kind=kind,
                                   text=text, user=user)


def _messages(exc_info):
    return exc_info.value.messages


# --- publishing ------------------------------------------------------------------------------------------------

def test_publish_snapshots_the_approved_nominations_of_every_bloc(province_year):
    w = province_year
    disclosure = publish(w)

    assert (disclosure.title, disclosure.published_on, disclosure.working_days, disclosure.closes_on,
            disclosure.status) == (f"Danh sách đề nghị khen thưởng năm 2026 – {w.province.name}", MONDAY, 5,
                                   datetime.date(2026, 11, 9), S.OPEN)
    rows = list(disclosure.entries.order_by("position").values_list(
        "position", "award_type__code", "recipient_name", "bloc_name", "nomination_id"))
    flag_rows = sorted([(w.own.bloc.name, w.own_departments[0].name, w.approved[0].pk),
                        (w.other.bloc.name, w.other_departments[0].name, w.approved[1].pk)])
    assert rows == [
        (1, "co_thi_dua_tinh", flag_rows[0][1], flag_rows[0][0], flag_rows[0][2]),
        (2, "co_thi_dua_tinh", flag_rows[1][1], flag_rows[1][0], flag_rows[1][2]),
        (3, "bang_khen_chu_tich_tinh", w.own_departments[2].name, w.own.bloc.name, w.approved[2].pk),
    ]
    event = AuditEvent.objects.get(event_type="disclosure.published")
    assert (event.actor_id, event.object_id) == (w.board.pk, str(disclosure.pk))


def test_publish_uses_the_name_the_unit_had_that_year(province_year):
    w = province_year
    w.own.memberships.filter(department=w.own_departments[0]).update(name_at_time="Sở Tên Cũ")
    disclosure = publish(w)
    assert disclosure.entries.get(nomination=w.approved[0]).recipient_name == "Sở Tên Cũ"


def test_publish_takes_the_provinces_number_of_working_days(province_year):
    w = province_year
    DecisionSettings.objects.create(province=w.province, disclosure_working_days=10)
    disclosure = publish(w, published_on=datetime.date(2026, 11, 6))  # a Friday
    assert (disclosure.working_days, disclosure.closes_on) == (10, datetime.date(2026, 11, 20))


def test_publish_is_refused_when_nothing_is_approved(province_year):
    w = province_year
    with pytest.raises(ValidationError) as exc:
        services.publish_disclosure(province=w.province, year=2025, user=w.board)
    assert _messages(exc) == ["Chưa có đề nghị khen thưởng nào năm 2025 được Ban TĐKT chấp thuận; chưa có gì để "
                              "công khai."]
    assert (Disclosure.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_publish_is_refused_when_already_published(province_year):
    w = province_year
    publish(w)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        publish(w)
    assert _messages(exc) == [f"Danh sách đề nghị khen thưởng năm 2026 của {w.province.name} đã được công khai."]
    assert (Disclosure.objects.count(), DisclosureEntry.objects.count(), AuditEvent.objects.count()) == (1, 3, events)


@pytest.mark.parametrize(("year", "message"), [
    (1999, "Năm phải là số nguyên từ 2000 đến 2100."), ("2026", "Năm phải là số nguyên từ 2000 đến 2100."),
])
def test_publish_refuses_a_bad_year(province_year, year, message):
    with pytest.raises(ValidationError) as exc:
        services.publish_disclosure(province=province_year.province, year=year, user=province_year.board)
    assert _messages(exc) == [message]
    assert Disclosure.objects.count() == 0


def test_publish_refuses_a_day_in_the_future(province_year):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        publish(province_year, published_on=tomorrow)
    assert _messages(exc) == ["Ngày công khai không được sau ngày hôm nay."]


@pytest.mark.parametrize(("role", "allowed"), [
    ("board", True), ("superuser", True), ("far_board", False), ("secretariat", False), ("officer", False),
    ("leader", False), ("other_officer", False), ("far_officer", False), ("anonymous", False),
])
def test_who_may_publish(province_year, role, allowed):
    w = province_year
    call = lambda: services.publish_disclosure(province=w.province, year=2026, user=_user(w, role))  # noqa: E731
    if allowed:
        assert call().entries.count() == 3
    else:
        with pytest.raises(PermissionDenied, match=REFUSED):
            call()
        assert Disclosure.objects.count() == 0


# --- filing ----------------------------------------------------------------------------------------------------

FILE_OUTCOMES = {  # who may file a comment or complaint on the province's list
    "officer": True, "leader": True,
    "other_officer": True,  # an officer of another bloc of the same province: the list is province-wide
    "board": False, "far_board": False, "secretariat": False, "superuser": False, "far_officer": False,
    "anonymous": False,
}


@pytest.mark.parametrize(("role", "allowed"), list(FILE_OUTCOMES.items()))
def test_who_may_file(disclosure, province_year, role, allowed):
    w = province_year
    user = _user(w, role)
    if allowed:
        complaint = _file(w, disclosure, user)
        assert (complaint.department_id, complaint.filed_by_id, complaint.kind, complaint.text) == (
            user.department_id, user.pk, "complaint", "Đơn vị này chưa nộp đủ hồ sơ.")
        assert AuditEvent.objects.filter(event_type="complaint.filed").count() == 1
    else:
        with pytest.raises(PermissionDenied, match=NOT_A_DEPARTMENT):
            _file(w, disclosure, user)
        assert Complaint.objects.count() == 0
    assert set(FILE_OUTCOMES) == {*ROLES, "anonymous"}


def test_filing_on_the_closing_day_is_accepted_and_after_it_refused(province_year):
    w = province_year
    disclosure = publish(w)  # closes on 09/11/2026
    entry = disclosure.entries.first()
    services.file_complaint(disclosure=disclosure, entry=entry, kind="comment", text="Đồng ý.", user=w.officer,
                            today=datetime.date(2026, 11, 9))
    with pytest.raises(ValidationError) as exc:
        services.file_complaint(disclosure=disclosure, entry=entry, kind="comment", text="Muộn.", user=w.officer,
                                today=datetime.date(2026, 11, 10))
    assert _messages(exc) == ["Danh sách đã hết thời hạn nhận ý kiến, khiếu nại (hạn cuối: 09/11/2026)."]
    with pytest.raises(ValidationError):  # and today, after the closing day
        _file(w, disclosure, w.officer)
    assert list(Complaint.objects.values_list("text", flat=True)) == ["Đồng ý."]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"text": "   "}, "Hãy nhập nội dung ý kiến, khiếu nại."),
    ({"text": "x" * 5001}, "Nội dung ý kiến, khiếu nại không được dài quá 5000 ký tự."),
    ({"text": "a\x00b"}, "Không được chứa ký tự NUL."),
    ({"kind": "praise"}, "Loại ý kiến không hợp lệ: chọn “Ý kiến” hoặc “Khiếu nại”."),
])
def test_filing_refuses_bad_input(disclosure, province_year, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        _file(province_year, disclosure, province_year.officer, **kwargs)
    assert _messages(exc) == [message]
    assert (Complaint.objects.count(), AuditEvent.objects.filter(event_type="complaint.filed").count()) == (0, 0)


def test_filing_refuses_an_entry_of_another_list(disclosure, province_year):
    from tests.factories.decisions import DisclosureEntryFactory

    stray = DisclosureEntryFactory(disclosure__province=province_year.province, disclosure__year=2025)
    with pytest.raises(ValidationError) as exc:
        _file(province_year, disclosure, province_year.officer, entry=stray)
    assert _messages(exc) == ["Mục được chọn không thuộc danh sách công khai này."]


def test_filing_tells_the_board(disclosure, province_year):
    w = province_year
    complaint = _file(w, disclosure, w.officer)
    entry = complaint.entry
    rows = list(Notification.objects.values_list("user__username", "title", "url"))
    assert rows == [("board", f"{w.own_departments[2].name} gửi khiếu nại về đề nghị {entry.award_type.name} cho "
                              f"{entry.recipient_name}", f"/decisions/disclosures/{disclosure.pk}/#complaint-"
                                                         f"{complaint.pk}")]


# --- answering -------------------------------------------------------------------------------------------------

ANSWER_OUTCOMES = {"board": True, "superuser": True, "far_board": False, "secretariat": False, "officer": False,
                   "leader": False, "other_officer": False, "far_officer": False, "anonymous": False}


@pytest.mark.parametrize(("role", "allowed"), list(ANSWER_OUTCOMES.items()))
def test_who_may_answer(disclosure, province_year, role, allowed):
    w = province_year
    complaint = _file(w, disclosure, w.officer)
    call = lambda: services.answer_complaint(complaint=complaint, answer="Hồ sơ đã đủ.",  # noqa: E731
                                             user=_user(w, role), expected_version=1)
    if allowed:
        answered = call()
        assert (answered.answer, answered.answered_by_id, answered.version) == ("Hồ sơ đã đủ.", _user(w, role).pk, 2)
    else:
        with pytest.raises(PermissionDenied, match=REFUSED):
            call()
        complaint.refresh_from_db()
        assert (complaint.answer, complaint.version) == ("", 1)
    assert set(ANSWER_OUTCOMES) == {*ROLES, "anonymous"}


def test_a_stale_answer_is_a_conflict(disclosure, province_year):
    w = province_year
    complaint = _file(w, disclosure, w.officer)
    services.answer_complaint(complaint=complaint, answer="Lần một.", user=w.board, expected_version=1)
    with pytest.raises(ConflictError) as exc:
        services.answer_complaint(complaint=complaint, answer="Lần hai.", user=w.board, expected_version=1)
    assert _messages(exc) == ["Ý kiến, khiếu nại này vừa được người khác trả lời hoặc sửa câu trả lời; hãy tải lại "
                              "trang và thử lại."]
    complaint.refresh_from_db()
    assert (complaint.answer, complaint.version) == ("Lần một.", 2)


def test_answering_tells_the_filing_department(disclosure, province_year):
    w = province_year
    from tests.factories.accounts import leader_user
    dept_leader = leader_user(w.own_departments[2], username="dept_leader")
    complaint = _file(w, disclosure, w.officer)
    Notification.objects.all().delete()
    services.answer_complaint(complaint=complaint, answer="Hồ sơ đã đủ.", user=w.board, expected_version=1)
    titles = list(Notification.objects.order_by("user_id").values_list("user__username", "title"))
    title = (f"Ban TĐKT đã trả lời khiếu nại về đề nghị {complaint.entry.award_type.name} cho "
             f"{complaint.entry.recipient_name}")
    assert titles == [("officer", title), (dept_leader.username, title)]


def test_an_empty_answer_is_refused(disclosure, province_year):
    complaint = _file(province_year, disclosure, province_year.officer)
    with pytest.raises(ValidationError) as exc:
        services.answer_complaint(complaint=complaint, answer=" ", user=province_year.board, expected_version=1)
    assert _messages(exc) == ["Hãy nhập câu trả lời."]


# --- closing and sending to the Council --------------------------------------------------------------------------

def test_a_complaint_blocks_sending_until_it_is_answered(province_year):
    w = province_year
    disclosure = publish(w)
    entry = disclosure.entries.first()
    complaint = services.file_complaint(disclosure=disclosure, entry=entry, kind="complaint", text="Chưa đủ hồ sơ.",
                                        user=w.officer, today=datetime.date(2026, 11, 3))
    services.file_complaint(disclosure=disclosure, entry=entry, kind="comment", text="Đồng ý.", user=w.leader,
                            today=datetime.date(2026, 11, 4))
    after = datetime.date(2026, 11, 10)

    with pytest.raises(ValidationError) as exc:
        services.send_to_council(disclosure=disclosure, user=w.board, today=after)
    assert _messages(exc) == ["Chưa thể trình Hội đồng: Còn 2 ý kiến, khiếu nại chưa được trả lời."]

    services.answer_complaint(complaint=complaint, answer="Đã bổ sung.", user=w.board, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.send_to_council(disclosure=disclosure, user=w.board, today=after)
    assert _messages(exc) == ["Chưa thể trình Hội đồng: Còn 1 ý kiến, khiếu nại chưa được trả lời."]
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.sent_at) == (S.OPEN, None)

    other = Complaint.objects.get(text="Đồng ý.")
    services.answer_complaint(complaint=other, answer="Cảm ơn.", user=w.board, expected_version=1)
    sent = services.send_to_council(disclosure=disclosure, user=w.board, today=after)
    assert (sent.status, sent.sent_by_id, sent.sent_at is not None) == (S.SENT_TO_COUNCIL, w.board.pk, True)
    assert AuditEvent.objects.filter(event_type="disclosure.sent", object_id=str(disclosure.pk)).count() == 1


def test_sending_before_the_period_ends_is_refused(disclosure, province_year):
    with pytest.raises(ValidationError) as exc:
        services.send_to_council(disclosure=disclosure, user=province_year.board)
    assert _messages(exc) == [f"Chưa thể trình Hội đồng: Thời hạn công khai chưa kết thúc: nhận ý kiến đến hết ngày "
                              f"{disclosure.closes_on:%d/%m/%Y}."]


def test_sending_twice_is_refused_and_answers_are_then_frozen(province_year):
    w = province_year
    disclosure = publish(w)
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="comment",
                                        text="Ý kiến.", user=w.officer, today=MONDAY)
    services.answer_complaint(complaint=complaint, answer="Trả lời.", user=w.board, expected_version=1)
    services.send_to_council(disclosure=disclosure, user=w.board)
    with pytest.raises(ValidationError) as exc:
        services.send_to_council(disclosure=disclosure, user=w.board)
    assert _messages(exc) == ["Chưa thể trình Hội đồng: Danh sách đã được trình Hội đồng Thi đua - Khen thưởng."]
    with pytest.raises(ValidationError) as exc:
        services.answer_complaint(complaint=complaint, answer="Sửa.", user=w.board, expected_version=2)
    assert _messages(exc) == ["Danh sách đã trình Hội đồng; không thể sửa câu trả lời."]


@pytest.mark.parametrize(("role", "allowed"), [
    ("board", True), ("superuser", True), ("far_board", False), ("secretariat", False), ("officer", False),
    ("leader", False), ("other_officer", False), ("far_officer", False), ("anonymous", False),
])
def test_who_may_send(province_year, role, allowed):
    w = province_year
    disclosure = publish(w)
    if allowed:
        assert services.send_to_council(disclosure=disclosure, user=_user(w, role)).status == S.SENT_TO_COUNCIL
    else:
        with pytest.raises(PermissionDenied, match=REFUSED):
            services.send_to_council(disclosure=disclosure, user=_user(w, role))
        disclosure.refresh_from_db()
        assert disclosure.status == S.OPEN


def test_close_records_the_end_of_the_period_once(province_year):
    w = province_year
    disclosure = publish(w)
    assert services.current_status(disclosure, today=datetime.date(2026, 11, 9)) == S.OPEN
    assert services.close_disclosure(disclosure=disclosure, today=datetime.date(2026, 11, 9)).status == S.OPEN
    assert services.current_status(disclosure, today=datetime.date(2026, 11, 10)) == S.CLOSED
    closed = services.close_disclosure(disclosure=disclosure, today=datetime.date(2026, 11, 10))
    services.close_disclosure(disclosure=disclosure, today=datetime.date(2026, 11, 11))
    assert closed.status == S.CLOSED
    event = AuditEvent.objects.get(event_type="disclosure.closed")
    assert (event.actor_id, event.old_value["status"], event.new_value["status"]) == (None, "open", "closed")


def test_working_days_left(province_year):
    disclosure = publish(province_year)  # Monday 04/01/2027 → Monday 09/11/2026
    assert [services.working_days_left(disclosure, today=datetime.date(2026, 11, d)) for d in (2, 6, 7, 8, 9, 10)] \
        == [6, 2, 1, 1, 1, 0]


# --- settings --------------------------------------------------------------------------------------------------

def test_settings_are_created_then_updated_with_their_version(province_year):
    w = province_year
    assert services.settings_of(w.province).version == 0
    created = services.update_settings(province=w.province, working_days=7, expected_version=0, user=w.board)
    assert (created.disclosure_working_days, created.version) == (7, 1)
    updated = services.update_settings(province=w.province, working_days=3, expected_version=1, user=w.board)
    assert (updated.disclosure_working_days, updated.version) == (3, 2)
    with pytest.raises(ConflictError):
        services.update_settings(province=w.province, working_days=4, expected_version=1, user=w.board)
    assert AuditEvent.objects.filter(event_type="decision_settings.updated").count() == 2


@pytest.mark.parametrize("days", [0, 61, True, "5"])
def test_settings_refuse_a_bad_number(province_year, days):
    with pytest.raises(ValidationError) as exc:
        services.update_settings(province=province_year.province, working_days=days, expected_version=0,
                                 user=province_year.board)
    assert _messages(exc) == ["Số ngày làm việc công khai phải là số nguyên từ 1 đến 60."]
    assert DecisionSettings.objects.count() == 0


def test_settings_are_the_boards(province_year):
    with pytest.raises(PermissionDenied):
        services.update_settings(province=province_year.province, working_days=7, expected_version=0,
                                 user=province_year.secretariat)
