"""Every refused request leaves one WARNING line on "emulation.security" with who, what and the request id."""
import logging

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.middleware import request_id_bound
from emulation.security import DeniedRequestLogMiddleware
from tests.security.helpers import log_in

pytestmark = pytest.mark.integration


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.WARNING, logger="emulation.security")

    def records():
        return [r.security for r in caplog.records if r.name == "emulation.security"]
    return records


def _signed_in(username):
    client = Client()
    assert log_in(client, username).status_code == 302
    return client


def test_forbidden_page_is_logged_with_user_path_and_request_id(world, security_log):
    response = _signed_in("officer").get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert security_log() == [{"method": "GET", "path": "/accounts/users/", "status": 403,
                               "user_id": world.officer.pk, "request_id": response["X-Request-ID"],
                               "reason": ""}]


def test_object_outside_the_users_scope_is_logged(world, security_log):
    response = _signed_in("board").get(reverse("accounts:user_edit", args=[world.far_board.pk]))
    assert response.status_code == 404
    assert [(r["status"], r["user_id"]) for r in security_log()] == [(404, world.board.pk)]


def test_anonymous_api_call_and_csrf_failure_are_logged(world, security_log):
    assert Client().get("/api/v1/provinces/").status_code == 403
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("login"), {"username": "officer", "password": "x"}).status_code == 403
    assert [(r["method"], r["path"], r["user_id"]) for r in security_log()] == [
        ("GET", "/api/v1/provinces/", None), ("POST", "/accounts/login/", None)]


def test_unauthorized_answer_is_logged(security_log):
    # The API never answers 401 here (SessionAuthentication comes first), so the middleware is fed one.
    request = RequestFactory().get("/api/v1/provinces/")
    with request_id_bound("abc123"):
        DeniedRequestLogMiddleware(lambda r: HttpResponse(status=401))(request)
    assert [(r["status"], r["request_id"], r["user_id"]) for r in security_log()] == [(401, "abc123", None)]


def test_lockout_is_logged_with_username_and_address(world, security_log):
    for _ in range(4):
        log_in(Client(), "officer", password="sai", ip="10.0.0.7")
    assert security_log() == []  # a wrong password is not a refusal of the request
    response = log_in(Client(), "officer", password="sai", ip="10.0.0.7")  # the fifth failure locks
    assert response.status_code == 429
    lines = security_log()
    assert {"reason": "axes_lockout", "username": "officer", "ip_address": "10.0.0.7"}.items() <= lines[0].items()
    assert lines[-1]["status"] == 429 and lines[-1]["request_id"] == response["X-Request-ID"]


def test_allowed_requests_and_unknown_urls_are_not_logged(world, security_log):
    client = _signed_in("officer")
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert security_log() == []
