"""Every request's time, kept by category (the "[read]"/"[save]"/... prefix of its name), for exact percentiles
per category; whether a report was rendering when it was made; the step it was made in (StepShape); counters
(409s, ballots cast and refused). Written as JSON to LOAD_SAMPLES when the run stops."""
import json
import math
import os
import re
import time
from pathlib import Path

from locust import events

RESULTS = Path(__file__).resolve().parent / "results"
PREFIX = re.compile(r"^\[(\w+)\]")
SAMPLES = []  # [category, name, ms, failed, stage, during_render, seconds since start]
COUNTERS = {}
STAGE = {"index": 0, "verdicts": []}
RENDERING = {"open": 0}
STARTED = time.time()


def read_manifest():
    return json.loads((RESULTS / "manifest.json").read_text())


def category(name):
    found = PREFIX.match(name)
    return found.group(1) if found else "other"


def record(name, ms, failed):
    SAMPLES.append([category(name), name, round(ms, 1), failed, STAGE["index"], RENDERING["open"] > 0,
                    round(time.time() - STARTED, 1)])


def count(key, n=1):
    COUNTERS[key] = COUNTERS.get(key, 0) + n


def event(name, ms, failed=False):
    """A measured span that is not one request (a report's request-to-file time): in Locust's stats too."""
    events.request.fire(request_type="SPAN", name=name, response_time=ms, response_length=0,
                        exception=RuntimeError("timed out") if failed else None, context={})


def rendering_started():
    RENDERING["open"] += 1


def rendering_finished():
    RENDERING["open"] -= 1


def percentile(values, percent):
    """Nearest-rank percentile (None for no values)."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def stage_p95(stage, wanted):
    return percentile([s[2] for s in SAMPLES if s[4] == stage and s[0] == wanted], 95)


def dump():
    target = os.environ.get("LOAD_SAMPLES")
    if not target:
        return
    Path(target).write_text(json.dumps({"samples": SAMPLES, "counters": COUNTERS, "stages": STAGE["verdicts"]}))
