"""PostgreSQL restarted during a burst of saves: every acknowledged save is there, every refused one said so.

A 503 says whether the change was saved: NOT saved (its transaction was rolled back: nothing of it is
stored) or saved before the failure met the rest of the request (the totals read after the save, the session
save): then it is stored and audited like an acknowledged one, and the writer's next save of that cell is
told the version moved (a 409) and goes on from the stored one.

A private PostgreSQL cluster (never the suite's own server) holds a migrated database with one score sheet.
gunicorn serves the app on it with persistent connections (conn_max_age=60), so the restart really breaks
connections the workers hold. Four writers save distinct cells of the sheet, two through the API with a token
and two through the score grid's endpoint with a signed-in session, while the cluster is stopped (fast, as
`systemctl restart` does) for a couple of seconds and started again. Then the database is read directly.
"""
import json
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import requests

from tests.faults.cluster import AppServer, PrivateCluster, django_env, run_python

pytestmark = [pytest.mark.integration]

REFUSED_MESSAGE = ("Cơ sở dữ liệu tạm thời không truy cập được; thay đổi của bạn CHƯA được lưu. "
                   "Vui lòng thử lại sau ít phút.")
SAVED_MESSAGE = ("Cơ sở dữ liệu mất kết nối sau khi thay đổi của bạn ĐÃ được lưu, nên trang chưa hiển thị "
                 "được kết quả. Vui lòng tải lại trang sau ít phút để kiểm tra.")
DOWN_SECONDS = 2.0
WARM_UP_SAVES = 5  # per writer, before the stop and again after the start
BURST_DEADLINE = 45  # seconds for the whole burst
RECONNECT_GRACE = 0.5  # seconds after `pg_ctl start` returned; from then on every save must succeed
REQUEST_TIMEOUT = 15


@pytest.fixture
def cluster():
    cluster = PrivateCluster()
    if cluster.bin is None:
        # make test installs the postgresql package: without its server binaries this fault is untested.
        pytest.fail("no PostgreSQL server binaries in /usr/lib/postgresql: install the postgresql package")
    try:
        yield cluster.create()
    finally:
        cluster.destroy()  # even when the test failed half-way, with the cluster stopped or running


@pytest.fixture
def app(cluster, tmp_path):
    cluster.create_database("emulation")
    env = django_env(cluster.url("emulation"), DJANGO_MEDIA_ROOT=str(tmp_path / "media"))
    run_python(["manage.py", "migrate", "--no-input", "-v", "0"], env=env)
    run_python(["-m", "tests.faults.seed", str(tmp_path / "seed.json")], env=env)
    seeded = json.loads((tmp_path / "seed.json").read_text())
    server = AppServer(env={**env, "DATABASE_URL": cluster.url("emulation", conn_max_age=60)},
                       log_path=tmp_path / "gunicorn.log")
    try:
        server.start()
        yield SimpleNamespace(server=server, cluster=cluster, sheet=seeded["sheet"], token=seeded["token"],
                              username=seeded["username"], password=seeded["password"],
                              criteria={int(pk): code for pk, code in seeded["criteria"].items()})
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------ the writers

@dataclass
class Attempt:
    writer: str
    criterion: int
    points: int
    comment: str
    version: int  # the version the save was based on
    started: float
    finished: float = 0.0
    status: int | None = None  # None: no HTTP answer at all
    saved_version: int | None = None
    detail: str = ""
    retry_after: str | None = None
    saved: bool | None = None  # a 503's "saved"

    @property
    def stored(self):
        """Acknowledged, or answered 503 saying it was saved."""
        return self.status == 200 or (self.status == 503 and self.saved is True)


@dataclass
class Writer:
    name: str
    cells: list
    save: object  # save(session, criterion, points, comment, version) -> requests.Response
    session: requests.Session
    attempts: list = field(default_factory=list)
    versions: dict = field(default_factory=dict)


def api_writer(app, name, cells):
    session = requests.Session()
    session.headers["Authorization"] = f"Token {app.token}"

    def save(session, criterion, points, comment, version):
        return session.put(f"{app.server.url}/api/v1/sheets/{app.sheet}/cells/{criterion}/",
                           json={"points": points, "comment": comment, "version": version}, timeout=REQUEST_TIMEOUT)

    return Writer(name, cells, save, session)


