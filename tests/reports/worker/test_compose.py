"""docker-compose.yml runs the report workers as a scalable service and exactly one beat for the redispatch."""
from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_the_worker_scales(services):
    worker = services["worker"]
    # `--scale worker=N` needs replicas that do not claim one name or one host port.
    assert "container_name" not in worker and "ports" not in worker
    assert " ".join(worker["command"]).startswith("celery -A emulation worker")
    grace = int(worker["stop_grace_period"].removesuffix("s"))
    assert grace > settings.CELERY_TASK_TIME_LIMIT  # a warm shutdown lets renderings under way finish


def test_one_beat_sends_the_redispatch_schedule(services):
    beat = services["beat"]
    assert " ".join(beat["command"]).startswith("celery -A emulation beat")
    assert beat["user"] not in ("root", "0", 0)
    assert beat["environment"] == services["worker"]["environment"]
    assert beat["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert beat["healthcheck"]["test"]
    assert settings.CELERY_BEAT_SCHEDULE["reports-redispatch-waiting"] == {
        "task": "reports.redispatch_waiting", "schedule": 60.0}
