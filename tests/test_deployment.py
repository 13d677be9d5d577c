"""The production set-up: docker-compose.yml, deploy/nginx.conf, the Dockerfile, docs/deploy.md and Django's
deployment checks."""
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
SERVICES = ("nginx", "postgres", "redis", "web", "worker", "beat")
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "compose-test-password",
    "DJANGO_SECRET_KEY": "compose-test-secret",
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "SIGNING_CERTIFICATE_KEY": "compose-test-signing-key",
}
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service):
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def _named_volumes(service):
    """Named volumes only: bind mounts start with a path or a ${VARIABLE:-path}."""
    return [v.split(":")[0] for v in service.get("volumes", []) if not v.startswith((".", "/", "~", "$"))]


def _mounts(service):
    """{container path: (source, options)} of every volume and bind mount (short syntax)."""
    mounts = {}
    for volume in service.get("volumes", []):
        match = re.fullmatch(r"(\$\{[^}]*\}|[^:]+):([^:]+)(?::([^:]+))?", volume)
        assert match, volume
        source, target, options = match.groups()
        mounts[target] = (source, options or "")
    return mounts


def _strip_comments(text):
    return re.sub(r"#[^\n]*", "", text)


def _blocks(text, keyword):
    """[(arguments, body)] of every `keyword arguments { body }` block, at any depth (braces balanced)."""
    text, found = _strip_comments(text), []
    for match in re.finditer(rf"(?<![\w$]){keyword}\b([^{{;]*)\{{", text):
        depth, start = 1, match.end()
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                found.append((match.group(1).strip(), text[start:index]))
                break
    return found


@pytest.fixture(scope="module")
def nginx_conf():
    return NGINX_CONF.read_text()


