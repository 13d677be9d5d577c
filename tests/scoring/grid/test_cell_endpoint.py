"""The grid's JSON endpoints: a cell save answers 200 with the entry and totals, 400 with a Vietnamese
message, 404/403 as JSON, 409 with the stored value; nothing changes unless it says 200."""
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain.sheets import save_score
from scoring.enums import RoundStatus, SheetStatus
from scoring.models import ScoreEntry, ScoreSheet, ScoringRound
from tests.scoring.grid.conftest import build_scale

pytestmark = pytest.mark.integration
D = Decimal


def _url(w, code, sheet=None):
    return reverse("scoring:sheet_cell", args=[(sheet or w.sheet).pk, w.c[code].pk])


def _post(client, url, **data):
    return client.post(url, data)


def _cells():
    return sorted(ScoreEntry.objects.values_list("sheet_id", "criterion_id", "points", "comment", "version"))


def _unchanged(action):
    """Run `action`, assert that no cell and no audit record changed, return its response."""
    before, events = _cells(), AuditEvent.objects.count()
    response = action()
    assert (_cells(), AuditEvent.objects.count()) == (before, events)
    return response


def test_save_answers_the_entry_and_the_totals(scoring, client):
    w = scoring
    w.officer.first_name, w.officer.last_name = "Trần Thị", "B"
    w.officer.save()
    client.force_login(w.officer)
    response = _post(client, _url(w, "I.1"), points="7,5", comment="Thiếu báo cáo quý", version="0")
    assert response.status_code == 200
    body = response.json()
    entry = ScoreEntry.objects.get(sheet=w.sheet, criterion=w.c["I.1"])
    assert (entry.points, entry.comment, entry.version, entry.updated_by) == (D("7.50"), "Thiếu báo cáo quý", 1,
                                                                             w.officer)
    assert body["entry"] == {"points": "7.50", "points_display": "7,5", "comment": "Thiếu báo cáo quý", "version": 1,
                             "updated_by": "Trần Thị B", "updated_at": entry.updated_at.isoformat(),
                             "updated_at_display": body["entry"]["updated_at_display"]}
    assert body["totals"] == {"groups": {"I": "7.50", "II": "0.00", "III": "0.00", "IV": "0.00"},
                              "group_max": {"I": "30.00", "II": "70.00", "III": "5.00", "IV": "5.00"},
                              "bonus": "0.00", "penalty": "0.00", "total": "7.50", "max": "100.00"}
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.order_by("id").last()
    assert (event.event_type, event.actor_id, event.new_value["points"]) == ("score.saved", w.officer.pk, "7.50")


def test_penalty_and_bonus_saves_update_the_total(scoring, client):
    w = scoring
    client.force_login(w.secretariat)
    assert _post(client, _url(w, "II.1.a"), points="40", comment="", version="0").status_code == 200
    assert _post(client, _url(w, "III.1"), points="5", comment="", version="0").status_code == 200
    body = _post(client, _url(w, "IV.1"), points="-2.5", comment="Chậm nộp", version="0").json()
    assert (body["totals"]["bonus"], body["totals"]["penalty"], body["totals"]["total"]) == ("5.00", "-2.50", "42.50")