def grid_writer(app, name, cells):
    """The score grid's own requests: a session from the login page, CSRF header, JSON answers."""
    session = requests.Session()
    session.get(f"{app.server.url}/accounts/login/", timeout=REQUEST_TIMEOUT)
    response = session.post(f"{app.server.url}/accounts/login/", timeout=REQUEST_TIMEOUT, allow_redirects=False,
                            data={"username": app.username, "password": app.password,
                                  "csrfmiddlewaretoken": session.cookies["csrftoken"]})
    assert response.status_code == 302, response.text[:2000]

    def save(session, criterion, points, comment, version):
        return session.post(f"{app.server.url}/scoring/sheets/{app.sheet}/cells/{criterion}/",
                            data={"points": str(points), "comment": comment, "version": str(version)},
                            headers={"X-CSRFToken": session.cookies["csrftoken"], "Accept": "application/json",
                                     "X-Requested-With": "XMLHttpRequest"}, timeout=REQUEST_TIMEOUT)

    return Writer(name, cells, save, session)


def _saved_version(body):
    return (body.get("entry") or body)["version"]


def save_once(writer, criterion, sequence):
    points = sequence % 10  # below the maximum (10): a comment is required, and each one is unique
    attempt = Attempt(writer.name, criterion, points, f"{writer.name} lần {sequence}",
                      writer.versions.get(criterion, 0), started=time.monotonic())
    writer.attempts.append(attempt)
    try:
        response = writer.save(writer.session, criterion, points, attempt.comment, attempt.version)
    except requests.RequestException as exc:
        attempt.finished, attempt.detail = time.monotonic(), repr(exc)
        return attempt
    attempt.finished, attempt.status = time.monotonic(), response.status_code
    attempt.retry_after = response.headers.get("Retry-After")
    try:
        body = response.json()
    except ValueError:
        attempt.detail = response.text[:300]
        return attempt
    attempt.detail = body.get("detail", "") if isinstance(body, dict) else ""
    attempt.saved = body.get("saved") if isinstance(body, dict) else None
    if response.status_code == 200:
        attempt.saved_version = writer.versions[criterion] = _saved_version(body)
    elif response.status_code == 409:  # the stored version moved: after a 503 that said it saved
        writer.versions[criterion] = body["current"]["version"]
    return attempt


def write_until(writer, stop):
    while not stop.is_set():
        sequence = len(writer.attempts)  # goes on from an earlier burst: every comment stays unique
        attempt = save_once(writer, writer.cells[sequence % len(writer.cells)], sequence)
        if attempt.status != 200:
            time.sleep(0.02)  # refused: try again soon, as a user would, without spinning


def acknowledged(writer, after=0.0):
    return sum(1 for a in writer.attempts if a.status == 200 and a.started >= after)


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


# ------------------------------------------------------------------------------------------ reading back

def stored_state(app):
    with closing(app.cluster.connect("emulation")) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT criterion_id, points, comment, version FROM scoring_scoreentry WHERE sheet_id = %s",
                       [app.sheet])
        cells = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute("SELECT new_value FROM audit_auditevent WHERE event_type = 'score.saved'")
        events = [row[0] for row in cursor.fetchall()]
    return cells, events


def _summary(attempts):
    return dict(Counter(a.status for a in attempts))


def app_connections(app):
    """Connections the gunicorn workers keep open to the database (conn_max_age)."""
    with closing(app.cluster.connect()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'emulation' AND backend_type = "
                       "'client backend'")
        return cursor.fetchone()[0]


