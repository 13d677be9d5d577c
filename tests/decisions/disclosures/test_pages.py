"""The disclosure pages: what each role sees and may do, and bad input answered in Vietnamese with nothing
changed."""
import datetime
import html
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from decisions.domain import disclosures as services
from decisions.enums import DisclosureStatus as S
from decisions.models import Complaint, DecisionSettings, Disclosure
from tests.decisions.disclosures.conftest import publish
from tests.factories.accounts import secretariat_user

pytestmark = pytest.mark.integration


def _text(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _errors(response):
    """The form's messages, each also shown on the page."""
    messages = [str(m) for errors in response.context["form"].errors.values() for m in errors]
    assert all(m in _text(response) for m in messages)
    return messages


def _detail(disclosure):
    return reverse("decisions:disclosure_detail", args=[disclosure.pk])


def _snapshot():
    return (list(Disclosure.objects.values_list("pk", "status", "version")),
            list(Complaint.objects.values_list("pk", "text", "answer", "version")),
            list(DecisionSettings.objects.values_list("pk", "disclosure_working_days", "version")),
            AuditEvent.objects.count())


# --- list and detail -------------------------------------------------------------------------------------------

def test_list_shows_the_provinces_lists_and_the_board_its_actions(client, province_year, disclosure):
    w = province_year
    page = _text(_as(client, w.board).get(reverse("decisions:disclosure_list")))
    assert disclosure.title in page and "Đang công khai" in page
    assert reverse("decisions:disclosure_publish", args=[w.province.pk]) in page
    client.force_login(w.officer)
    page = _text(client.get(reverse("decisions:disclosure_list")))
    assert disclosure.title in page and "Công khai danh sách mới" not in page
    client.force_login(w.far_board)
    assert disclosure.title not in _text(client.get(reverse("decisions:disclosure_list")))


VISIBILITY = {  # role → (the list names the province's list, status of its detail page)
    "board": (True, 200), "secretariat": (True, 200), "other_secretariat": (True, 200), "officer": (True, 200),
    "leader": (True, 200), "other_officer": (True, 200), "superuser": (True, 200),
    "far_board": (False, 404), "far_officer": (False, 404),
}


@pytest.mark.parametrize(("role", "outcome"), list(VISIBILITY.items()))
def test_who_sees_the_list_and_the_detail(client, province_year, disclosure, role, outcome):
    """The list is public to every account of its province, whatever bloc; another province's accounts
    neither find it in their list nor reach its page."""
    w = province_year
    w.other_secretariat = secretariat_user(w.other.bloc, w.other_departments[1], username="other_secretariat")
    listed, status = outcome
    _as(client, getattr(w, role))
    page = client.get(reverse("decisions:disclosure_list"))
    assert page.status_code == 200
    assert (disclosure.title in _text(page), _detail(disclosure) in page.content.decode()) == (listed, listed)
    detail = client.get(_detail(disclosure))
    assert detail.status_code == status
    if status == 200:
        assert all(e.recipient_name in _text(detail) for e in disclosure.entries.all())


def test_anonymous_visitors_are_sent_to_the_login_page(client, disclosure):
    for url in (reverse("decisions:disclosure_list"), _detail(disclosure)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_detail_groups_entries_by_award_type_with_forms_for_those_allowed(client, province_year, disclosure):
    w = province_year
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="complaint",
                                        text="Thiếu biên bản.", user=w.officer)
    officer_page = _as(client, w.officer).get(_detail(disclosure)).content.decode()
    headings = re.findall(r'<h2 class="h5" id="award-\d+">([^<]+)</h2>', officer_page)
    assert headings == ["Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"]
    assert officer_page.count('data-testid="complaint-form-') == 3
    assert 'data-testid="answer-form-' not in officer_page and 'data-testid="council"' not in officer_page
    assert "Thiếu biên bản." in officer_page and "Chưa được trả lời." in officer_page

    client.force_login(w.board)
    board_page = _text(client.get(_detail(disclosure)))
    assert 'data-testid="complaint-form-' not in board_page
    assert f'data-testid="answer-form-{complaint.pk}"' in board_page
    assert re.search(r'<button type="button" class="btn btn-primary" disabled aria-describedby="send-blockers"',
                     board_page)
    assert (f"Thời hạn công khai chưa kết thúc: nhận ý kiến đến hết ngày {disclosure.closes_on:%d/%m/%Y}." in
            board_page and "Còn 1 ý kiến, khiếu nại chưa được trả lời." in board_page)


def test_detail_after_the_period_records_the_close_and_lets_the_board_send(client, province_year):
    w = province_year
    disclosure = publish(w)  # closed on 09/11/2026
    page = _text(_as(client, w.board).get(_detail(disclosure)))
    disclosure.refresh_from_db()
    assert disclosure.status == S.CLOSED and "Hết thời hạn công khai" in page
    assert f'action="{reverse("decisions:disclosure_send", args=[disclosure.pk])}"' in page
    client.force_login(w.officer)
    assert 'data-testid="complaint-form-' not in _text(client.get(_detail(disclosure)))


# --- publishing ------------------------------------------------------------------------------------------------

def test_publish_page_previews_then_publishes(client, province_year):
    w = province_year
    url = reverse("decisions:disclosure_publish", args=[w.province.pk])
    page = _text(_as(client, w.board).get(url))
    assert "Sẽ công khai: các đề nghị năm 2026 đã được chấp thuận" in page
    assert all(d.name in page for d in (w.own_departments[0], w.other_departments[0], w.own_departments[2]))
    assert w.own_departments[1].name not in page  # still under review

    response = client.post(url, {"year": "2026"})
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302 and response.url == _detail(disclosure)
    assert disclosure.entries.count() == 3


@pytest.mark.parametrize(("year", "message"), [
    ("abc", "Năm phải là một số nguyên."),
    ("", "Trường này là bắt buộc."),
    ("2025", "Chưa có đề nghị khen thưởng nào năm 2025 được Ban TĐKT chấp thuận; chưa có gì để công khai."),
    ("1900", "Năm phải là số nguyên từ 2000 đến 2100."),
])
def test_publish_page_refuses_bad_input(client, province_year, year, message):
    before = _snapshot()
    response = _as(client, province_year.board).post(
        reverse("decisions:disclosure_publish", args=[province_year.province.pk]), {"year": year})
    assert response.status_code == 200
    assert _errors(response) == [message]
    assert _snapshot() == before


def test_publish_page_refuses_a_year_already_published(client, province_year):
    publish(province_year)
    before = _snapshot()
    response = _as(client, province_year.board).post(
        reverse("decisions:disclosure_publish", args=[province_year.province.pk]), {"year": "2026"})
    assert _errors(response) == [f"Danh sách đề nghị khen thưởng năm 2026 của {province_year.province.name} đã "
                                 f"được công khai."]
    assert _snapshot() == before


# --- settings --------------------------------------------------------------------------------------------------

def test_settings_page_saves_and_refuses_a_stale_version(client, province_year):
    url = reverse("decisions:disclosure_settings", args=[province_year.province.pk])
    _as(client, province_year.board)
    assert 'name="version" value="0"' in client.get(url).content.decode()
    assert client.post(url, {"disclosure_working_days": "8", "version": "0"}).status_code == 302
    before = _snapshot()
    response = client.post(url, {"disclosure_working_days": "9", "version": "0"})
    assert _errors(response) == ["Thiết lập công khai vừa được người khác cập nhật; hãy tải lại trang và thử lại."]
    assert _snapshot() == before
    assert DecisionSettings.objects.get().disclosure_working_days == 8


@pytest.mark.parametrize(("days", "message"), [
    ("0", "Giá trị không được nhỏ hơn 1."), ("61", "Giá trị không được lớn hơn 60."), ("năm", "Cần một số nguyên."),
])
def test_settings_page_refuses_bad_numbers(client, province_year, days, message):
    before = _snapshot()
    response = _as(client, province_year.board).post(
        reverse("decisions:disclosure_settings", args=[province_year.province.pk]),
        {"disclosure_working_days": days, "version": "0"})
    assert _errors(response) == [message]
    assert _snapshot() == before


# --- complaints ------------------------------------------------------------------------------------------------

FILE_BY_PAGE = {  # role → (status of the POST, complaints afterwards)
    "officer": (302, 1), "leader": (302, 1), "other_officer": (302, 1),
    "board": (403, 0), "secretariat": (403, 0), "superuser": (403, 0), "far_board": (404, 0), "far_officer": (404, 0),
    "anonymous": (302, 0),  # to the login page
}


@pytest.mark.parametrize(("role", "outcome"), list(FILE_BY_PAGE.items()))
def test_who_may_file_through_the_page(client, province_year, disclosure, role, outcome):
    entry = disclosure.entries.first()
    user = None if role == "anonymous" else getattr(province_year, role)
    response = _as(client, user).post(reverse("decisions:complaint_create", args=[entry.pk]),
                                      {"kind": "complaint", "text": "Xem xét lại."})
    assert (response.status_code, Complaint.objects.count()) == outcome
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    elif outcome[1]:
        assert response.url == f"{_detail(disclosure)}#complaint-{Complaint.objects.get().pk}"


ANSWER_BY_PAGE = {
    "board": (302, "Đã xem xét."), "superuser": (302, "Đã xem xét."),
    "secretariat": (403, ""), "officer": (403, ""), "leader": (403, ""), "other_officer": (403, ""),
    "far_board": (404, ""), "far_officer": (404, ""), "anonymous": (302, ""),
}


@pytest.mark.parametrize(("role", "outcome"), list(ANSWER_BY_PAGE.items()))
def test_who_may_answer_through_the_page(client, province_year, disclosure, role, outcome):
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="comment",
                                        text="Ý kiến.", user=province_year.officer)
    user = None if role == "anonymous" else getattr(province_year, role)
    response = _as(client, user).post(reverse("decisions:complaint_answer", args=[complaint.pk]),
                                      {"answer": "Đã xem xét.", "version": "1"})
    complaint.refresh_from_db()
    assert (response.status_code, complaint.answer) == outcome


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "complaint", "text": "   "}, "Hãy nhập nội dung ý kiến, khiếu nại."),
    ({"kind": "praise", "text": "Tốt."}, "Loại ý kiến không hợp lệ: chọn “Ý kiến” hoặc “Khiếu nại”."),
    ({"kind": "comment", "text": "x" * 5001}, "Không được dài quá 5000 ký tự."),
    ({"kind": "comment", "text": "a\x00b"}, "Không được chứa ký tự NUL."),
])
def test_filing_page_refuses_bad_input(client, province_year, disclosure, data, message):
    before = _snapshot()
    response = _as(client, province_year.officer).post(
        reverse("decisions:complaint_create", args=[disclosure.entries.first().pk]), data)
    assert response.status_code == 200
    assert _errors(response) == [message]
    assert _snapshot() == before


