"""API tokens and account management through the API."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import User
from tests.api.conftest import PASSWORD, snapshot

pytestmark = pytest.mark.integration

TOKEN_URL = "/api/v1/auth/token/"
BAD_CREDENTIALS = {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
BAD_TOKEN = {"detail": "Thông tin xác thực không hợp lệ hoặc tài khoản đã bị khóa."}


def test_token_is_issued_and_authenticates(api_world, api_client):
    response = api_client.post(TOKEN_URL, {"username": "officer", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=api_world.officer).key}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    years = api_client.get(reverse("v1:blocyear-list"))
    assert years.status_code == 200
    assert [y["id"] for y in years.json()["results"]] == [api_world.own.pk]
    assert api_client.get(reverse("v1:user-me")).json()["username"] == "officer"


def test_same_token_on_second_request(api_world, api_client):
    first = api_client.post(TOKEN_URL, {"username": "board", "password": PASSWORD}, format="json").json()
    second = api_client.post(TOKEN_URL, {"username": "board", "password": PASSWORD}, format="json").json()
    assert first == second


def test_wrong_password_gets_no_token(api_world, api_client):
    response = api_client.post(TOKEN_URL, {"username": "officer", "password": "sai"}, format="json")

    assert (response.status_code, response.json()) == (400, BAD_CREDENTIALS)
    assert not Token.objects.exists()


def test_token_request_without_password(api_world, api_client):
    response = api_client.post(TOKEN_URL, {"username": "officer"}, format="json")
    assert (response.status_code, response.json()) == (400, {"password": ["Trường này là bắt buộc."]})


def test_unknown_token_is_refused(api_world, api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token khong-ton-tai")
    response = api_client.get(reverse("v1:blocyear-list"))
    assert (response.status_code, response.json()) == (403, BAD_TOKEN)


def test_token_of_a_deactivated_account_is_refused(api_world, api_client, as_user):
    token = Token.objects.create(user=api_world.officer)
    assert as_user(api_world.board).post(
        reverse("v1:user-deactivate", args=[api_world.officer.pk])).status_code == 200
    api_client.logout()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get(reverse("v1:blocyear-list")).status_code == 403


def test_board_creates_an_officer(api_world, as_user):
    w = api_world
    response = as_user(w.board).post(reverse("v1:user-list"), {
        "username": "can_bo_moi", "password": "Thi-dua-2026!", "first_name": "Lan", "last_name": "Nguyễn",
        "role": "officer", "department": w.own_departments[2].pk, "position": "Chuyên viên"}, format="json")

    assert response.status_code == 201
    account = User.objects.get(username="can_bo_moi")
    assert response.json() == {
        "id": account.pk, "username": "can_bo_moi", "first_name": "Lan", "last_name": "Nguyễn", "email": "",
        "position": "Chuyên viên", "role": "officer", "role_label": "Cán bộ phụ trách TĐKT của đơn vị",
        "province": None, "department": w.own_departments[2].pk, "bloc": None, "is_active": True,
        "last_login": None}
    assert account.check_password("Thi-dua-2026!")


ACCOUNT_CASES = {
    "department-of-another-province": (
        lambda w: {"username": "x1", "password": "Thi-dua-2026!", "role": "officer",
                   "department": w.far_departments[0].pk},
        {"department": ["Đơn vị không tồn tại."]}),
    "role-missing-its-unit": (
        lambda w: {"username": "x2", "password": "Thi-dua-2026!", "role": "board",
                   "department": w.own_departments[0].pk},
        {"detail": "Tài khoản Ban Thi đua - Khen thưởng cần chọn tỉnh và không chọn đơn vị, khối."}),
    "officer-without-unit": (
        lambda w: {"username": "x5", "password": "Thi-dua-2026!", "role": "officer"},
        {"detail": "Cán bộ và thủ trưởng đơn vị cần chọn đơn vị (không chọn tỉnh, khối)."}),
    "role-unknown": (
        lambda w: {"username": "x3", "password": "Thi-dua-2026!", "role": "admin"},
        {"role": ["“admin” không phải là lựa chọn hợp lệ."]}),
    "password-too-short": (
        lambda w: {"username": "x4", "password": "Ab1!", "role": "officer", "department": w.own_departments[0].pk},
        {"password": ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]}),
    "username-taken": (
        lambda w: {"username": "OFFICER", "password": "Thi-dua-2026!", "role": "officer",
                   "department": w.own_departments[0].pk},
        {"detail": "Tên đăng nhập “OFFICER” đã được dùng."}),
    "username-with-spaces": (
        lambda w: {"username": "a b", "password": "Thi-dua-2026!", "role": "officer",
                   "department": w.own_departments[0].pk},
        {"username": ["Điền tên đăng nhập hợp lệ. Giá trị này chỉ có thể chứa các chữ cái, số, và các ký tự "
                      "@/./+/-/_"]}),
}


@pytest.mark.parametrize("case", list(ACCOUNT_CASES))
def test_bad_account_is_refused_with_400(api_world, as_user, case):
    body, expected = ACCOUNT_CASES[case]
    before = snapshot()

    response = as_user(api_world.board).post(reverse("v1:user-list"), body(api_world), format="json")

    assert (response.status_code, response.json()) == (400, expected)
    assert snapshot() == before


def test_board_changes_password_and_role(api_world, as_user):
    w = api_world
    response = as_user(w.board).patch(reverse("v1:user-detail", args=[w.leader.pk]),
                                      {"role": "officer", "password": "Mat-khau-moi-2026", "username": "doi"},
                                      format="json")
    assert response.status_code == 200
    w.leader.refresh_from_db()
    assert (w.leader.username, w.leader.role, w.leader.check_password("Mat-khau-moi-2026")) == (
        "leader", "officer", True)


def test_board_cannot_deactivate_itself(api_world, as_user):
    before = snapshot()
    response = as_user(api_world.board).post(reverse("v1:user-deactivate", args=[api_world.board.pk]))
    assert (response.status_code, response.json()) == (400, {"detail": "Không thể tự khóa tài khoản của chính mình."})
    assert snapshot() == before


def test_non_board_user_reads_only_its_own_record(api_world, as_user):
    client = as_user(api_world.officer)

    me = client.get(reverse("v1:user-me"))
    assert (me.status_code, me.json()["id"], me.json()["role"]) == (200, api_world.officer.pk, "officer")
    refused = client.get(reverse("v1:user-list"))
    assert (refused.status_code, refused.json()) == (
        403, {"detail": "Bạn không được cấp quyền để thực hiện hành động này."})


def test_board_lists_only_accounts_of_its_province(api_world, as_user):
    listed = as_user(api_world.board).get(reverse("v1:user-list"), {"ordering": "username"}).json()
    assert [u["username"] for u in listed["results"]] == [
        "board", "leader", "officer", "other_officer", "secretariat"]