def test_json_body_is_accepted(scoring, client):
    w = scoring
    client.force_login(w.officer)
    response = client.post(_url(w, "I.1"), json.dumps({"points": 10, "comment": "", "version": 0}),
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["entry"]["points"] == "10.00"
    broken = _unchanged(lambda: client.post(_url(w, "I.2"), "{points", content_type="application/json"))
    assert (broken.status_code, broken.json()) == (400, {"detail": "Dữ liệu gửi lên không đúng định dạng JSON."})


def test_clearing_a_cell_saves_an_empty_value(scoring, client):
    w = scoring
    save_score(sheet=w.sheet, criterion=w.c["I.1"], points="10", expected_version=0, user=w.officer)
    client.force_login(w.officer)
    body = _post(client, _url(w, "I.1"), points="", comment="", version="1").json()
    assert body["entry"]["points"] is None and body["entry"]["version"] == 2
    assert ScoreEntry.objects.get(criterion=w.c["I.1"]).points is None


def test_unchanged_value_keeps_the_version_and_writes_no_audit(scoring, client):
    w = scoring
    save_score(sheet=w.sheet, criterion=w.c["I.1"], points="10", expected_version=0, user=w.officer)
    client.force_login(w.officer)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10,00", comment="", version="1"))
    assert (response.status_code, response.json()["entry"]["version"]) == (200, 1)


@pytest.mark.parametrize(("data", "detail"), [
    ({"points": "11", "comment": "", "version": "0"}, "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
    ({"points": "-1", "comment": "x", "version": "0"}, "Điểm của tiêu chí I.1 phải từ 0 đến 10."),
    ({"points": "mười", "comment": "", "version": "0"}, "Điểm phải là một số (ví dụ 7,5)."),
    ({"points": "7,555", "comment": "", "version": "0"}, "Điểm chỉ được có tối đa 2 chữ số thập phân."),
    ({"points": "NaN", "comment": "", "version": "0"}, "Điểm phải là một số (ví dụ 7,5)."),
    ({"points": "9", "comment": "", "version": "0"}, "Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do."),
    ({"points": "10", "comment": "a\x00b", "version": "0"}, "Không được chứa ký tự NUL."),
    ({"points": "10", "comment": "x" * 2001, "version": "0"}, "Nhận xét không được dài quá 2000 ký tự."),
    ({"points": "10", "comment": "", "version": "-1"}, "Phiên bản của ô không hợp lệ."),
    ({"points": "10", "comment": "", "version": "một"}, "Phiên bản của ô không hợp lệ."),
    ({"points": "10", "comment": "", "version": str(2 ** 40)}, "Phiên bản của ô không hợp lệ."),
    ({"points": "10", "comment": ""}, "Thiếu phiên bản của ô."),
    ({"comment": "", "version": "0"}, "Thiếu dữ liệu gửi lên: points."),
    ({"points": "1" * 60, "comment": "", "version": "0"}, "Điểm phải là một số (ví dụ 7,5)."),
])
def test_bad_input_is_a_400_with_a_vietnamese_message_and_changes_nothing(scoring, client, data, detail):
    w = scoring
    client.force_login(w.officer)
    response = _unchanged(lambda: client.post(_url(w, "I.1"), data))
    assert (response.status_code, response.json()) == (400, {"detail": detail})


def test_penalty_out_of_range_and_without_reason(scoring, client):
    w = scoring
    client.force_login(w.officer)
    for data, detail in (({"points": "-6", "comment": "x"}, "Điểm trừ của tiêu chí IV.1 phải từ -5 đến 0."),
                         ({"points": "2", "comment": "x"}, "Điểm trừ của tiêu chí IV.1 phải từ -5 đến 0."),
                         ({"points": "-1", "comment": ""}, "Điểm trừ cần ghi nhận xét lý do.")):
        response = _unchanged(lambda: client.post(_url(w, "IV.1"), {**data, "version": "0"}))
        assert (response.status_code, response.json()) == (400, {"detail": detail})


def test_stale_version_is_a_409_with_the_stored_value(scoring, client):
    w = scoring
    w.secretariat.first_name, w.secretariat.last_name = "Nguyễn Văn", "A"
    w.secretariat.save()
    entry = save_score(sheet=w.sheet, criterion=w.c["I.1"], points="7,5", comment="Thiếu", expected_version=0,
                       user=w.secretariat)
    client.force_login(w.officer)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="8", comment="Thiếu hồ sơ", version="0"))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Ô này vừa được Nguyễn Văn A lưu với giá trị 7,5; giá trị bạn nhập chưa được lưu. "
                  "Hãy xem lại rồi lưu lần nữa.",
        "current": {"points": "7.50", "points_display": "7,5", "comment": "Thiếu", "version": 1,
                    "updated_by": "Nguyễn Văn A", "updated_at": entry.updated_at.isoformat(),
                    "updated_at_display": response.json()["current"]["updated_at_display"]}}
    forged = _unchanged(lambda: _post(client, _url(w, "I.1"), points="8", comment="Thiếu hồ sơ", version="5"))
    assert forged.status_code == 409
    again = _post(client, _url(w, "I.1"), points="8", comment="Thiếu hồ sơ", version="1")
    assert again.status_code == 200
    assert ScoreEntry.objects.get(criterion=w.c["I.1"]).points == D("8.00")


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.FINALISED])
def test_closed_round_refuses_with_400(scoring, client, status):
    w = scoring
    ScoringRound.objects.filter(pk=w.round.pk).update(status=status)
    client.force_login(w.officer)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10", comment="", version="0"))
    assert response.status_code == 400
    assert response.json()["detail"] in ("Đợt chấm điểm đã đóng; không thể thay đổi điểm.",
                                         "Kết quả đợt chấm điểm đã được chốt; điểm chỉ còn để xem.")


def test_submitted_sheet_refuses_with_400(scoring, client):
    w = scoring
    ScoreSheet.objects.filter(pk=w.sheet.pk).update(status=SheetStatus.SUBMITTED)
    client.force_login(w.officer)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10", comment="", version="0"))
    assert (response.status_code, response.json()) == (
        400, {"detail": "Phiếu chấm đã gửi; cần Thư ký khối mở lại phiếu để sửa."})