def test_filing_page_after_the_closing_day_is_refused(client, province_year):
    disclosure = publish(province_year)
    before = _snapshot()
    response = _as(client, province_year.officer).post(
        reverse("decisions:complaint_create", args=[disclosure.entries.first().pk]),
        {"kind": "complaint", "text": "Muộn."})
    assert _errors(response) == ["Danh sách đã hết thời hạn nhận ý kiến, khiếu nại (hạn cuối: 09/11/2026)."]
    assert _snapshot() == before


def test_answer_page_refuses_a_stale_version_and_an_empty_answer(client, province_year, disclosure):
    w = province_year
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="comment",
                                        text="Ý kiến.", user=w.officer)
    url = reverse("decisions:complaint_answer", args=[complaint.pk])
    assert _as(client, w.board).post(url, {"answer": "Lần một.", "version": "1"}).status_code == 302
    before = _snapshot()
    stale = client.post(url, {"answer": "Lần hai.", "version": "1"})
    assert _errors(stale) == ["Ý kiến, khiếu nại này vừa được người khác trả lời hoặc sửa câu trả lời; hãy tải lại "
                              "trang và thử lại."]
    assert _errors(client.post(url, {"answer": "", "version": "2"})) == ["Hãy nhập câu trả lời."]
    assert _errors(client.post(url, {"answer": "X", "version": "hai"})) == [
        "Phiên bản gửi lên không hợp lệ; hãy tải lại trang và thử lại."]
    assert _snapshot() == before


def test_send_page_shows_why_it_is_blocked_then_sends(client, province_year):
    w = province_year
    disclosure = publish(w)
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="comment",
                                        text="Ý kiến.", user=w.officer, today=datetime.date(2026, 11, 3))
    url = reverse("decisions:disclosure_send", args=[disclosure.pk])
    _as(client, w.board)
    before = _snapshot()
    response = client.post(url)
    assert _errors(response) == ["Chưa thể trình Hội đồng: Còn 1 ý kiến, khiếu nại chưa được trả lời."]
    assert _snapshot() == before
    services.answer_complaint(complaint=complaint, answer="Đã xem.", user=w.board, expected_version=1)
    response = client.post(url)
    assert response.status_code == 302 and response.url == _detail(disclosure)
    disclosure.refresh_from_db()
    assert disclosure.status == S.SENT_TO_COUNCIL
    page = _text(client.get(_detail(disclosure)))
    assert "Đã trình Hội đồng" in page and 'data-testid="answer-form-' not in page
    assert f'href="{reverse("decisions:decision_create_from_disclosure", args=[disclosure.pk])}"' in page
