"""Real Celery workers for the tests of this folder: `celery -A emulation worker -P prefork -c 1` in a
subprocess, with the test settings switched out of eager mode (CELERY_EAGER=0), connected to the same Redis
and to the test database of the running test (so the tests are transactional: what they write is committed
and the worker sees it). The test process publishes to the same broker (`broker` fixture). Every worker a
test started is stopped at its end, before the database is flushed.
"""
import pytest
from django.conf import settings
from django.test import override_settings

from tests.reports.worker.processes import RedisServer, Worker, empty_queue, free_port, publishing_to


@pytest.fixture
def media_root(tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=str(root)):
        yield root


@pytest.fixture
def broker(transactional_db):
    """The Redis of the suite (REDIS_URL), emptied of earlier jobs; this process publishes to it."""
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    empty_queue(url)
    with publishing_to(url):
        yield url
    empty_queue(url)


@pytest.fixture
def start_worker(transactional_db, media_root, tmp_path):
    """`start_worker(broker_url, **env)` starts a worker and waits until it takes jobs. Each is stopped at the
    end of the test (before the database flush, since this fixture needs `transactional_db`)."""
    workers = []

    def start(broker_url, **env):
        worker = Worker(broker_url=broker_url, media_root=media_root, log_path=tmp_path / "worker.log", env=env)
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()
