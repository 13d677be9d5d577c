"""django-axes: five failures lock one username from one address, for 15 minutes."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client

from tests.security.helpers import PASSWORD, log_in

pytestmark = pytest.mark.integration

OFFICE = "10.0.0.1"  # one NAT address for the whole office
LOCKED_TEXT = "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau 15 phút."


def _fail(username, times, ip=OFFICE):
    for _ in range(times):
        assert log_in(Client(), username, password="sai", ip=ip).status_code == 200


def _lock(username, ip=OFFICE):
    _fail(username, 4, ip)
    assert log_in(Client(), username, password="sai", ip=ip).status_code == 429  # the fifth failure locks


def test_four_failures_still_let_the_user_in(world):
    assert settings.AXES_FAILURE_LIMIT == 5
    _fail("officer", 4)
    assert log_in(Client(), "officer").status_code == 302


def test_lockout_is_per_username_and_address(world):
    _lock("officer")
    locked = log_in(Client(), "officer")
    assert locked.status_code == 429 and "_auth_user_id" not in Client().session
    assert LOCKED_TEXT in locked.content.decode()
    assert log_in(Client(), "leader").status_code == 302, "a colleague behind the same NAT"
    assert log_in(Client(), "officer", ip="10.0.0.2").status_code == 302, "the same user from elsewhere"


def test_lock_is_lifted_after_15_minutes(world):
    _lock("officer")
    # The cool-off counts from the last attempt's time: moving it back is the same as waiting.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert log_in(Client(), "officer").status_code == 429
    # That attempt during the lock started the 15 minutes again (axes' RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14, seconds=50))
    assert log_in(Client(), "officer").status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    assert log_in(Client(), "officer").status_code == 302


def test_the_token_endpoint_locks_too_and_answers_json(world):
    _lock("officer")
    url = "/api/v1/auth/token/"
    response = Client(REMOTE_ADDR=OFFICE).post(url, {"username": "officer", "password": PASSWORD},
                                               content_type="application/json")
    assert response.status_code == 429 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": LOCKED_TEXT}


@pytest.mark.parametrize("count, forwarded, remote, expected", [
    (0, "203.0.113.9", "10.0.0.5", "10.0.0.5"),  # no proxy trusted: a client's header is ignored
    (1, "203.0.113.9", "10.0.0.5", "203.0.113.9"),  # nginx set the header to the address it saw
    (1, "1.2.3.4, 203.0.113.9", "10.0.0.5", "203.0.113.9"),  # a forged entry before it is not believed
    (1, "", "10.0.0.5", "10.0.0.5"),
])
def test_the_client_address_behind_the_proxy(rf, settings, count, forwarded, remote, expected):
    from emulation.security import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_behind_the_proxy_two_offices_are_locked_apart(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.2"  # every request reaches gunicorn from nginx
    for _ in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE).post(
            "/accounts/login/", {"username": "officer", "password": "sai"})
    assert log_in(Client(HTTP_X_FORWARDED_FOR=OFFICE), "officer", ip=proxy).status_code == 429
    assert log_in(Client(HTTP_X_FORWARDED_FOR="10.9.9.9"), "officer", ip=proxy).status_code == 302
