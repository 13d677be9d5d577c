"""Processes the worker tests and the rendering benchmark start: a real `celery worker` on the current
database (the test database in a test, the benchmark's in a benchmark), a throw-away redis-server, and the
switch that makes this process publish to a broker instead of running tasks in-process."""
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import redis
from django.conf import settings
from django.db import connection

from emulation.celery import app

READY_TIMEOUT = 60  # seconds; a worker on a busy 2-core machine starts in 3–10 s
# Keys of the kombu Redis transport: the default queue, the reserved-but-unacknowledged jobs and their index.
QUEUE_KEYS = ("celery", "unacked", "unacked_index", "unacked_mutex")


class Worker:
    """One `celery worker` process (the parent) and its pool child."""

    def __init__(self, *, broker_url, media_root, log_path, env=None, concurrency=1):
        self.broker_url, self.media_root, self.log_path = broker_url, media_root, log_path
        self.extra_env = {key: str(value) for key, value in (env or {}).items()}
        self.concurrency, self.process = concurrency, None

    def start(self):
        db = connection.settings_dict
        database_url = (f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or '127.0.0.1'}:"
                        f"{db['PORT'] or 5432}/{db['NAME']}")  # this process's database (test_… in a test)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emulation.settings.test", "CELERY_EAGER": "0",
               "DATABASE_URL": database_url, "REDIS_URL": self.broker_url, "DJANGO_MEDIA_ROOT": str(self.media_root),
               "DJANGO_ALLOW_ASYNC_UNSAFE": "true", "PYTHONUNBUFFERED": "1", **self.extra_env}
        self.log = open(self.log_path, "ab")  # noqa: SIM115 — closed by stop()
        self.offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "emulation", "worker", "-l", "info", "-P", "prefork", "-c", str(self.concurrency),
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{uuid.uuid4().hex[:8]}@%h"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_for_log(" ready.", timeout=READY_TIMEOUT)
        return self

    def output(self):
        return self.log_path.read_text(errors="replace")[self.offset:]

    def wait_for_log(self, text, *, timeout):
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited ({self.process.returncode}):\n{self.output()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} from the worker in {timeout} s:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def pool_children(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_pool_child(self):
        """SIGKILL the process rendering (the only child: concurrency 1); the parent starts a new one."""
        children = self.pool_children()
        assert len(children) == 1, children
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def kill(self):
        """SIGKILL the whole worker (parent and child): nothing answers the broker for the job it held."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown: the running job finishes first
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def _reset_producer_pools():
    """Close and forget the connections made for the previous broker URL (as Celery does after a fork)."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def publishing_to(broker_url):
    """This process sends its jobs to `broker_url` instead of running them in-process."""
    conf = app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, broker_url
    _reset_producer_pools()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url = saved
        _reset_producer_pools()


def empty_queue(broker_url):
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=2)
    client.delete(*QUEUE_KEYS)
    client.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throw-away redis-server on its own port, which a test stops and starts again."""

    def __init__(self, port, directory):
        self.port, self.directory, self.process = port, directory, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def wait_for(predicate, *, timeout, message):
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.1)
    return result