@pytest.mark.unit
def test_compose_defines_the_six_services_with_healthchecks(compose):
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
def test_compose_keeps_database_connections_open_between_requests(compose, monkeypatch):
    # With CONN_MAX_AGE 0 every request opens a PostgreSQL connection: on 2 vCPUs more CPU than many pages.
    from emulation.settings.base import database_from_env

    url = compose["services"]["web"]["environment"]["DATABASE_URL"].replace(
        "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}", "secret")
    monkeypatch.setenv("DATABASE_URL", url)
    config = database_from_env("sqlite://")
    assert (config["ENGINE"], config["HOST"], config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == \
        ("django.db.backends.postgresql", "postgres", 60, True)


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


@pytest.mark.unit
def test_compose_worker_can_scale(compose):
    """`docker-compose up --scale worker=N` needs replicas without a fixed name or host port."""
    for name in ("worker", "beat"):
        service = compose["services"][name]
        assert "container_name" not in service, name
        assert "ports" not in service, name
    # Each replica pings its own node in its healthcheck, not a fixed one.
    assert "celery@$$HOSTNAME" in " ".join(compose["services"]["worker"]["healthcheck"]["test"])


@pytest.mark.unit
def test_compose_publishes_only_nginx(compose):
    """gunicorn trusts X-Forwarded-For/Proto from its peer, so nothing but nginx may reach it from outside."""
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"nginx"}
    assert compose["services"]["web"]["expose"] == ["8000"]
    assert compose["services"]["web"]["environment"]["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-1}"


@pytest.mark.unit
def test_compose_nginx_mounts_its_config_certificates_and_static_files_read_only(compose):
    services = compose["services"]
    nginx = services["nginx"]
    assert re.fullmatch(r"nginx:[\w.-]+", nginx["image"]), "the official nginx image"
    mounts = _mounts(nginx)
    assert mounts["/etc/nginx/nginx.conf"] == ("./deploy/nginx.conf", "ro")
    assert mounts["/etc/nginx/certs"][1] == "ro"
    assert mounts["/srv/static"] == ("static", "ro")
    # web fills the same volume from the image's collected files on every start.
    assert _mounts(services["web"])["/srv/static"] == ("static", "")
    assert "cp -R /app/staticfiles/. /srv/static/" in _command(services["web"])
    assert nginx["depends_on"] == {"web": {"condition": "service_healthy"}}


@pytest.mark.unit
def test_compose_healthchecks_probe_readiness_on_web_and_liveness_through_nginx(compose):
    services = compose["services"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    nginx_probe = services["nginx"]["healthcheck"]["test"]
    assert nginx_probe[0] == "CMD" and "http://127.0.0.1/healthz" in nginx_probe


@pytest.mark.unit
def test_compose_media_is_not_mounted_in_nginx(compose):
    """Evidence, reports and signed PDFs leave MEDIA_ROOT only through Django's permission-checked views."""
    nginx = compose["services"]["nginx"]
    assert "media" not in _named_volumes(nginx)
    assert not any("media" in source for source, _ in _mounts(nginx).values())


@pytest.mark.unit
def test_nginx_proxies_to_web_with_forwarded_headers(nginx_conf):
    conf = _strip_comments(nginx_conf)
    assert re.search(r"set \$web_upstream http://web:8000;", conf)
    proxied = [(args, body) for args, body in _blocks(nginx_conf, "location") if "proxy_pass" in body]
    assert {args for args, _ in proxied} == {"= /healthz", "/"}
    for args, body in proxied:
        assert re.search(r"proxy_pass \$web_upstream;", body), args
        assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", body), args
        # The client's address, not a list it could prepend forged entries to (DJANGO_TRUSTED_PROXY_COUNT=1).
        assert re.search(r"proxy_set_header X-Forwarded-For \$remote_addr;", body), args


@pytest.mark.unit
def test_nginx_terminates_tls_with_the_mounted_certificate(nginx_conf):
    servers = _blocks(nginx_conf, "server")
    assert len(servers) == 2
    tls = [body for _, body in servers if re.search(r"listen 443 ssl\b", body)]
    assert len(tls) == 1
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in tls[0]
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem;" in tls[0]
    plain = [body for _, body in servers if re.search(r"listen 80\b", body)][0]
    assert "return 301 https://$host$request_uri;" in plain
    assert "/srv/static/" in tls[0] and "/srv/static/" not in plain


@pytest.mark.unit
def test_nginx_never_serves_media_publicly(nginx_conf):
    """No root/alias reaches MEDIA_ROOT; a /media/ location is internal (X-Accel-Redirect) or a 404."""
    conf = _strip_comments(nginx_conf)
    for directive in re.findall(r"\b(?:alias|root)\s+([^;]+);", conf):
        assert directive.strip() == "/srv/static/", directive
    assert "/app/media" not in conf
    for args, body in _blocks(nginx_conf, "location"):
        if "media" in args:
            assert re.search(r"^\s*internal;", body, re.MULTILINE) or re.search(r"return 404;", body), args


@pytest.mark.unit
def test_nginx_accepts_the_largest_upload_the_app_allows(nginx_conf, settings):
    from awards.domain.nominations import report_max_bytes
    from scoring.domain.evidence import max_evidence_bytes

    value, unit = re.search(r"client_max_body_size (\d+)([km]?);", nginx_conf).groups()
    limit = int(value) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    largest = max(settings.REPORT_UPLOAD_MAX_BYTES, report_max_bytes(), max_evidence_bytes())
    # Room for the multipart envelope, so a file just over a cap gets the app's message rather than nginx's 413.
    assert largest < limit <= largest + 2 * 1024 * 1024


@pytest.mark.unit
def test_docs_list_every_variable_the_compose_file_reads():
    docs = (ROOT / "docs" / "deploy.md").read_text()
    headings = re.findall(r"^## (.+)$", docs, re.MULTILINE)
    assert headings[-1] == "Backups"
    assert {"Sizing", "TLS termination", "Environment"} <= set(headings)
    environment = docs.split("## Environment", 1)[1].split("\n## ", 1)[0]
    variables = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    assert variables >= {"SIGNING_CERTIFICATE_KEY", "DJANGO_TRUSTED_PROXY_COUNT", "LOG_FORMAT"}
    missing = sorted(name for name in variables if f"`{name}`" not in environment)
    assert not missing, missing
