"""The disclosure API: the same rules as the pages, exact JSON, bad input 400 in Vietnamese with nothing
changed, a stale answer 409."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from decisions.domain import disclosures as services
from decisions.models import Complaint
from tests.decisions.disclosures.conftest import publish
from tests.decisions.disclosures.test_pages import _snapshot

pytestmark = pytest.mark.integration


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_login(user)
        return client
    return as_user


def test_publish_defaults_to_the_boards_province(api, province_year):
    w = province_year
    response = api(w.board).post(reverse("v1:disclosure-publish"), {"year": 2026}, format="json")
    assert response.status_code == 201
    body = response.json()
    flags = [n.pk for n in sorted(w.approved[:2], key=lambda n: n.bloc_year.bloc.name)]
    assert (body["province"], body["year"], body["status"], body["is_open"], body["unanswered"],
            [e["nomination"] for e in body["entries"]]) == (
        w.province.pk, 2026, "open", True, 0, [*flags, w.approved[2].pk])
    assert body["send_blockers"] == [f"Thời hạn công khai chưa kết thúc: nhận ý kiến đến hết ngày "
                                     f"{datetime.date.fromisoformat(body['closes_on']):%d/%m/%Y}."]


def test_a_complaint_blocks_the_council_until_answered(api, province_year):
    w = province_year
    disclosure = publish(w)
    complaint = services.file_complaint(disclosure=disclosure, entry=disclosure.entries.first(), kind="complaint",
                                        text="Thiếu hồ sơ.", user=w.officer, today=datetime.date(2026, 11, 3))
    board = api(w.board)
    send = reverse("v1:disclosure-send-to-council", args=[disclosure.pk])
    response = board.post(send)
    assert (response.status_code, response.json()) == (
        400, {"detail": "Chưa thể trình Hội đồng: Còn 1 ý kiến, khiếu nại chưa được trả lời."})
    answer = board.post(reverse("v1:complaint-answer", args=[complaint.pk]), {"answer": "Đã bổ sung.", "version": 1},
                        format="json")
    assert (answer.status_code, answer.json()["answer"], answer.json()["version"]) == (200, "Đã bổ sung.", 2)
    response = board.post(send)
    assert (response.status_code, response.json()["status"], response.json()["send_blockers"]) == (
        200, "sent", ["Danh sách đã được trình Hội đồng Thi đua - Khen thưởng."])


def test_filing_through_the_api(api, province_year, disclosure):
    w = province_year
    entry = disclosure.entries.first()
    response = api(w.leader).post(reverse("v1:complaint-list"), {"entry": entry.pk, "kind": "comment",
                                                                 "text": " Đồng ý với đề nghị. "}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("entry", "kind", "department", "text", "is_answered", "answer", "version")} == {
        "entry": entry.pk, "kind": "comment", "department": w.leader.department_id, "text": "Đồng ý với đề nghị.",
        "is_answered": False, "answer": "", "version": 1}


def test_complaints_filter_by_answered(api, province_year, disclosure):
    w = province_year
    entry = disclosure.entries.first()
    first = services.file_complaint(disclosure=disclosure, entry=entry, kind="comment", text="Một.", user=w.officer)
    second = services.file_complaint(disclosure=disclosure, entry=entry, kind="comment", text="Hai.", user=w.leader)
    services.answer_complaint(complaint=first, answer="Đã xem.", user=w.board, expected_version=1)
    client = api(w.other_officer)
    ids = lambda query: [row["id"] for row in client.get(reverse("v1:complaint-list") + query).json()["results"]]  # noqa: E731
    assert (ids("?answered=true"), ids("?answered=false"), ids(f"?disclosure={disclosure.pk}")) == (
        [first.pk], [second.pk], [first.pk, second.pk])
    assert api(w.far_board).get(reverse("v1:complaint-list")).json()["results"] == []


def test_settings_through_the_api(api, province_year):
    w = province_year
    url = reverse("v1:disclosure-settings-detail", args=[w.province.pk])
    assert api(w.officer).get(url).json() == {"province": w.province.pk, "disclosure_working_days": 5, "version": 0}
    board = api(w.board)
    assert board.put(url, {"disclosure_working_days": 7, "version": 0}, format="json").json()["version"] == 1
    stale = board.put(url, {"disclosure_working_days": 8, "version": 0}, format="json")
    assert (stale.status_code, stale.json()) == (
        409, {"detail": "Thiết lập công khai vừa được người khác cập nhật; hãy tải lại trang và thử lại."})


NOT_A_NUMBER = ["Mã không hợp lệ: cần một số nguyên."]


def _entry(w, d):
    return d.entries.first().pk


def _complaint(w, d):
    return services.file_complaint(disclosure=d, entry=d.entries.first(), kind="comment", text="Ý kiến.",
                                   user=w.officer)


BAD = {
    # id: (user, url(w, d), body(w, d), status, JSON(w, d))
    "publish-year-not-a-number": ("board", lambda w, d: reverse("v1:disclosure-publish"),
                                  lambda w, d: {"year": "hai nghìn"}, 400, {"year": ["Cần một số nguyên."]}),
    "publish-year-too-early": ("board", lambda w, d: reverse("v1:disclosure-publish"), lambda w, d: {"year": 1999},
                               400, {"year": ["Giá trị không được nhỏ hơn 2000."]}),
    "publish-year-missing": ("board", lambda w, d: reverse("v1:disclosure-publish"), lambda w, d: {}, 400,
                             {"year": ["Trường này là bắt buộc."]}),
    "publish-nothing-approved": ("board", lambda w, d: reverse("v1:disclosure-publish"), lambda w, d: {"year": 2025},
                                 400, {"detail": "Chưa có đề nghị khen thưởng nào năm 2025 được Ban TĐKT chấp thuận; "
                                                 "chưa có gì để công khai."}),
    "publish-again": ("board", lambda w, d: reverse("v1:disclosure-publish"), lambda w, d: {"year": 2026}, 400,
                      lambda w, d: {"detail": f"Danh sách đề nghị khen thưởng năm 2026 của {w.province.name} đã được "
                                              f"công khai."}),
    "publish-far-province": ("board", lambda w, d: reverse("v1:disclosure-publish"),
                             lambda w, d: {"province": w.far_province.pk, "year": 2026}, 400,
                             {"province": ["Tỉnh không tồn tại."]}),
    "publish-bad-date": ("board", lambda w, d: reverse("v1:disclosure-publish"),
                         lambda w, d: {"year": 2025, "published_on": "23/11/2026"}, 400,
                         {"published_on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."]}),
    "publish-superuser-without-province": ("superuser", lambda w, d: reverse("v1:disclosure-publish"),
                                           lambda w, d: {"year": 2025}, 400, {"province": ["Hãy chọn tỉnh."]}),
    "file-entry-not-a-number": ("officer", lambda w, d: reverse("v1:complaint-list"),
                                lambda w, d: {"entry": "x", "text": "A"}, 400, {"entry": NOT_A_NUMBER}),
    "file-entry-far": ("far_officer", lambda w, d: reverse("v1:complaint-list"),
                       lambda w, d: {"entry": _entry(w, d), "text": "A"}, 400,
                       {"entry": ["Mục trong danh sách công khai không tồn tại."]}),
    "file-text-blank": ("officer", lambda w, d: reverse("v1:complaint-list"),
                        lambda w, d: {"entry": _entry(w, d), "text": "  "}, 400,
                        {"text": ["Trường này không được để trống."]}),
    "file-text-missing": ("officer", lambda w, d: reverse("v1:complaint-list"), lambda w, d: {"entry": _entry(w, d)},
                          400, {"text": ["Trường này là bắt buộc."]}),
    "file-text-too-long": ("officer", lambda w, d: reverse("v1:complaint-list"),
                           lambda w, d: {"entry": _entry(w, d), "text": "x" * 5001}, 400,
                           {"text": ["Không được dài quá 5000 ký tự."]}),
    "file-text-nul": ("officer", lambda w, d: reverse("v1:complaint-list"),
                      lambda w, d: {"entry": _entry(w, d), "text": "a\x00"}, 400,
                      {"text": ["Không được chứa ký tự NUL."]}),
    "file-kind-unknown": ("officer", lambda w, d: reverse("v1:complaint-list"),
                          lambda w, d: {"entry": _entry(w, d), "text": "A", "kind": "praise"}, 400,
                          {"kind": ["“praise” không phải là lựa chọn hợp lệ."]}),
    "file-as-the-board": ("board", lambda w, d: reverse("v1:complaint-list"),
                          lambda w, d: {"entry": _entry(w, d), "text": "A"}, 403,
                          {"detail": "Bạn không được cấp quyền để thực hiện hành động này."}),
    "answer-version-missing": ("board", lambda w, d: reverse("v1:complaint-answer", args=[_complaint(w, d).pk]),
                               lambda w, d: {"answer": "A"}, 400, {"version": ["Trường này là bắt buộc."]}),
    "answer-blank": ("board", lambda w, d: reverse("v1:complaint-answer", args=[_complaint(w, d).pk]),
                     lambda w, d: {"answer": "", "version": 1}, 400, {"answer": ["Trường này không được để trống."]}),
    "answer-stale": ("board", lambda w, d: reverse("v1:complaint-answer", args=[_complaint(w, d).pk]),
                     lambda w, d: {"answer": "A", "version": 7}, 409,
                     {"detail": "Ý kiến, khiếu nại này vừa được người khác trả lời hoặc sửa câu trả lời; hãy tải lại "
                                "trang và thử lại."}),
    "send-while-open": ("board", lambda w, d: reverse("v1:disclosure-send-to-council", args=[d.pk]), None, 400,
                        lambda w, d: {"detail": f"Chưa thể trình Hội đồng: Thời hạn công khai chưa kết thúc: nhận ý "
                                                f"kiến đến hết ngày {d.closes_on:%d/%m/%Y}."}),
    "settings-zero": ("board", lambda w, d: reverse("v1:disclosure-settings-detail", args=[w.province.pk]),
                      lambda w, d: {"disclosure_working_days": 0, "version": 0}, 400,
                      {"disclosure_working_days": ["Giá trị không được nhỏ hơn 1."]}),
    "filter-answered-bad": ("board", lambda w, d: reverse("v1:complaint-list") + "?answered=maybe", None, 400,
                            {"answered": ["Lựa chọn không hợp lệ hoặc không tồn tại."]}),
    "filter-status-bad": ("board", lambda w, d: reverse("v1:disclosure-list") + "?status=done", None, 400,
                          {"status": ["Lựa chọn không hợp lệ hoặc không tồn tại."]}),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(api, province_year, disclosure, case):
    role, url, body, status, expected = BAD[case]
    w = province_year
    target = url(w, disclosure)
    data = body(w, disclosure) if body else None
    before = _snapshot()
    method = "get" if "filter" in case else "put" if "settings" in case else "post"
    response = getattr(api(getattr(w, role)), method)(target, data, format="json")
    assert response.status_code == status
    assert response.json() == (expected(w, disclosure) if callable(expected) else expected)
    assert _snapshot() == before


def test_filing_after_the_closing_day_is_refused(api, province_year):
    disclosure = publish(province_year)
    response = api(province_year.officer).post(reverse("v1:complaint-list"), {
        "entry": disclosure.entries.first().pk, "text": "Muộn."}, format="json")
    assert (response.status_code, response.json()) == (
        400, {"detail": "Danh sách đã hết thời hạn nhận ý kiến, khiếu nại (hạn cuối: 09/11/2026)."})
    assert Complaint.objects.count() == 0


def test_the_status_filter_reads_the_status_as_it_stands_today(api, province_year):
    from tests.factories.decisions import DisclosureFactory

    w = province_year
    ended = publish(w)  # still stored as open, its period over
    today = timezone.localdate()
    current = DisclosureFactory(province=w.province, year=2025, published_on=today,
                                closes_on=today + datetime.timedelta(days=7), published_by=w.board)
    sent = DisclosureFactory(province=w.province, year=2024, status="sent", published_by=w.board)
    client = api(w.officer)
    ids = lambda status: [row["id"] for row in client.get(  # noqa: E731
        reverse("v1:disclosure-list") + f"?status={status}").json()["results"]]
    assert (ids("open"), ids("closed"), ids("sent")) == ([current.pk], [ended.pk], [sent.pk])
