"""The production set-up: docker-compose.yml, the Dockerfile, and Django's deployment checks."""
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("postgres", "redis", "web", "worker")
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "compose-test-password",
    "DJANGO_SECRET_KEY": "compose-test-secret",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service):
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def _named_volumes(service):
    return [v.split(":")[0] for v in service.get("volumes", []) if not v.startswith((".", "/", "~"))]


@pytest.mark.unit
def test_compose_defines_the_four_services_with_healthchecks(compose):
    assert set(SERVICES) <= set(compose["services"])
    for name in SERVICES:
        assert compose["services"][name]["healthcheck"]["test"], name


@pytest.mark.unit
def test_compose_keeps_data_in_named_volumes(compose):
    services, declared = compose["services"], set(compose["volumes"])
    assert _named_volumes(services["postgres"]) == ["postgres_data"]
    assert _named_volumes(services["redis"]) == ["redis_data"]
    for name in SERVICES:
        assert set(_named_volumes(services[name])) <= declared, name


@pytest.mark.unit
def test_compose_web_runs_gunicorn_after_its_dependencies_are_healthy(compose):
    web = compose["services"]["web"]
    assert re.search(r"\bgunicorn emulation\.wsgi\b", _command(web))
    assert "2 * $$(nproc) + 1" in _command(web)
    assert web["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "emulation.settings.production"
    for variable in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert web["environment"][variable], variable


@pytest.mark.unit
def test_compose_worker_runs_celery_as_a_non_root_user(compose):
    worker = compose["services"]["worker"]
    assert _command(worker).startswith("celery -A emulation worker")
    assert worker["user"] not in ("root", "0", 0)
    assert worker["depends_on"]["redis"] == {"condition": "service_healthy"}


@pytest.mark.unit
def test_compose_redis_appends_to_its_log(compose):
    redis = compose["services"]["redis"]
    assert redis["image"] == "redis:7"
    assert "--appendonly yes" in _command(redis)
    assert compose["services"]["postgres"]["image"] == "postgres:15"


@pytest.mark.unit
def test_dockerfile_builds_a_non_root_image_with_fonts_and_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "fonts-liberation2", "fonts-noto-core"):
        assert package in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")


@pytest.mark.integration
def test_compose_file_is_valid_for_docker_compose():
    binary = shutil.which("docker-compose")
    # `make test` installs docker-compose: without it the compose file is unchecked, which is a failure.
    assert binary is not None, "docker-compose is not installed; `make test` installs it"
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "-q"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **COMPOSE_ENV}, timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.integration
def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="emulation.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60)[:60],
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
