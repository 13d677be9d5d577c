"""/healthz and /readyz: answered to a probe from inside the container (any host, plain HTTP, no login), and
/readyz says 503 with the failing part when the database, Redis or the storage cannot be reached."""
import pytest

from emulation.health import HealthCheckMiddleware

pytestmark = pytest.mark.integration

PROBE = {"HTTP_HOST": "127.0.0.1:8000"}


def test_healthz_answers_without_login_host_or_https(client, settings):
    settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["example.org"], True
    response = client.get("/healthz", **PROBE)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_checks_database_redis_and_storage(client, db, settings, tmp_path):
    settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["example.org"], True
    settings.MEDIA_ROOT = tmp_path
    assert settings.REDIS_URL  # make test runs Redis: the check talks to it for real
    response = client.get("/readyz", **PROBE)
    body = response.json()
    assert response.status_code == 200, body
    assert (body["status"], body["database"], body["redis"], body["storage"]) == ("ok", "ok", "ok", "ok")
    assert list(tmp_path.rglob("*.txt")) == []  # the probe file is removed


def test_readyz_is_unavailable_when_redis_is_not_there(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable" and body["redis"].startswith("error:") and body["database"] == "ok"


def test_readyz_is_unavailable_when_the_storage_cannot_be_written(client, db, settings, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocked  # Django's setting_changed receiver points the default storage there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error:")


@pytest.mark.parametrize("path", ["/healthz/", "/healthz/other", "/readyz.json", "/"])
def test_other_paths_go_on_to_the_application(rf, path):
    passed = object()
    assert HealthCheckMiddleware(lambda request: passed)(rf.get(path)) is passed
