"""Security headers and cookies on real pages, and the production settings behind them."""
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.helpers import log_in

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent.parent


def _policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    parts = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def _assert_strict_headers(response):
    policy = _policy(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == ["'self'"], (directive, policy)
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def _assert_no_inline_code(html):
    # The policy would block these in the browser; finding none here means nothing relies on them.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and not re.search(r"\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_login_page_sends_the_strict_headers_and_cookie_flags(db, client):
    response = client.get(reverse("login"))
    _assert_strict_headers(response)
    _assert_no_inline_code(response.content.decode())
    csrf = response.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"


def test_signed_in_page_sends_the_strict_headers_and_an_httponly_session_cookie(world):
    client = Client()
    response = log_in(client, "secretariat")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    _assert_strict_headers(page)
    _assert_no_inline_code(page.content.decode())


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
names = ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
         "CSRF_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
         "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "SESSION_COOKIE_AGE", "SESSION_ABSOLUTE_AGE",
         "SESSION_SAVE_EVERY_REQUEST", "SESSION_ENGINE", "DEBUG"]
# The login page itself needs the static manifest that collectstatic builds in the image; the redirect to
# it goes through the same middleware and needs neither the manifest nor a database.
response = Client(HTTP_HOST="example.org").get("/", secure=True)
print(json.dumps({"settings": {n: getattr(settings, n) for n in names}, "status": response.status_code,
                  "headers": dict(response.headers)}))
"""


def test_production_settings_and_headers_over_https(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="emulation.settings.production", DJANGO_ALLOWED_HOSTS="example.org",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(60)[:60],
               DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    result = subprocess.run([sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["settings"] == {
        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True, "CSRF_COOKIE_SAMESITE": "Lax", "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_SSL_REDIRECT": True, "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin", "SESSION_COOKIE_AGE": 1800, "SESSION_ABSOLUTE_AGE": 43200,
        "SESSION_SAVE_EVERY_REQUEST": False, "SESSION_ENGINE": "emulation.sessions", "DEBUG": False,
    }
    headers = probe["headers"]
    assert probe["status"] == 302
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
