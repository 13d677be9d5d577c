"""A year-end week on the generated province (load/prepare.py), for scripts/load.sh (make load).

Users, by weight: the secretariat and officers of the scoring bloc open score sheets and save cells one by one
with the version they read (a 409 — someone else saved the cell meanwhile — takes the stored version the 409
carries and retries once); members' staff open their ballot and vote once (a later attempt is refused, which
is expected and counted apart); the Board browses its dashboard; leaders request year-end reports of their
bloc and poll the report page (htmx, every 2 s) until the file is made. OkUser only asks /load/ok/, the
framework's ceiling.

Every request's name starts with its category — [read], [save], [report], [login], [ok] — and each sample is
kept (load/samples.py) so that scripts/load.sh computes exact percentiles per category. LOAD_STEPS=150,200,...
turns on StepShape: LOAD_STEP_SECONDS per step, stopping after the first step whose read p95 passes
LOAD_STEP_LIMIT_MS.
"""
import itertools
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, LoadTestShape, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
import samples  # noqa: E402  (load/samples.py, beside this file)

MANIFEST = samples.read_manifest()
PASSWORD = MANIFEST["password"]
WAIT = between(float(os.environ.get("LOAD_WAIT_MIN", "2")), float(os.environ.get("LOAD_WAIT_MAX", "8")))
CELL_PAUSE = (0.5, 2.0)  # seconds between two cells typed on the same sheet
POLL_SECONDS = 2
REPORT_TIMEOUT = float(os.environ.get("LOAD_REPORT_TIMEOUT", "240"))

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GRID_ROW = re.compile(r'<tr class="grid-row[^>]*?data-criterion="(\d+)"[^>]*?data-version="(\d+)"', re.S)
CHOICE = re.compile(r'name="choices" value="(\d+)"')
REPORT_URL = re.compile(r"/reports/[0-9a-f-]{36}/$")
RECEIPT = 'data-testid="receipt-code"'
# The refusal of a second ballot: the domain's message, or the page saying the department has voted.
ALREADY_VOTED = ("đã bỏ phiếu trong vòng này", "Đơn vị của bạn đã bỏ phiếu")

_voters = itertools.cycle([(bloc["round"], name) for bloc in MANIFEST["voting"] for name in bloc["voters"]])
_first_pass = {"left": sum(len(bloc["voters"]) for bloc in MANIFEST["voting"])}
_editors = itertools.cycle(MANIFEST["editors"])
_leaders = itertools.cycle(MANIFEST["leaders"])
_board = itertools.cycle(MANIFEST["board"])
LEAVES = {leaf["id"]: leaf for leaf in MANIFEST["leaves"]}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    samples.record(name, response_time, exception is not None)


@events.test_stop.add_listener
def _dump(environment, **_kwargs):
    samples.dump()


class AppUser(FastHttpUser):
    abstract = True
    wait_time = WAIT
    username = None

    def login(self):
        page = self.client.get("/accounts/login/", name="[login] page")
        token = _csrf(page.text)
        with self.client.post("/accounts/login/", data=_form(csrfmiddlewaretoken=token, username=self.username,
                                                             password=PASSWORD),
                              headers=_FORM, allow_redirects=False,
                              name="[login] post", catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} answered {response.status_code}")
            else:
                response.success()

    def csrf_cookie(self):
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def get_page(self, url, name, **kwargs):
        # No redirect is followed: a page answering with the login page (a lost session) is a failure.
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"GET {url} answered {response.status_code}")
            else:
                response.success()
            return response


