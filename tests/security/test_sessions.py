"""Session lifetime: rotated at login, 30 minutes idle, 12 hours in all, ended by logout and password change."""
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation.security import LOGIN_AT_SESSION_KEY
from tests.security.helpers import PASSWORD, log_in, session_key

pytestmark = pytest.mark.integration

TWELVE_HOURS = 12 * 3600
EXPIRED_MESSAGE = "Phiên làm việc đã quá 12 giờ, vui lòng đăng nhập lại."


def _client_with_key(key):
    """A browser that presents `key` as its session cookie (e.g. one copied before logout)."""
    other = Client()
    other.cookies["sessionid"] = key
    return other


def _age_login(client, seconds):
    """As if the login had happened `seconds` earlier: the stored login time is moved back."""
    session = client.session
    session[LOGIN_AT_SESSION_KEY] -= seconds
    session.save()


def test_login_rotates_the_session_key(world, client):
    before = client.session  # a session planted before login, as in a fixation attack
    before["planted"] = True
    before.save()
    assert log_in(client, "officer").status_code == 302
    assert session_key(client) != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()
    assert _client_with_key(before.session_key).get(reverse("dashboard")).status_code == 302


def test_logout_ends_the_session_on_the_server(world, client):
    log_in(client, "officer")
    key = session_key(client)
    assert _client_with_key(key).get(reverse("dashboard")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    response = _client_with_key(key).get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_password_change_keeps_this_session_and_ends_the_others(world, client):
    elsewhere = Client()
    log_in(elsewhere, "officer", ip="10.0.0.9")
    log_in(client, "officer")
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Mat-Khau-Moi-Rat-Dai-2026",
        "new_password2": "Mat-Khau-Moi-Rat-Dai-2026"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    other_key = session_key(elsewhere)
    response = elsewhere.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Session.objects.filter(session_key=other_key).exists()


def test_session_ends_after_30_idle_minutes_and_slides_with_activity(world, client):
    log_in(client, "officer")
    stored = Session.objects.filter(session_key=session_key(client))
    # The stored expiry is the idle limit: moving it back 29 minutes is 29 minutes without a request.
    stored.update(expire_date=F("expire_date") - timedelta(minutes=29))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and response.cookies["sessionid"]["max-age"] == 30 * 60
    assert stored.get().expire_date > timezone.now() + timedelta(minutes=29)  # pushed forward again
    stored.update(expire_date=F("expire_date") - timedelta(minutes=31))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_requests_within_a_minute_of_the_last_refresh_do_not_write_the_session(world, client):
    log_in(client, "officer")
    stored = Session.objects.filter(session_key=session_key(client))
    stored.update(expire_date=F("expire_date") - timedelta(seconds=30))  # refreshed 30 s ago
    before = stored.get().expire_date
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert stored.get().expire_date == before
    stored.update(expire_date=F("expire_date") - timedelta(seconds=40))  # 70 s ago: pushed forward again
    response = client.get(reverse("dashboard"))
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert stored.get().expire_date > timezone.now() + timedelta(minutes=29, seconds=50)


def test_active_session_ends_12_hours_after_login(world, client):
    log_in(client, "officer")
    _age_login(client, TWELVE_HOURS - 60)
    assert client.get(reverse("dashboard")).status_code == 200
    _age_login(client, 120)
    key = session_key(client)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('login')}?next=/"
    assert EXPIRED_MESSAGE in [str(m) for m in response.context["messages"]]
    assert EXPIRED_MESSAGE in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_new_login_starts_a_new_12_hours(world, client):
    log_in(client, "officer")
    _age_login(client, TWELVE_HOURS + 60)
    client.get(reverse("dashboard"))
    assert log_in(client, "officer").status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_outlived_session_is_anonymous_to_the_api(world, client):
    log_in(client, "officer")
    assert client.get("/api/v1/provinces/").status_code == 200
    _age_login(client, TWELVE_HOURS + 60)
    assert client.get("/api/v1/provinces/").status_code == 403  # 403: see tests/api/test_permission_matrix.py


def test_session_from_before_the_limit_gets_12_hours_from_now(world, client):
    log_in(client, "officer")
    session = client.session
    del session[LOGIN_AT_SESSION_KEY]
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200
    assert LOGIN_AT_SESSION_KEY in client.session
