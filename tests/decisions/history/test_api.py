"""API of the award history: list with filters (scoped by province), multipart import (the Board; every bad row
named, nothing written), a department's timeline across a rename."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from awards.domain.history import EVENT_TYPE
from awards.models import Award
from tests.decisions.history.conftest import live_award, xlsx

pytestmark = pytest.mark.integration
D = datetime.date
IMPORT = reverse("v1:award-history-import")
LIST = reverse("v1:award-history-list")
ROWS = [(2019, "Sở Văn hóa", "co_thi_dua_tinh", None, "12/QĐ-UBND", D(2020, 1, 10)),
        (2020, "Sở Văn hóa và Thể thao", "co_thi_dua_tinh", None, "15/QĐ-UBND", D(2021, 1, 12))]


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_board_imports_a_file(history):
    w = history
    response = api(w.board).post(IMPORT, {"file": xlsx(ROWS)}, format="multipart")
    assert response.status_code == 201
    event = AuditEvent.objects.get(event_type=EVENT_TYPE)
    ids = sorted(Award.objects.values_list("pk", flat=True))
    assert response.json() == {"count": 2, "award_ids": ids, "audit_event": event.pk}


def test_a_bad_row_is_named_and_nothing_is_written(history):
    w = history
    bad = (2019, "Sở Văn hóa", "co_thi_dua_tinh", None, "12/QĐ-UBND", "hôm qua")
    response = api(w.board).post(IMPORT, {"file": xlsx([ROWS[1], bad])}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"detail": "Không nhập dòng nào: 1 lỗi.", "errors": [
        "Dòng 3: ngày quyết định “hôm qua” không phải là một ngày (dd/mm/yyyy)."]}
    assert Award.objects.count() == 0


@pytest.mark.parametrize(("body", "expected"), [
    (lambda w: {}, {"file": ["Hãy gửi tệp Excel (trường file, multipart/form-data)."]}),
    (lambda w: {"province": w.far_province.pk, "file": xlsx(ROWS)}, {"province": ["Tỉnh không tồn tại."]}),
    (lambda w: {"province": "abc", "file": xlsx(ROWS)}, {"province": ["Mã không hợp lệ: cần một số nguyên."]}),
])
def test_bad_requests(history, body, expected):
    response = api(history.board).post(IMPORT, body(history), format="multipart")
    assert (response.status_code, response.json()) == (400, expected)
    assert Award.objects.count() == 0


def test_a_json_list_body_is_bad_input(history):
    response = api(history.board).post(IMPORT, [1, 2], format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["secretariat", "officer", "leader", "other_officer"])
def test_only_the_board_imports(history, role):
    response = api(getattr(history, role)).post(IMPORT, {"file": xlsx(ROWS)}, format="multipart")
    assert response.status_code == 403
    assert Award.objects.count() == 0


def test_superuser_imports_into_the_province_named(history, django_user_model):
    root = django_user_model.objects.create_superuser("root", "", "x")
    assert api(root).post(IMPORT, {"file": xlsx(ROWS)}, format="multipart").json() == {
        "province": ["Hãy chọn tỉnh."]}
    response = api(root).post(IMPORT, {"province": history.province.pk, "file": xlsx(ROWS)}, format="multipart")
    assert response.status_code == 201


def test_list_filters_and_scope(history):
    w = history
    flag, merit = w.types["co_thi_dua_tinh"], w.types["bang_khen_chu_tich_tinh"]
    a = live_award(w.finance, flag, 2019)
    b = live_award(w.finance, merit, 2020)
    c = live_award(w.culture, flag, 2020, is_withdrawn=True)
    live_award(w.far_departments[0], flag.__class__.objects.create(province=w.far_province, code="x", name="X"), 2020)
    client = api(w.other_officer)

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(year=2020) == [c.pk, b.pk]
    assert ids(year_from=2020, award_type=flag.pk) == [c.pk]
    assert ids(department=w.finance.pk) == [b.pk, a.pk]
    assert ids(is_withdrawn="false") == [b.pk, a.pk]
    row = client.get(LIST, {"department": w.culture.pk}).json()["results"][0]
    assert row == {"id": c.pk, "province": w.province.pk, "year": 2020, "department": w.culture.pk,
                   "department_name": "Sở Văn hóa và Thể thao", "award_type": flag.pk,
                   "award_type_code": "co_thi_dua_tinh", "award_type_name": "Cờ thi đua của UBND tỉnh",
                   "person_name": "", "decision_reference": "", "decided_on": None, "source": "imported",
                   "decision": None, "is_withdrawn": True, "withdrawal_reason": ""}
    assert client.get(LIST, {"department": w.far_departments[0].pk}).json() == {
        "department": ["Lựa chọn không hợp lệ hoặc không tồn tại."]}
    assert client.get(LIST, {"year": "x"}).json() == {"year": ["Cần một số nguyên."]}


def test_timeline_across_a_rename(history):
    w = history
    flag = w.types["co_thi_dua_tinh"]
    old = live_award(w.culture_old, flag, 2019)
    new = live_award(w.culture, flag, 2020)
    gone = live_award(w.culture, w.types["bang_khen_chu_tich_tinh"], 2020, is_withdrawn=True)
    data = api(w.officer).get(reverse("v1:award-timeline-detail", args=[w.culture.pk])).json()
    assert {k: data[k] for k in ("department", "name", "predecessors", "live_count", "withdrawn_count")} == {
        "department": w.culture.pk, "name": "Sở Văn hóa và Thể thao",
        "predecessors": [{"id": w.culture_old.pk, "name": "Sở Văn hóa"}], "live_count": 2, "withdrawn_count": 1}
    assert [(y["year"], y["live"], [(a["id"], a["holder_name"], a["held_by_predecessor"], a["is_withdrawn"])
                                    for a in y["awards"]]) for y in data["years"]] == [
        (2020, 1, [(new.pk, "Sở Văn hóa và Thể thao", False, False), (gone.pk, "Sở Văn hóa và Thể thao", False, True)]),
        (2019, 1, [(old.pk, "Sở Văn hóa", True, False)])]
    far = reverse("v1:award-timeline-detail", args=[w.far_departments[0].pk])
    assert api(w.board).get(far).status_code == 404


def test_list_queries_do_not_grow(history):
    w = history
    client = api(w.board)
    live_award(w.finance, w.types["co_thi_dua_tinh"], 2019)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for year in range(1990, 2019):
        live_award(w.culture_old, w.types["co_thi_dua_tinh"], year)
    assert count() == few