class SheetEditor(AppUser):
    """Secretariat and officers of the scoring bloc: open a sheet, save a few cells, look who else is on it."""

    weight = 45

    def on_start(self):
        account = next(_editors)
        self.username, self.sheets = account["username"], account["sheets"]
        self.login()

    @task
    def fill_cells(self):
        sheet = random.choice(self.sheets)
        page = self.get_page(f"/scoring/sheets/{sheet}/", "[read] score sheet")
        versions = {int(c): int(v) for c, v in GRID_ROW.findall(page.text or "")}
        editable = [c for c in versions if c in LEAVES]
        if not editable:
            return
        for criterion in random.sample(editable, k=min(len(editable), random.randint(2, 5))):
            time.sleep(random.uniform(*CELL_PAUSE))
            versions[criterion] = self.save_cell(sheet, criterion, versions[criterion])
        if random.random() < 0.5:
            self.get_page(f"/scoring/sheets/{sheet}/presence/", "[read] sheet presence")

    def save_cell(self, sheet, criterion, version, *, retry=False):
        leaf = LEAVES[criterion]
        full = random.random() < 0.7
        body = {"points": leaf["max"] if full else "1.5", "comment": "" if full else "Thiếu minh chứng (tải)",
                "version": version}
        headers = {"X-CSRFToken": self.csrf_cookie(), "Referer": f"{self.host}/scoring/sheets/{sheet}/",
                   "Content-Type": "application/json"}
        name = "[save] cell (retry after 409)" if retry else "[save] cell"
        with self.client.post(f"/scoring/sheets/{sheet}/cells/{criterion}/", json=body, headers=headers,
                              name=name, catch_response=True) as response:
            if response.status_code == 200:
                response.success()
                if retry:
                    samples.count("conflicts_resolved")
                return response.json()["entry"]["version"]
            if response.status_code == 409 and not retry:
                response.success()  # handled: the 409 carries the stored cell; the retry decides
                samples.count("conflicts_409")
                current = response.json()["current"]["version"]
            else:
                response.failure(f"cell save answered {response.status_code}: {(response.text or '')[:200]}")
                return version
        return self.save_cell(sheet, criterion, current, retry=True)


class Voter(AppUser):
    """A member's staff: opens the ballot, votes once; later looks at the round, or tries again (refused)."""

    weight = 25

    def on_start(self):
        self.round, self.username = next(_voters)
        self.fresh = _first_pass["left"] > 0  # accounts handed out a second time have voted already
        _first_pass["left"] -= 1
        self.voted, self.choices = False, []
        self.login()

    @task
    def vote(self):
        if self.voted and random.random() < 0.7:
            self.get_page(f"/voting/rounds/{self.round}/", "[read] ballot round")
            return
        page = self.get_page(f"/voting/rounds/{self.round}/vote/", "[read] ballot page")
        text = page.text or ""
        self.choices = CHOICE.findall(text) or self.choices
        if not self.choices:
            return
        picks = random.sample(self.choices, k=random.randint(1, 2))
        time.sleep(random.uniform(1, 3))
        with self.client.post(f"/voting/rounds/{self.round}/vote/",
                              data=_form(csrfmiddlewaretoken=_csrf(text) or self.csrf_cookie(), choices=picks),
                              headers=_FORM,
                              name="[save] ballot", catch_response=True) as response:
            body = response.text or ""
            if response.status_code == 200 and RECEIPT in body:
                response.success()
                samples.count("ballots_cast")
            elif response.status_code == 200 and any(text in body for text in ALREADY_VOTED):
                response.success()  # one ballot per member: the refusal is the expected answer
                samples.count("ballots_refused_expected")
            else:
                response.failure(f"ballot answered {response.status_code}: {body[:200]}")
        self.voted = True


class BoardMember(AppUser):
    """The Board of the province: its dashboard, filtered now and then, and the home page."""

    weight = 15

    def on_start(self):
        self.username = next(_board)
        self.login()

    @task(4)
    def dashboard(self):
        self.get_page("/awards/board/", "[read] board dashboard")

    @task(2)
    def dashboard_filtered(self):
        year = random.choice([2022, 2023, 2024, 2025, 2026])
        self.get_page(f"/awards/board/?year={year}&status=submitted&overdue=on", "[read] board dashboard filtered")

    @task(1)
    def home(self):
        self.get_page("/", "[read] home")