def test_bad_criterion_is_a_json_404(scoring, client):
    w = scoring
    other = build_scale(w.other)  # a criterion of another bloc-year's scale
    client.force_login(w.officer)
    for criterion_id in (other["I.1"].pk, w.c["I"].pk, w.c["II.1"].pk, 2 ** 63, 999999999):
        url = reverse("scoring:sheet_cell", args=[w.sheet.pk, criterion_id])
        response = _unchanged(lambda: _post(client, url, points="1", comment="x", version="0"))
        assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})


def test_sheet_out_of_reach_is_404_and_read_only_role_is_403(scoring, client):
    w = scoring
    client.force_login(w.other_officer)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10", comment="", version="0"))
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})
    client.force_login(w.board)
    response = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10", comment="", version="0"))
    assert (response.status_code, response.json()) == (403, {"detail": "Bạn không có quyền thực hiện thao tác này."})
    huge = f"/scoring/sheets/{2 ** 63}/cells/{w.c['I.1'].pk}/"
    assert _unchanged(lambda: _post(client, huge, points="10", comment="", version="0")).status_code == 404


def test_get_is_refused_and_anonymous_is_sent_to_login(scoring, client):
    w = scoring
    anonymous = _unchanged(lambda: _post(client, _url(w, "I.1"), points="10", comment="", version="0"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    client.force_login(w.officer)
    response = client.get(_url(w, "I.1"))
    assert (response.status_code, response.json(), response["Allow"]) == (
        405, {"detail": "Phương thức không được hỗ trợ."}, "POST")


def test_csrf_is_enforced(scoring):
    from django.test import Client

    w = scoring
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.officer)
    response = _unchanged(lambda: client.post(_url(w, "I.1"), {"points": "10", "comment": "", "version": "0"}))
    assert response.status_code == 403
    client.get(reverse("scoring:sheet", args=[w.sheet.pk]))
    token = client.cookies["csrftoken"].value
    ok = client.post(_url(w, "I.1"), {"points": "10", "comment": "", "version": "0"}, HTTP_X_CSRFTOKEN=token)
    assert ok.status_code == 200


POST_BY_ROLE = {  # own bloc-year's sheet (tests/matrix/pages_scoring_sheets.sheet): who may save a cell
    "anonymous": 302, "superuser": 200, "board": 403, "far_board": 404, "secretariat": 200, "officer": 200,
    "leader": 403, "other_officer": 404,
}


@pytest.mark.parametrize(("role", "expected"), POST_BY_ROLE.items())
def test_cell_post_by_role(world, client, role, expected):
    from tests.factories.accounts import UserFactory
    from tests.matrix.pages_scoring_sheets import criterion, sheet

    world.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    target, cell = sheet(world, "own"), criterion(world, "own")
    if role != "anonymous":
        client.force_login(getattr(world, role))
    url = reverse("scoring:sheet_cell", args=[target.pk, cell.pk])
    action = lambda: client.post(url, {"points": "90", "comment": "Thiếu", "version": "1"})  # noqa: E731
    response = action() if expected == 200 else _unchanged(action)
    assert response.status_code == expected
    if expected == 200:
        assert ScoreEntry.objects.get(sheet=target).points == D("90.00")


def test_a_cell_save_reads_the_criterion_once_and_the_scale_with_its_criteria(scoring, client):
    """The criterion is read only by the domain, under the sheet's lock; the totals read the scale's figures
    with its criteria. The statements, in order, are pinned so that a read added back shows here."""
    w = scoring
    client.force_login(w.officer)
    _post(client, _url(w, "I.1"), points="10", comment="", version="0")  # the session row is fresh from here on
    with CaptureQueriesContext(connection) as captured:
        response = _post(client, _url(w, "I.1"), points="9", comment="Thiếu một báo cáo", version="1")
    assert response.status_code == 200
    tables = [_first_table(q["sql"]) for q in captured.captured_queries]
    assert tables == [
        "django_session", "accounts_user",  # the request's session and user
        "scoring_scoresheet",  # the sheet, through the user's scope
        None, "scoring_scoresheet", "scoring_scoringround", "scoring_criterion", "scoring_scoreentry",  # locked
        "scoring_scoreentry",  # the write
        None, None, "audit_auditevent", "audit_auditevent", None,  # its audit record: savepoint, chain lock, …
        None,  # the end of the change's transaction (a savepoint inside the test's transaction)
        "scoring_criterion", "scoring_scoreentry",  # the totals
    ]
    assert tables.count("scoring_criterion") == 2


def _first_table(sql):
    """The first quoted table a statement names (None for BEGIN, COMMIT and the audit chain's lock)."""
    found = re.search(r'(?:FROM|UPDATE|INTO) "(\w+)"', sql)
    return found.group(1) if found else None
