"""API tokens under the session rules: 30 minutes idle, 12 hours since issue, revoked by a password change
or a deactivation whichever way it is made."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.domain import services
from accounts.models import TokenActivity, User
from audit.models import AuditEvent
from tests.api.conftest import PASSWORD
from tests.security.helpers import log_in, session_key

pytestmark = pytest.mark.integration

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/users/me/"
IDLE_MESSAGE = "Token API không được dùng quá 30 phút nên đã hết hạn, hãy lấy token mới."
AGE_MESSAGE = "Token API đã quá 12 giờ kể từ khi cấp, hãy lấy token mới."
GENERIC_REFUSAL = "Thông tin xác thực không hợp lệ hoặc tài khoản đã bị khóa."


def obtain(username="officer", password=PASSWORD):
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call_me(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(ME_URL)


def age(key, *, issued_ago=timedelta(0), idle=timedelta(0)):
    now = timezone.now()
    Token.objects.filter(key=key).update(created=now - issued_ago)
    TokenActivity.objects.filter(token_id=key).update(last_used_at=now - idle)


def test_a_token_used_within_30_minutes_keeps_working_and_its_use_is_recorded(world):
    key = obtain()
    age(key, issued_ago=timedelta(hours=1), idle=timedelta(minutes=29))
    assert call_me(key).status_code == 200
    last_used = TokenActivity.objects.get(token_id=key).last_used_at
    assert timezone.now() - last_used < timedelta(seconds=30)


def test_a_token_idle_for_more_than_30_minutes_is_refused_and_deleted(world):
    key = obtain()
    age(key, idle=timedelta(minutes=31))
    response = call_me(key)
    assert (response.status_code, response.json()) == (403, {"detail": IDLE_MESSAGE})
    assert not Token.objects.filter(key=key).exists()
    age(key)  # nothing to bring back: the key is gone
    assert call_me(key).json() == {"detail": GENERIC_REFUSAL}


def test_a_token_in_constant_use_still_ends_12_hours_after_issue(world):
    key = obtain()
    age(key, issued_ago=timedelta(hours=12) - timedelta(minutes=1), idle=timedelta(minutes=2))
    assert call_me(key).status_code == 200
    age(key, issued_ago=timedelta(hours=12, minutes=1))
    response = call_me(key)
    assert (response.status_code, response.json()) == (403, {"detail": AGE_MESSAGE})


def test_a_lapsed_token_is_replaced_by_a_new_key_on_the_next_request_for_one(world):
    key = obtain()
    assert obtain() == key  # still alive: the same key for a second client of the same account
    age(key, idle=timedelta(hours=1))
    new_key = obtain()
    assert new_key != key and not Token.objects.filter(key=key).exists()
    assert call_me(new_key).status_code == 200
    issued = AuditEvent.objects.filter(event_type="token.issued", object_id=str(world.officer.pk))
    assert issued.count() == 2 and {e.actor_id for e in issued} == {world.officer.pk}
    assert all(e.request_id for e in issued)


def test_use_is_written_at_most_once_a_minute(world):
    key = obtain()
    assert call_me(key).status_code == 200  # just issued: nothing to write
    with CaptureQueriesContext(connection) as queries:
        assert call_me(key).status_code == 200
    assert not [q for q in queries if "accounts_tokenactivity" in q["sql"] and "UPDATE" in q["sql"]]
    age(key, idle=timedelta(minutes=2))
    with CaptureQueriesContext(connection) as queries:
        assert call_me(key).status_code == 200
    assert [q for q in queries if "accounts_tokenactivity" in q["sql"] and "UPDATE" in q["sql"]]


def test_a_password_change_in_the_browser_revokes_the_account_s_tokens(world, client):
    key = obtain()
    client.force_login(world.officer)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Mat-Khau-Moi-Rat-Dai-2026",
        "new_password2": "Mat-Khau-Moi-Rat-Dai-2026"})
    assert response.status_code == 302
    assert call_me(key).json() == {"detail": GENERIC_REFUSAL}
    assert not Token.objects.filter(user=world.officer).exists()


def test_a_password_set_by_the_board_revokes_the_tokens_and_other_edits_do_not(world):
    key = obtain()
    services.update_account(manager=world.board, account=world.officer, position="Chuyên viên chính")
    assert call_me(key).status_code == 200
    services.update_account(manager=world.board, account=world.officer, password="Thi-dua-Moi-2026!")
    assert call_me(key).status_code == 403
    assert not Token.objects.filter(key=key).exists()


def test_changepassword_command_and_admin_style_save_revoke_too(world, monkeypatch):
    key = obtain()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Mot-Mat-Khau-Khac-2026")
    call_command("changepassword", "officer")
    assert not Token.objects.filter(key=key).exists()

    key = obtain(password="Mot-Mat-Khau-Khac-2026")
    officer = User.objects.get(pk=world.officer.pk)
    officer.set_password("Lan-Nua-Mat-Khau-2026")
    officer.save(update_fields=["password"])
    assert not Token.objects.filter(key=key).exists()


def test_signing_in_again_does_not_revoke_the_token(world, client):
    key = obtain()
    log_in(client, "officer")  # saves last_login only
    assert session_key(client)
    assert call_me(key).status_code == 200


def test_deactivation_deletes_the_token_and_reactivation_does_not_bring_it_back(world):
    key = obtain()
    services.update_account(manager=world.board, account=world.officer, is_active=False)
    assert not Token.objects.filter(key=key).exists()
    services.update_account(manager=world.board, account=world.officer, is_active=True)
    assert call_me(key).status_code == 403
