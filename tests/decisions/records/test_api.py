"""The decisions API: record, read, withdraw; base salaries; money totals. Bad input is a 400 with a Vietnamese
message and changes nothing; garbage never answers 500."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from awards.models import Award
from decisions.models import AwardDecision, BaseSalary
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration
LIST = "/api/v1/decisions/"


@pytest.fixture
def api(decision_world):
    client = APIClient()
    client.force_login(decision_world.board)
    return client


def _body(w, **overrides):
    return {"province": w.province.pk, "disclosure": w.disclosure.pk, "year": 2026, "number_symbol": "125/QĐ-UBND",
            "decided_on": "2026-11-20", "authority": "Ủy ban nhân dân tỉnh", "signer_position": "Chủ tịch",
            "signer_name": "Nguyễn Văn Ký",
            "lines": [{"entry": w.entries[0].pk, "awarded": True}, {"entry": w.entries[1].pk, "awarded": False}],
            **overrides}


def _state():
    return (AwardDecision.objects.count(), Award.objects.count(), BaseSalary.objects.count())


def test_record_read_and_withdraw(api, decision_world):
    w = decision_world
    response = api.post(LIST, _body(w), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["number_symbol"], data["status"], data["total_amount"], data["version"]) == (
        "125/QĐ-UBND", "recorded", "36270000", 1)
    assert [(line["recipient_name"], line["cash_multiple"], line["base_salary"], line["amount"],
             line["award_withdrawn"]) for line in data["lines"]] == [
        (w.own_departments[0].name, "15.50", "2340000", "36270000", False)]

    assert api.post(LIST, _body(w), format="json").json() == {
        "detail": "Quyết định số 125/QĐ-UBND của tỉnh đã được ghi nhận (ngày 20/11/2026)."}

    withdraw = reverse("v1:decision-withdraw", args=[data["id"]])
    assert api.post(withdraw, {"reason": "Sai", "version": 5}, format="json").status_code == 409
    response = api.post(withdraw, {"reason": "Sai sót", "version": 1}, format="json")
    assert (response.status_code, response.json()["status"], response.json()["lines"][0]["award_withdrawn"]) == (
        200, "withdrawn", True)
    listed = api.get(LIST + f"?province={w.province.pk}&status=withdrawn").json()
    assert [d["id"] for d in listed["results"]] == [data["id"]]


BAD = {
    "lines-missing": ({"lines": None}, {"lines": ["Trường này không được để trống."]}),
    "lines-empty": ({"lines": []}, {"lines": {"non_field_errors": ["Quyết định phải có ít nhất một dòng."]}}),
    "lines-not-a-list": ({"lines": "x"}, {"lines": {"non_field_errors": ["Cần một danh sách các dòng."]}}),
    "entry-unknown": ({"lines": [{"entry": 10**9}]}, {"lines": {"0": {"entry": ["Dòng đề nghị không tồn tại."]}}}),
    "date-bad": ({"decided_on": "20/11/2026"}, {"decided_on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."]}),
    "year-text": ({"year": "năm"}, {"year": ["Cần một số nguyên."]}),
    "province-far": (lambda w: {"province": w.far_province.pk}, {"province": ["Tỉnh không tồn tại."]}),
    "number-shape": ({"number_symbol": "abc"},
                     {"detail": "Số, ký hiệu “abc” không đúng dạng số/ký hiệu, ví dụ 125/QĐ-UBND."}),
    "nothing-awarded": (lambda w: {"lines": [{"entry": w.entries[0].pk, "awarded": False}]},
                        {"detail": "Quyết định phải khen thưởng ít nhất một đơn vị hoặc cá nhân."}),
    "far-award-type": (lambda w: {"disclosure": None, "year": 2025, "lines": [
        {"award_type": w.far_types["merit"].pk, "department": w.other_departments[0].pk}]},
        {"lines": {"0": {"award_type": ["Hình thức khen thưởng không tồn tại."]}}}),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_answers_400_and_changes_nothing(api, decision_world, case):
    overrides, expected = BAD[case]
    before = _state()
    body = _body(decision_world, **(overrides(decision_world) if callable(overrides) else overrides))
    response = api.post(LIST, body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert _state() == before


def test_withdraw_needs_a_reason_and_a_version(api, decision_world):
    decision_id = api.post(LIST, _body(decision_world), format="json").json()["id"]
    response = api.post(reverse("v1:decision-withdraw", args=[decision_id]), {}, format="json")
    assert (response.status_code, response.json()) == (400, {"reason": ["Trường này là bắt buộc."],
                                                             "version": ["Trường này là bắt buộc."]})


def test_base_salaries_are_listed_and_a_superuser_adds_one(api, decision_world):
    listed = api.get(reverse("v1:base-salary-list")).json()
    assert listed[0] == {"id": listed[0]["id"], "amount": "2340000", "valid_from": "2024-07-01",
                         "legal_basis": "Nghị định 73/2024/NĐ-CP"}
    assert api.post(reverse("v1:base-salary-list"), {"amount": 1, "valid_from": "2026-07-01"},
                    format="json").status_code == 403
    root = APIClient()
    root.force_login(UserFactory(username="root", is_superuser=True))
    response = root.post(reverse("v1:base-salary-list"), {"amount": 0, "valid_from": "2026-07-01"}, format="json")
    assert (response.status_code, response.json()) == (400, {"amount": ["Giá trị không được nhỏ hơn 1."]})
    response = root.post(reverse("v1:base-salary-list"), {"amount": 2530000, "valid_from": "2026-07-01"},
                         format="json")
    assert (response.status_code, response.json()["amount"]) == (201, "2530000")


def test_money_totals_and_export(api, decision_world):
    w = decision_world
    api.post(LIST, _body(w, lines=[{"entry": e.pk} for e in w.entries]), format="json")
    totals = api.get(reverse("v1:money-totals") + "?year=2026").json()
    assert totals == {"province": w.province.pk, "year": 2026, "count": 3, "amount": "45630000", "rows": [
        {"award_type": w.types["flag"].pk, "award_type_name": "Cờ thi đua của UBND tỉnh", "count": 1,
         "amount": "36270000"},
        {"award_type": w.types["merit"].pk, "award_type_name": "Bằng khen của Chủ tịch UBND tỉnh", "count": 2,
         "amount": "9360000"}]}
    assert api.get(reverse("v1:money-totals") + "?year=1999").json() == {
        "year": ["Giá trị không được nhỏ hơn 2000."]}
    assert api.get(reverse("v1:money-totals") + f"?province={w.far_province.pk}").json() == {
        "province": ["Tỉnh không tồn tại."]}
    response = api.get(reverse("v1:money-export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[sheet.max_row]] == [None, "Tổng cộng", 3, 45630000]


GARBAGE = [{"lines": {"a": 1}, "province": [1], "year": 10**40, "decided_on": 5, "reason": None, "version": "x",
            "amount": {"a": 1}, "valid_from": True}, {"lines": [None, 5, "x"]}, {"lines": [{"entry": "\x00"}]},
           "chuỗi", 42, None, [1, 2]]


def test_garbage_never_answers_500(api, decision_world):
    decision_id = api.post(LIST, _body(decision_world), format="json").json()["id"]
    urls = [LIST, reverse("v1:decision-detail", args=[decision_id]),
            reverse("v1:decision-withdraw", args=[decision_id]), reverse("v1:base-salary-list"),
            reverse("v1:money-totals"), reverse("v1:money-export")]
    for url in urls:
        assert api.get(url + "?year=x&province=%00&status=zz&page=abc").status_code < 500, url
        for method in ("post", "put", "patch", "delete"):
            for body in GARBAGE:
                assert getattr(api, method)(url, body, format="json").status_code < 500, (url, method, body)
