"""Bad input answers 400 with a Vietnamese message and changes no row; odd ids are 404, never 500."""
import pytest
from django.urls import reverse

from tests.api.conftest import snapshot

pytestmark = pytest.mark.integration

NOT_A_NUMBER = ["Mã không hợp lệ: cần một số nguyên."]
NO_UNIT = ["Đơn vị không tồn tại."]
REQUIRED = ["Trường này là bắt buộc."]
INVALID_FILTER = ["Lựa chọn không hợp lệ hoặc không tồn tại."]


def _members(w):
    return reverse("v1:blocyear-members", args=[w.own.pk])


def _year(w):
    return reverse("v1:blocyear-detail", args=[w.own.pk])


def _phase(w):
    return reverse("v1:blocyear-phase", args=[w.own.pk])


def _conferences(w):
    return reverse("v1:conference-list")


def _departments(w):
    return reverse("v1:department-list")


def _years(w):
    return reverse("v1:blocyear-list")


CASES = {
    # id: (method, url(world), body(world), expected JSON(world))
    "member-id-not-a-number": ("post", _members, lambda w: {"department": "abc"}, {"department": NOT_A_NUMBER}),
    "member-id-a-boolean": ("post", _members, lambda w: {"department": True}, {"department": NOT_A_NUMBER}),
    "member-unknown-id": ("post", _members, lambda w: {"department": 10**12}, {"department": NO_UNIT}),
    "member-huge-id": ("post", _members, lambda w: {"department": 10**30}, {"department": NO_UNIT}),
    "member-of-another-province": ("post", _members, lambda w: {"department": w.far_departments[0].pk},
                                   {"department": NO_UNIT}),
    "member-missing": ("post", _members, lambda w: {}, {"department": REQUIRED}),
    "member-already-in-another-bloc": (
        "post", _members, lambda w: {"department": w.other_departments[0].pk},
        lambda w: {"detail": f"“{w.other_departments[0].name}” đã là thành viên của {w.other.bloc.name} năm 2026."}),
    "member-body-not-an-object": ("post", _members, lambda w: [1, 2],
                                  {"non_field_errors": ["Dữ liệu gửi lên phải là một đối tượng JSON."]}),
    "member-joined-on-bad-date": ("post", _members, lambda w: {"department": w.unassigned.pk, "joined_on": "1/2/26"},
                                  {"joined_on": ["Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD."]}),
    "leadership-version-missing": ("patch", _year, lambda w: {"theme": "X"}, {"version": REQUIRED}),
    "leadership-version-not-a-number": ("patch", _year, lambda w: {"version": "một"},
                                        {"version": ["Cần một số nguyên."]}),
    "leadership-non-member": (
        "patch", _year, lambda w: {"leader": w.unassigned.pk, "version": 1},
        {"detail": "Khối trưởng phải là đơn vị thành viên của khối trong năm."}),
    "leadership-same-unit-twice": (
        "patch", _year, lambda w: {"leader": w.own_departments[2].pk, "deputy": w.own_departments[2].pk,
                                   "version": 1},
        {"detail": "Khối trưởng và khối phó phải là hai đơn vị khác nhau."}),
    "phase-unknown": ("post", _phase, lambda w: {"phase": "xong", "version": 1},
                      {"phase": ["“xong” không phải là lựa chọn hợp lệ."]}),
    "phase-skipped": ("post", _phase, lambda w: {"phase": "scoring", "version": 1},
                      {"detail": "Chỉ chuyển sang giai đoạn liền kề (từ “Chuẩn bị” không thể sang “Chấm điểm”)."}),
    "conference-bloc-year-not-a-number": ("post", _conferences, lambda w: {"bloc_year": "x", "kind": "mid_year"},
                                          {"bloc_year": NOT_A_NUMBER}),
    "conference-bloc-year-out-of-reach": ("post", _conferences, lambda w: {"bloc_year": w.far.pk, "kind": "mid_year"},
                                          {"bloc_year": ["Năm thi đua không tồn tại."]}),
    "conference-kind-unknown": ("post", _conferences, lambda w: {"bloc_year": w.own.pk, "kind": "party"},
                                {"kind": ["“party” không phải là lựa chọn hợp lệ."]}),
    "conference-host-far": ("post", _conferences,
                            lambda w: {"bloc_year": w.own.pk, "kind": "mid_year", "host": w.far_departments[0].pk},
                            {"host": NO_UNIT}),
    "conference-host-not-a-member": (
        "post", _conferences, lambda w: {"bloc_year": w.own.pk, "kind": "mid_year", "host": w.unassigned.pk},
        {"detail": "Đơn vị đăng cai phải là thành viên của khối trong năm."}),
    "department-name-blank": ("post", _departments, lambda w: {"province": w.province.pk, "name": "  "},
                              {"name": ["Trường này không được để trống."]}),
    "department-name-nul": ("post", _departments, lambda w: {"province": w.province.pk, "name": "Sở\x00"},
                            {"name": ["Không được chứa ký tự NUL."]}),
    "department-name-too-long": ("post", _departments, lambda w: {"province": w.province.pk, "name": "S" * 201},
                                 {"name": ["Không được dài quá 200 ký tự."]}),
    "department-name-taken": (
        "post", _departments, lambda w: {"province": w.province.pk, "name": w.own_departments[0].name.upper()},
        lambda w: {"detail": f"Tỉnh đã có đơn vị “{w.own_departments[0].name.upper()}”."}),
    "department-province-far": ("post", _departments, lambda w: {"province": w.far_province.pk, "name": "Sở"},
                                {"province": ["Tỉnh không tồn tại."]}),
    "bloc-year-too-early": ("post", _years, lambda w: {"bloc": w.own.bloc_id, "year": 1999},
                            {"year": ["Giá trị không được nhỏ hơn 2000."]}),
    "bloc-year-exists": ("post", _years, lambda w: {"bloc": w.own.bloc_id, "year": 2026},
                         {"detail": "Khối đã có năm thi đua 2026."}),
    "remove-the-leader": (
        "delete", lambda w: reverse("v1:membership-detail", args=[
            w.own.memberships.get(department=w.own.leader).pk]), None,
        {"detail": "Không thể xóa khối trưởng hoặc khối phó khỏi khối; "
                   "hãy chọn đơn vị khác làm khối trưởng/khối phó trước."}),
    "search-nul": ("get", lambda w: reverse("v1:blocyear-list") + "?search=%00", None,
                   {"search": ["Không được chứa ký tự NUL."]}),
    "filter-not-a-number": ("get", lambda w: reverse("v1:department-list") + "?province=abc", None,
                            {"province": INVALID_FILTER}),
    "filter-out-of-reach": ("get", lambda w: reverse("v1:department-list") + f"?province={w.far_province.pk}",
                            None, {"province": INVALID_FILTER}),
    "filter-year-not-a-number": ("get", lambda w: reverse("v1:blocyear-list") + "?year=abc", None,
                                 {"year": ["Năm phải là một số nguyên."]}),
    "page-not-a-number": ("get", lambda w: reverse("v1:blocyear-list") + "?page=abc", None,
                          {"page": ["Số trang phải là số nguyên dương."]}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_answers_400_and_changes_nothing(api_world, as_user, case):
    method, url, body, expected = CASES[case]
    client = as_user(api_world.board)
    before = snapshot()

    response = getattr(client, method)(url(api_world), body(api_world) if body else None, format="json")

    assert response.status_code == 400
    assert response.json() == (expected(api_world) if callable(expected) else expected)
    assert snapshot() == before


def test_malformed_json_answers_400(api_world, as_user):
    before = snapshot()
    response = as_user(api_world.board).post(_members(api_world), data="{\"department\": ",
                                             content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"detail": "Dữ liệu gửi lên không đúng định dạng JSON."})
    assert snapshot() == before


@pytest.mark.parametrize("pk", ["abc", "1,5", "-1", str(10**30), "%00"])
def test_odd_ids_in_the_url_are_not_found(api_world, as_user, pk):
    client = as_user(api_world.board)
    for name in ("v1:blocyear-detail", "v1:department-detail", "v1:conference-detail", "v1:user-detail"):
        response = client.get(reverse(name, args=["PK"]).replace("PK", pk))
        assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."}), name


def test_page_past_the_end_is_not_found(api_world, as_user):
    response = as_user(api_world.board).get(reverse("v1:blocyear-list") + "?page=9")
    assert (response.status_code, response.json()) == (404, {"detail": "Trang không tồn tại."})


def test_anonymous_is_told_to_sign_in(api_world, api_client):
    response = api_client.get(reverse("v1:blocyear-list"))
    assert response.status_code == 403
    assert response.json() == {"detail": "Chưa đăng nhập: hãy gửi token (Authorization: Token …) hoặc đăng nhập."}


GARBAGE = [
    {"department": {"a": 1}, "version": [1], "phase": None, "leader": "x", "bloc_year": -1, "kind": ["so"],
     "province": 1.5, "name": 5, "date": 20260101, "host": True, "username": ["a"], "password": {"p": 1},
     "role": {}, "year": "2027-01-01", "copy_members_from": "\x00", "joined_on": 1},
    {"version": 10**40, "year": -10**40, "department": 10**40, "name": "\x00", "theme": None},
    "chuỗi", 42, None,
]


def _urls(world):
    from tests.api.test_permission_matrix import MATRIX

    for name, methods in MATRIX.items():
        args = next(iter(methods.values()))[1]
        yield name, reverse(name, args=args(world, "own") if args else None)


def test_no_method_or_garbage_body_answers_500(api_world, as_user):
    """Every API URL, every method, odd bodies and the HTML renderer: errors are 4xx, never 500."""
    client = as_user(api_world.board)
    for name, url in _urls(api_world):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code < 500, name
        assert client.options(url).status_code < 500, name
        assert client.head(url).status_code < 500, name
        for method in ("post", "put", "patch"):
            for body in GARBAGE:
                response = getattr(client, method)(url, body, format="json")
                assert response.status_code < 500, (name, method, body)
