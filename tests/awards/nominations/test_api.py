"""The nominations API: the whole workflow, the dossier's report, filters, the Board's summary and proposal
list, refusals with their Vietnamese reasons, and no server error whatever is sent."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from awards.enums import NominationStatus as S
from awards.models import Nomination
from tests.awards.nominations.conftest import PDF, nomination_in, pdf

pytestmark = pytest.mark.integration


@pytest.fixture
def api(year_end):
    def client_for(user):
        client = APIClient()
        client.force_login(user)
        return client
    year_end.api = client_for
    return year_end


def _url(name, *args):
    return reverse(f"v1:nomination-{name}", args=args or None)


def test_the_workflow_through_the_api(api):
    w = api
    secretariat, board = w.api(w.secretariat), w.api(w.board)
    created = secretariat.post(_url("list"), {"bloc_year": w.own.pk, "award_type": w.flag.pk,
                                              "department": w.own_departments[0].pk, "ballot_round": w.round.pk,
                                              "summary": "Thành tích"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    body = created.json()
    assert (body["status"], body["has_achievement_report"], body["eligibility"]["eligible"]) == ("draft", False, True)

    refused = secretariat.post(_url("submit", pk), {}, format="json")
    assert (refused.status_code, refused.json()) == (400, {
        "detail": "Hồ sơ chưa có báo cáo thành tích (tệp PDF); hãy tải lên trước khi gửi."})
    uploaded = secretariat.put(_url("report", pk), {"file": pdf()}, format="multipart")
    assert (uploaded.status_code, uploaded.json()["has_achievement_report"]) == (200, True)
    download = board.get(_url("report", pk))
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (
        200, "application/pdf", PDF)

    assert secretariat.post(_url("submit", pk), {}, format="json").json()["status"] == "submitted"
    assert board.post(_url("start-review", pk)).json()["status"] == "under_review"
    no_comment = board.post(_url("return", pk), {}, format="json")
    assert (no_comment.status_code, no_comment.json()) == (400, {"comment": ["Trường này là bắt buộc."]})
    returned = board.post(_url("return", pk), {"comment": "Bổ sung biên bản"}, format="json")
    assert returned.json()["status"] == "returned"
    assert secretariat.patch(_url("detail", pk), {"summary": "Đã bổ sung"}, format="json").json()["summary"] == \
        "Đã bổ sung"
    assert secretariat.post(_url("resubmit", pk), {"comment": "Đã bổ sung"}, format="json").json()["status"] == \
        "submitted"
    board.post(_url("start-review", pk))
    approved = board.post(_url("approve", pk), {}, format="json").json()
    assert approved["status"] == "approved"
    assert [(e["from_status"], e["to_status"], e["comment"]) for e in approved["events"]] == [
        ("", "draft", ""), ("draft", "submitted", ""), ("submitted", "under_review", ""),
        ("under_review", "returned", "Bổ sung biên bản"), ("returned", "submitted", "Đã bổ sung"),
        ("submitted", "under_review", ""), ("under_review", "approved", "")]


def test_a_role_refused_answers_403_and_a_state_refused_400(api):
    w = api
    nomination = nomination_in(w, S.SUBMITTED)
    assert w.api(w.secretariat).post(_url("approve", nomination.pk), {}, format="json").status_code == 403
    response = w.api(w.board).post(_url("approve", nomination.pk), {}, format="json")
    assert (response.status_code, response.json()) == (400, {
        "detail": "Chỉ chấp thuận được đề nghị đang được xem xét (hiện tại: Đã gửi Ban TĐKT)."})
    assert w.api(w.far_board).post(_url("approve", nomination.pk), {}, format="json").status_code == 404


def test_a_report_that_is_not_a_pdf_is_refused(api):
    w = api
    nomination = nomination_in(w, S.DRAFT, with_report=False)
    response = w.api(w.secretariat).put(_url("report", nomination.pk),
                                        {"file": pdf(name="bao-cao.pdf", content=b"GIF89a...")}, format="multipart")
    assert (response.status_code, response.json()) == (400, {
        "detail": "Báo cáo thành tích phải là tệp PDF (kiểm tra theo nội dung tệp, không theo tên hay đuôi tệp)."})
    nomination.refresh_from_db()
    assert not nomination.achievement_report


def test_filters(api):
    w = api
    today = timezone.localdate()
    late = nomination_in(w, S.SUBMITTED, due_on=today - datetime.timedelta(days=2))
    approved = nomination_in(w, S.APPROVED, department=w.own_departments[0])
    client = w.api(w.board)

    def ids(query):
        response = client.get(_url("list") + query)
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids("") == sorted([late.pk, approved.pk])
    assert ids("?overdue=true") == [late.pk]
    assert ids("?status=approved") == [approved.pk]
    assert ids(f"?department={w.own_departments[0].pk}") == [approved.pk]
    assert ids(f"?year=2026&bloc={w.own.bloc_id}&award_type={w.merit.pk}") == sorted([late.pk, approved.pk])
    assert ids("?year=2025") == []
    bad = client.get(_url("list") + "?status=xong&year=abc")
    assert (bad.status_code, bad.json()) == (400, {"status": ["Lựa chọn không hợp lệ hoặc không tồn tại."],
                                                   "year": ["Năm phải là một số nguyên."]})


def test_creation_refusals_name_the_problem(api):
    w = api
    client = w.api(w.secretariat)
    body = {"bloc_year": w.own.pk, "award_type": w.flag.pk, "department": w.own_departments[1].pk,
            "ballot_round": w.round.pk}
    response = client.post(_url("list"), body, format="json")
    assert (response.status_code, response.json()) == (400, {
        "detail": f"{w.own_departments[1].name} không được chọn trong vòng bỏ phiếu "
                  "“Bình xét Cờ thi đua của UBND tỉnh”."})
    far = client.post(_url("list"), {**body, "bloc_year": w.far.pk}, format="json")
    assert (far.status_code, far.json()) == (400, {"bloc_year": ["Năm thi đua không tồn tại."]})
    assert Nomination.objects.count() == 0


def test_the_board_summary(api):
    w = api
    nomination_in(w, S.APPROVED)
    nomination_in(w, S.SUBMITTED, department=w.own_departments[0], award_type=w.flag,
                  due_on=timezone.localdate() - datetime.timedelta(days=1))
    nomination_in(w, S.DRAFT, department=w.own_departments[1])
    response = w.api(w.board).get(reverse("v1:board-summary"))
    assert response.status_code == 200
    data = response.json()
    assert (data["province"], data["year"], data["overdue"], data["status_counts"]) == (
        w.province.pk, 2026, 1, {"approved": 1, "submitted": 1})
    assert [t["name"] for t in data["award_types"]] == ["Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"]
    own = next(line for line in data["blocs"] if line["bloc"] == w.own.bloc_id)
    assert (own["bloc_year"], own["overdue"], own["cells"]) == (w.own.pk, 1, [
        {"award_type": w.flag.pk, "places": 1, "pending": 1, "approved": 0, "returned": 0, "rejected": 0},
        {"award_type": w.merit.pk, "places": 2, "pending": 0, "approved": 1, "returned": 0, "rejected": 0}])
    bad = w.api(w.board).get(reverse("v1:board-summary") + f"?province={w.far_province.pk}&status=draft")
    assert (bad.status_code, bad.json()) == (400, {"province": ["Tỉnh không tồn tại."],
                                                   "status": ["“draft” không phải là lựa chọn hợp lệ."]})
    assert w.api(w.secretariat).get(reverse("v1:board-summary")).status_code == 403


def test_the_proposal_list_as_excel(api):
    w = api
    nomination = nomination_in(w, S.APPROVED, rule_set=w.rule_set, eligibility={"article": "Điều 74"})
    nomination_in(w, S.DRAFT, department=w.own_departments[0])
    response = w.api(w.board).get(reverse("v1:board-proposals") + "?year=2026")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-de-nghi-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    assert rows[1] == ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026",) + (None,) * 6
    header = rows.index(("STT", "Đơn vị", "Khối", "Hình thức khen thưởng", "Năm", "Trạng thái", "Căn cứ"))
    assert rows[header + 1:] == [(1, nomination.department.name, w.own.bloc.name, "Bằng khen của Chủ tịch UBND tỉnh",
                                  2026, "Đã chấp thuận", "Quy định khen thưởng của tỉnh, Điều 74")]


GARBAGE = [{"comment": {"a": 1}, "summary": ["x"], "bloc_year": "x", "award_type": -1, "department": 1.5,
            "ballot_round": True, "file": "abc"}, {"comment": "\x00", "summary": "\x00" * 3}, "chuỗi", 42, None]


def test_no_garbage_makes_a_server_error(api):
    from tests.matrix.api_nominations import API_MATRIX

    w = api
    w.superuser = None
    client = w.api(w.board)
    for name, methods in API_MATRIX.items():
        args = next(iter(methods.values()))[1]
        url = reverse(name, args=args(w, "own") if args else None)
        assert client.get(url, HTTP_ACCEPT="text/html").status_code < 500, name
        for method in ("post", "put", "patch"):
            for body in GARBAGE:
                response = getattr(client, method)(url, body, format="json")
                assert response.status_code < 500, (name, method, body, response.content[:300])
    for query in ("?year=10000000000000", "?overdue=maybe", "?bloc=abc&award_type=%00", "?province=1,5"):
        assert client.get(reverse("v1:board-summary") + query).status_code == 400, query
        assert client.get(reverse("v1:board-proposals") + query).status_code == 400, query
    for query in ("?page=abc", "?bloc=abc&award_type=%00", "?status=xong"):
        assert client.get(_url("list") + query).status_code == 400, query
    assert client.get(_url("list") + "?year=10000000000000").json()["results"] == []