class Leader(AppUser):
    """A member's leader: the bloc's documents page, a year-end report requested, the report page polled."""

    weight = 15

    def on_start(self):
        account = next(_leaders)
        self.username, self.bloc_years = account["username"], account["bloc_years"]
        self.login()

    @task
    def year_end_report(self):
        bloc_year = random.choice(self.bloc_years)
        page = self.get_page(f"/reports/bloc-years/{bloc_year}/", "[read] bloc documents")
        token = _csrf(page.text or "") or self.csrf_cookie()
        started = time.perf_counter()
        with self.client.post(f"/reports/bloc-years/{bloc_year}/year_end/request/",
                              data=_form(csrfmiddlewaretoken=token), headers=_FORM,
                              allow_redirects=False, name="[report] request", catch_response=True) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not REPORT_URL.search(location):
                response.failure(f"report request answered {response.status_code} → {location!r}")
                return
            response.success()
        url = location if location.startswith("/") else "/" + location.split("/", 3)[3]
        samples.rendering_started()
        try:
            outcome = self.poll(url, started)
        finally:
            samples.rendering_finished()
        if outcome in ("done", "reused"):
            samples.count(f"reports_{outcome}")
            if outcome == "done":  # a new file: the time from the request until the page says it is made
                samples.event("[render] year-end report, request to file", (time.perf_counter() - started) * 1000)
            self.get_page(url, "[report] report page")

    def poll(self, url, started):
        """"done" when the report is made while polling; "reused" when the first poll finds it made (nothing
        changed since the same report was made: the application hands back that one)."""
        first = True
        while time.perf_counter() - started < REPORT_TIMEOUT:
            with self.client.get(url, headers={"HX-Request": "true"}, name="[report] poll",
                                 catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"poll answered {response.status_code}")
                    return "error"
                if response.headers.get("HX-Refresh") == "true":
                    if "text-bg-danger" in (response.text or ""):
                        response.failure("the report failed to render")
                        return "failed"
                    response.success()
                    return "reused" if first else "done"
                response.success()
            first = False
            time.sleep(POLL_SECONDS)
        samples.event("[render] year-end report, request to file", (time.perf_counter() - started) * 1000,
                      failed=True)
        return "timeout"


class OkUser(FastHttpUser):
    """The framework's ceiling: a view answering "ok" through the whole middleware stack."""

    wait_time = WAIT if os.environ.get("LOAD_OK_WAIT", "1") == "1" else between(0, 0)

    @task
    def ok(self):
        self.client.get("/load/ok/", name="[ok] ok view")


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _form(**fields):
    """A form body; a list value is sent as repeated fields (as a browser sends checkboxes)."""
    return urlencode(fields, doseq=True)


def _csrf(text):
    found = CSRF_INPUT.search(text or "")
    return found.group(1) if found else ""


if os.environ.get("LOAD_STEPS"):
    class StepShape(LoadTestShape):
        """LOAD_STEPS users, LOAD_STEP_SECONDS each; stops after the first step whose read p95 passes the limit."""

        steps = [int(n) for n in os.environ["LOAD_STEPS"].split(",")]
        seconds = float(os.environ.get("LOAD_STEP_SECONDS", "60"))
        limit = float(os.environ.get("LOAD_STEP_LIMIT_MS", "2000"))

        def tick(self):
            index = int(self.get_run_time() // self.seconds)
            if index > samples.STAGE["index"]:  # a step ended: judge it
                p95 = samples.stage_p95(samples.STAGE["index"], "read")
                samples.STAGE["verdicts"].append({"users": self.steps[samples.STAGE["index"]], "read_p95": p95})
                if (p95 is not None and p95 > self.limit) or index >= len(self.steps):
                    return None
                samples.STAGE["index"] = index
            users = self.steps[index]
            return users, max(10, users // 10)
