import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent

pytestmark = pytest.mark.integration


def _post_account(client, url, **overrides):
    data = {"username": "canbo.moi", "first_name": "Cán bộ", "last_name": "Mới", "email": "",
            "position": "", "role": "officer", "province": "", "department": "", "bloc": "",
            "is_active": "on", "password": "MatKhau-Rat-Manh-2026"}
    data.update(overrides)
    return client.post(url, data)


def test_board_creates_an_officer_of_its_province(world, client):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_create"), department=world.own_departments[2].pk)
    assert response.status_code == 302
    created = User.objects.get(username="canbo.moi")
    assert (created.role, created.department, created.check_password("MatKhau-Rat-Manh-2026")) == (
        "officer", world.own_departments[2], True)
    event = AuditEvent.objects.get(event_type="account.created")
    assert event.actor == world.board and "password" not in event.new_value


def test_board_cannot_place_an_account_in_another_province(world, client):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_create"), department=world.far_departments[0].pk)
    assert response.status_code == 200
    assert response.context["form"].errors["department"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."]
    assert not User.objects.filter(username="canbo.moi").exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"role": "secretariat"}, "Thư ký khối cần chọn đơn vị và khối phục vụ."),
    ({"role": "board"}, "Tài khoản Ban Thi đua - Khen thưởng cần chọn tỉnh và không chọn đơn vị, khối."),
    ({"role": "officer"}, "Cán bộ và thủ trưởng đơn vị cần chọn đơn vị (không chọn tỉnh, khối)."),
])
def test_role_without_its_unit_is_refused(world, client, overrides, message):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_create"), **overrides)
    assert response.context["form"].non_field_errors() == [message]
    assert not User.objects.filter(username="canbo.moi").exists()


def test_weak_password_and_taken_username_are_refused(world, client):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_create"), department=world.own_departments[2].pk,
                             password="123")
    assert "password" in response.context["form"].errors
    response = _post_account(client, reverse("accounts:user_create"), department=world.own_departments[2].pk,
                             username="officer")
    assert response.context["form"].non_field_errors() == ["Tên đăng nhập “officer” đã được dùng."]


def test_board_deactivates_an_account_and_its_sessions_end(world, client):
    officer_client = client.__class__()
    officer_client.force_login(world.officer)
    assert officer_client.get(reverse("dashboard")).status_code == 200
    client.force_login(world.board)
    _post_account(client, reverse("accounts:user_edit", args=[world.officer.pk]), username="officer",
                  department=world.officer.department_id, is_active="", password="")
    world.officer.refresh_from_db()
    assert world.officer.is_active is False
    assert officer_client.get(reverse("dashboard")).status_code == 302
    event = AuditEvent.objects.get(event_type="account.updated")
    assert (event.old_value["is_active"], event.new_value["is_active"]) == (True, False)


def test_password_reset_by_board_ends_the_users_sessions(world, client):
    officer_client = client.__class__()
    officer_client.force_login(world.officer)
    client.force_login(world.board)
    _post_account(client, reverse("accounts:user_edit", args=[world.officer.pk]), username="officer",
                  department=world.officer.department_id, password="Mot-Mat-Khau-Moi-2026")
    assert officer_client.get(reverse("dashboard")).status_code == 302


def test_board_cannot_deactivate_itself(world, client):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_edit", args=[world.board.pk]), username="board",
                             role="board", province=world.province.pk, is_active="", password="")
    assert response.context["form"].non_field_errors() == ["Không thể tự khóa tài khoản của chính mình."]
    world.board.refresh_from_db()
    assert world.board.is_active


def test_login_page_is_vietnamese_and_logs_in(world, client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Đăng nhập" in body
    response = client.post(reverse("login"), {"username": "officer", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_wrong_password_message_is_vietnamese(world, client):
    response = client.post(reverse("login"), {"username": "officer", "password": "sai"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác." in response.content.decode()


def test_interface_is_vietnamese_whatever_the_browser_asks_until_english_is_chosen(world, client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.cookies["django_language"].value == "en"
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body and "Log in" in body


def test_renaming_an_account_to_a_taken_username_is_refused(world, client):
    client.force_login(world.board)
    response = _post_account(client, reverse("accounts:user_edit", args=[world.officer.pk]), username="LEADER",
                             department=world.officer.department_id, password="")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Tên đăng nhập “LEADER” đã được dùng."]
    world.officer.refresh_from_db()
    assert world.officer.username == "officer"


def test_anonymous_user_sees_no_bloc_year(db):
    from django.contrib.auth.models import AnonymousUser

    from blocs.domain.queries import bloc_years_visible_to, departments_visible_to
    from tests.factories.blocs import MembershipFactory

    MembershipFactory()
    assert list(bloc_years_visible_to(AnonymousUser())) == []
    assert list(departments_visible_to(AnonymousUser())) == []
