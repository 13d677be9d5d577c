"""Scoring: the score sheet page, one cell save (the domain service and the grid's JSON endpoint), the
presence poll and the ranking computation, on a bloc of 15 members x 60 criteria (rows "[15x12]") and of
3 members x 10 criteria (rows "[2x3]"); see bench/generate_scoring.py. Targets (issue 3): sheet page
p95 <= 150 ms, cell save p95 <= 30 ms, ranking <= 100 ms.
"""
import time
from decimal import Decimal
from itertools import cycle

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.generate_scoring import scoring_world
from bench.registry import Measurement, case
from bench.timing import BadResponse, measure_get
from scoring.domain.ranking import compute_ranking
from scoring.domain.sheets import save_score
from scoring.models import ScoreEntry

# Each save must change the cell (an unchanged value is not written): alternate full and deducted points.
VALUES = ((Decimal("2"), ""), (Decimal("1.5"), "Thiếu hồ sơ minh chứng"), (Decimal("1"), "Chưa đạt chỉ tiêu"))


def measure_calls(func, options):
    """Call `func()` after warming up; time `options.repeat` calls (ms), then count one call's queries."""
    for _ in range(options.warmup):
        func()
    samples = []
    for _ in range(options.repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        func()
    return Measurement(samples=samples, queries=len(captured.captured_queries))


def _cell_version(data):
    entry = ScoreEntry.objects.filter(sheet=data.sheet, criterion=data.leaf).first()
    return entry.version if entry else 0


@case("scoring.sheet_page", target=150.0)
def sheet_page(world, options):
    data = scoring_world(world)
    return measure_get(user=data.officer, url=reverse("scoring:sheet", args=[data.sheet.pk]), options=options)


@case("scoring.cell_save.service", target=30.0)
def cell_save_service(world, options):
    data = scoring_world(world)
    state = {"version": _cell_version(data)}
    values = cycle(VALUES)

    def save():
        points, comment = next(values)
        entry = save_score(sheet=data.sheet, criterion=data.leaf, points=points, comment=comment,
                           expected_version=state["version"], user=data.officer)
        state["version"] = entry.version

    return measure_calls(save, options)


@case("scoring.cell_save.endpoint", target=30.0)
def cell_save_endpoint(world, options):
    data = scoring_world(world)
    client = Client()
    client.force_login(data.officer)
    url = reverse("scoring:sheet_cell", args=[data.sheet.pk, data.leaf.pk])
    state = {"version": _cell_version(data)}
    values = cycle(VALUES)

    def post():
        points, comment = next(values)
        response = client.post(url, {"points": str(points), "comment": comment, "version": str(state["version"])})
        if response.status_code != 200:
            raise BadResponse(f"POST {url} answered {response.status_code}: {response.content[:200]!r}")
        state["version"] = response.json()["entry"]["version"]

    return measure_calls(post, options)


@case("scoring.presence_poll", target=30.0)
def presence_poll(world, options):
    data = scoring_world(world)
    return measure_get(user=data.officer, url=reverse("scoring:sheet_presence", args=[data.sheet.pk]),
                       options=options)


@case("scoring.ranking_compute", target=100.0)
def ranking_compute(world, options):
    data = scoring_world(world)
    return measure_calls(lambda: compute_ranking(round=data.round, user=data.secretariat), options)
