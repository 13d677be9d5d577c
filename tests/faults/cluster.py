"""Processes the fault tests start: a throw-away PostgreSQL cluster that a test may stop and start at will
(the suite's own server on 127.0.0.1:5432 is never touched), and the app under gunicorn connected to it."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import psycopg2

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 60  # seconds; gunicorn workers import the whole project, slow on a busy 2-core machine


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin():
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


class PrivateCluster:
    """initdb in a temporary directory, trust authentication, listening on 127.0.0.1 on a free port only."""

    def __init__(self):
        self.bin = _postgres_bin()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="emulation-faults-pg-"))
        self.data, self.log = self.directory / "data", self.directory / "postgres.log"
        self.running = False

    def _run(self, program, *args):
        # initdb refuses to run as root: the cluster belongs to the postgres account, as Debian's does.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run([*prefix, str(self.bin / program), *args], cwd="/", capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            raise AssertionError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}\n"
                                 f"{self.log_tail()}")
        return result

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        return self.start()

    def start(self):
        # fsync off only spares the disk: a stop, fast or immediate, still keeps every acknowledged commit.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        self.running = True
        return self

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        self.running = False

    def destroy(self):
        try:
            if self.running or (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, database, **query):
        params = "&".join(f"{key}={value}" for key, value in query.items())
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}" + (f"?{params}" if params else "")

    def connect(self, database="postgres"):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                                      connect_timeout=5)
        connection.autocommit = True
        return connection

    def create_database(self, name):
        with closing(self.connect()) as connection, connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')

    def log_tail(self, size=3000):
        try:
            return self.log.read_text(errors="replace")[-size:]
        except OSError:
            return ""


def django_env(database_url, **extra):
    """The environment of a manage.py or gunicorn subprocess running the test settings on `database_url`."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "emulation.settings.test", "DATABASE_URL": database_url,
            "REDIS_URL": "", "DJANGO_ALLOW_ASYNC_UNSAFE": "true", "PYTHONUNBUFFERED": "1", **extra}


def run_python(args, *, env, timeout=180):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"python {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


class AppServer:
    """`gunicorn emulation.wsgi` with a few sync workers, its output in `log_path`."""

    def __init__(self, *, env, log_path, workers=3):
        self.env, self.log_path, self.workers = env, log_path, workers
        self.port, self.process = free_port(), None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 — closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "emulation.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not come up:\n{self.output()}")
            time.sleep(0.2)
        return self

    def _healthy(self):
        try:
            with urlopen(f"{self.url}/healthz", timeout=2) as response:
                return response.status == 200
        except (URLError, OSError):
            return False

    def output(self, size=5000):
        return self.log_path.read_text(errors="replace")[-size:]

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()