def burst(writers, fault):
    """Every writer saves in its own thread; `fault()` runs once each has WARM_UP_SAVES acknowledged, and the
    burst goes on until each has as many again after it. Returns (fault started, fault ended)."""
    stop = threading.Event()
    threads = [threading.Thread(target=write_until, args=(w, stop), daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    try:
        assert wait_until(lambda: all(acknowledged(w) >= WARM_UP_SAVES for w in writers), 20), \
            [_summary(w.attempts) for w in writers]
        began = time.monotonic()
        fault()
        ended = time.monotonic()
        assert wait_until(lambda: all(acknowledged(w, after=ended) >= WARM_UP_SAVES for w in writers),
                          BURST_DEADLINE), [_summary(w.attempts) for w in writers]
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
    return began, ended


def restart_with_a_pause(cluster):
    cluster.stop("fast")  # what `systemctl restart` does; the pause makes the outage long enough to be met
    time.sleep(DOWN_SECONDS)
    cluster.start()


def test_postgres_restarts_lose_no_acknowledged_save_and_store_no_refused_one(app):
    cells = list(app.criteria)
    writers = [api_writer(app, "api-1", cells[0:5]), api_writer(app, "api-2", cells[5:10]),
               grid_writer(app, "grid-1", cells[10:15]), grid_writer(app, "grid-2", cells[15:20])]
    down, up = burst(writers, lambda: restart_with_a_pause(app.cluster))
    attempts = [a for w in writers for a in w.attempts]
    log = app.server.output()

    # Every answer is an acknowledgement or a clear refusal: no 500, no dropped connection, no other status.
    odd = [a for a in attempts if a.status not in (200, 409, 503)]
    assert not odd, f"{len(odd)} of {len(attempts)} saves got neither 200, 409 nor 503: {odd[:5]}\n{log}"
    refused = [a for a in attempts if a.status == 503]
    expected = {False: REFUSED_MESSAGE, True: SAVED_MESSAGE}
    assert all(a.detail == expected.get(a.saved) and a.retry_after for a in refused), \
        [a for a in refused if a.detail != expected.get(a.saved) or not a.retry_after][:5]
    # The window was real, and both ways of saving met it; once the cluster was back, nothing more was refused.
    assert {a.writer.split("-")[0] for a in refused if down <= a.started <= up} == {"api", "grid"}, \
        _summary(attempts)
    late = [a for a in refused if a.started > up + RECONNECT_GRACE]
    assert not late, f"refused after the database was back: {late[:5]}\n{log}"

    # A restart between two requests breaks the connections the idle workers keep: the next request must
    # notice (CONN_HEALTH_CHECKS) and reconnect, not fail.
    assert app_connections(app) >= 2, "the workers keep no connection: conn_max_age is not in effect"
    quiet = time.monotonic()
    app.cluster.stop("fast")
    app.cluster.start()
    burst(writers, fault=lambda: None)
    attempts = [a for w in writers for a in w.attempts]
    after_quiet = [a for a in attempts if a.started > quiet]
    assert all(a.status == 200 for a in after_quiet), f"failed after a restart no request saw: " \
        f"{[a for a in after_quiet if a.status != 200][:5]}\n{app.server.output()}"

    final = save_once(writers[0], cells[0], 10_000)
    assert final.status == 200, final
    attempts.append(final)
    check_stored(app, attempts)
    print(f"\n{sum(a.status == 200 for a in attempts)} saves acknowledged, {len(refused)} answered 503 while "
          f"PostgreSQL was down ({DOWN_SECONDS:.0f} s), {sum(a.saved is True for a in refused)} of them saved; "
          f"{_summary(attempts)}")


def check_stored(app, attempts):
    """Read the private cluster directly: each save acknowledged, or answered 503 saying it was saved, is stored
    and audited; no save answered 503 saying it was not saved is."""
    cells_stored, events = stored_state(app)
    audited = {(e["sheet"], e["comment"]): e for e in events}
    stored = [a for a in attempts if a.stored]
    refused_comments = {a.comment for a in attempts if a.status == 503 and not a.stored}
    for a in stored:
        event = audited.get((app.sheet, a.comment))
        assert event is not None, f"stored by its answer but not in the audit trail: {a}"
        assert (event["criterion"], float(event["points"])) == (app.criteria[a.criterion], a.points), (event, a)
        assert a.status != 200 or event["version"] == a.saved_version, (event, a)
    stored_refusals = refused_comments & {comment for sheet, comment in audited if sheet == app.sheet}
    assert not stored_refusals, f"answered 503 NOT saved, but saved: {sorted(stored_refusals)[:5]}"
    assert not refused_comments & {row[1] for row in cells_stored.values()}
    assert sum(e["sheet"] == app.sheet for e in events) == len(stored), "saves that nobody was told about"
    # Each cell holds its last stored save (a writer saves its own cells one at a time).
    version = {a.comment: audited[(app.sheet, a.comment)]["version"] for a in stored}
    last = {a.criterion: a for a in sorted(stored, key=lambda a: version[a.comment])}
    for criterion, a in last.items():
        points, comment, stored_version = cells_stored[criterion]
        assert (float(points), comment, stored_version) == (a.points, a.comment, version[a.comment])
    # A 409 only follows a 503 that said the save went through: the version moved under the writer.
    moved = set()  # (writer, criterion) whose version moved by a 503 that said it saved
    for a in sorted(attempts, key=lambda a: a.started):
        key = (a.writer, a.criterion)
        if a.status == 409:
            assert key in moved, f"a 409 with no saved 503 before it: a 503 said NOT saved but was stored: {a}"
        if a.status == 503 and a.saved is True:
            moved.add(key)
        elif a.status in (200, 409):
            moved.discard(key)
