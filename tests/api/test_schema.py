"""The OpenAPI schema generates without warnings and validates; the docs page needs no inline script."""
import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.integration


def test_schema_generates_and_validates(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/auth/token/", "/api/v1/bloc-years/{id}/members/", "/api/v1/bloc-years/{id}/phase/",
            "/api/v1/memberships/{id}/", "/api/v1/users/me/"} <= set(schema["paths"])


def test_schema_is_served(client):
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    assert b"/api/v1/bloc-years/" in response.content


def test_swagger_ui_loads_its_script_from_a_url(client):
    page = client.get(reverse("swagger-ui"))
    html = page.content.decode()
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attrs for attrs in scripts)
    assert "cdn" not in html.lower()
    script = client.get(reverse("swagger-ui") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
